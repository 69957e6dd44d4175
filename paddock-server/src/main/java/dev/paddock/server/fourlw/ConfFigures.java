package dev.paddock.server.fourlw;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What conf (and the admin server's configuration) report. The directories are ZooKeeper's names for them
 * ({@code <dir>/version-2}); the sizes are of what Paddock keeps there. {@code secureClientPort} is the configured
 * one (-1 when none), as zoo.cfg has it.
 */
public record ConfFigures(int clientPort, int secureClientPort, String dataDir, long dataDirSize, String dataLogDir,
        long dataLogSize,
        int tickTime, int maxClientCnxns, int minSessionTimeout, int maxSessionTimeout, int listenBacklog,
        long serverId) {

    /** ZooKeeper's standalone conf text. */
    public String text() {
        return "clientPort=" + clientPort + "\n"
                + "secureClientPort=" + secureClientPort + "\n"
                + "dataDir=" + dataDir + "\n"
                + "dataDirSize=" + dataDirSize + "\n"
                + "dataLogDir=" + dataLogDir + "\n"
                + "dataLogSize=" + dataLogSize + "\n"
                + "tickTime=" + tickTime + "\n"
                + "maxClientCnxns=" + maxClientCnxns + "\n"
                + "minSessionTimeout=" + minSessionTimeout + "\n"
                + "maxSessionTimeout=" + maxSessionTimeout + "\n"
                + "clientPortListenBacklog=" + listenBacklog + "\n"
                + "serverId=" + serverId + "\n";
    }

    /** ZooKeeperServerConf as the admin server lists it. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_port", clientPort);
        m.put("data_dir", dataDir);
        m.put("data_log_dir", dataLogDir);
        m.put("tick_time", tickTime);
        m.put("max_client_cnxns", maxClientCnxns);
        m.put("min_session_timeout", minSessionTimeout);
        m.put("max_session_timeout", maxSessionTimeout);
        m.put("server_id", serverId);
        m.put("client_port_listen_backlog", listenBacklog);
        return m;
    }

    /** dirs: the two sizes. */
    public String dirsText() {
        return "datadir_size: " + dataDirSize + "\nlogdir_size: " + dataLogSize + "\n";
    }

    public Map<String, Object> dirsJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("datadir_size", dataDirSize);
        m.put("logdir_size", dataLogSize);
        return m;
    }
}

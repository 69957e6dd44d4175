package dev.paddock.bench;

import java.util.Map;
import org.apache.zookeeper.client.ZKClientConfig;

/** One server reached over one {@link ClientTransport}: its plain port over Netty, or its TLS port. */
record TlsTarget(ServerProcess server, ClientTransport transport, TlsFiles files) implements LoadTarget {

    @Override
    public String connectString(int session) {
        return transport == ClientTransport.NETTY_TLS ? server.secureConnectString() : server.connectString();
    }

    @Override
    public double cpuSeconds() {
        return server.cpuSeconds();
    }

    @Override
    public Map<String, Double> threadCpuSeconds() {
        return server.threadCpuSeconds();
    }

    @Override
    public long rssBytes() {
        return server.rssBytes();
    }

    @Override
    public ZKClientConfig clientConfig() {
        return transport.config(files);
    }
}

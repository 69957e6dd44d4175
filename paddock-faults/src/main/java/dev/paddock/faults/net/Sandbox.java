package dev.paddock.faults.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private network for one ensemble: a bridge {@code pdk<i>br} in the root namespace at {@code 10.231.<i>.254/24}
 * and network namespaces {@code pdk<i>n1..N}, each with lo up and a veth ({@code pdk<i>v<n>} on the bridge,
 * {@code pdk<i>p<n>} inside) at {@code 10.231.<i>.<n>}. The root namespace (clients, the test) reaches every
 * server through the bridge; nothing outside the 10.231.<i>.0/24 subnet is touched.
 *
 * <p>The index {@code i} is the first one free on this machine (no owner file, bridge or namespace of that name),
 * so concurrent sandboxes never collide. {@link #close()} kills whatever still runs in the namespaces, unmounts
 * the tmpfs mounts made through {@link #mountTmpfs}, deletes namespaces (and with them their iptables rules and
 * veths) and the bridge. A JVM shutdown hook closes sandboxes left open; {@link #sweepStale()} removes those whose
 * owner process died without closing them.
 */
public final class Sandbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    /** 10.231.0.0/16: a private range nothing on a build machine is likely to use; one /24 per sandbox. */
    public static final String PREFIX = "10.231.";
    static final int MAX_INDEX = 250;
    private static final Set<Sandbox> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(Sandbox::closeQuietly),
                "paddock-sandbox-reaper"));
    }

    private final int index;
    private final int size;
    private final String name;
    private final List<Path> mounts = Collections.synchronizedList(new ArrayList<>());
    private final Firewall firewall;
    private volatile boolean closed;

    private Sandbox(int index, int size) {
        this.index = index;
        this.size = size;
        this.name = nameOf(index);
        this.firewall = new Firewall(this);
    }

    /** Creates a sandbox of {@code servers} namespaces (1..30), first removing stale sandboxes of dead owners. */
    public static Sandbox create(int servers) {
        if (servers < 1 || servers > 30) {
            throw new IllegalArgumentException("servers must be 1..30, not " + servers);
        }
        sweepStale();
        int index = StateDir.locked(() -> {
            for (int i = 1; i <= MAX_INDEX; i++) {
                if (!Files.exists(StateDir.ownerFile(nameOf(i))) && traces(i).isEmpty()) {
                    StateDir.claim(nameOf(i));
                    return i;
                }
            }
            throw new IllegalStateException("no free sandbox index in 1.." + MAX_INDEX);
        });
        Sandbox sb = new Sandbox(index, servers);
        OPEN.add(sb);
        try {
            sb.build();
        } catch (RuntimeException e) {
            sb.closeQuietly();
            throw e;
        }
        LOG.info("sandbox {} up: bridge {} at {}, {} namespaces", sb.name, sb.bridge(), sb.bridgeAddress(), servers);
        return sb;
    }

    private void build() {
        Cmd.run("ip", "link", "add", bridge(), "type", "bridge");
        Cmd.run("ip", "addr", "add", bridgeAddress() + "/24", "dev", bridge());
        Cmd.run("ip", "link", "set", bridge(), "up");
        for (int n = 1; n <= size; n++) {
            String ns = namespace(n);
            String host = name + "v" + n;
            String inner = name + "p" + n;
            Cmd.run("ip", "netns", "add", ns);
            Cmd.run("ip", "link", "add", host, "type", "veth", "peer", "name", inner, "netns", ns);
            Cmd.run("ip", "link", "set", host, "master", bridge(), "up");
            Cmd.run("ip", "-n", ns, "link", "set", "lo", "up");
            Cmd.run("ip", "-n", ns, "addr", "add", address(n) + "/24", "dev", inner);
            Cmd.run("ip", "-n", ns, "link", "set", inner, "up");
        }
    }

    static String nameOf(int index) {
        return "pdk" + index;
    }

    /** e.g. "pdk3": the prefix of every interface and namespace of this sandbox. */
    public String name() {
        return name;
    }

    public int index() {
        return index;
    }

    /** How many server namespaces (numbered 1..size). */
    public int size() {
        return size;
    }

    public String bridge() {
        return name + "br";
    }

    /** The root namespace's address on the bridge: where client connections to the servers come from. */
    public String bridgeAddress() {
        return PREFIX + index + ".254";
    }

    public String subnet() {
        return PREFIX + index + ".0/24";
    }

    public String namespace(int n) {
        check(n);
        return name + "n" + n;
    }

    /** Server {@code n}'s address, reachable from the root namespace and from every other namespace. */
    public String address(int n) {
        check(n);
        return PREFIX + index + "." + n;
    }

    /** {@code command} prefixed to run inside namespace {@code n} ({@code ip netns exec} execs it: same pid). */
    public List<String> inNamespace(int n, List<String> command) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", namespace(n)));
        out.addAll(command);
        return out;
    }

    /** Runs a short command inside namespace {@code n}; returns its stdout. */
    public String run(int n, String... command) {
        return Cmd.run(inNamespace(n, List.of(command)));
    }

    public Firewall firewall() {
        return firewall;
    }

    /** Mounts a tmpfs of {@code sizeMb} MiB on {@code dir} (created if needed); unmounted by {@link #close()}. */
    public void mountTmpfs(Path dir, int sizeMb) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + abs, e);
        }
        StateDir.locked(() -> {
            StateDir.addMount(name, abs);
            return null;
        });
        Cmd.run("mount", "-t", "tmpfs", "-o", "size=" + sizeMb + "m,mode=0755", "paddock-" + name, abs.toString());
        mounts.add(abs);
    }

    /** Unmounts a tmpfs made by {@link #mountTmpfs}; its contents are gone. */
    public void unmount(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        umount(abs);
        mounts.remove(abs);
        StateDir.locked(() -> {
            StateDir.removeMount(name, abs);
            return null;
        });
    }

    /** Removes everything this sandbox made. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            StateDir.locked(() -> {
                teardown(index, StateDir.mounts(name));
                StateDir.release(name);
                return null;
            });
            LOG.info("sandbox {} removed", name);
        } finally {
            OPEN.remove(this);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("sandbox {} not fully removed: {}", name, e.toString());
        }
    }

    /**
     * Removes every sandbox whose owner process is dead (an interrupted run) with all it made; returns their
     * names. Safe to call at any time: live owners' sandboxes are left alone.
     */
    public static List<String> sweepStale() {
        return StateDir.locked(() -> {
            List<String> swept = new ArrayList<>();
            for (String n : StateDir.names()) {
                if (!n.startsWith("pdk") || StateDir.ownerAlive(n)) {
                    continue;
                }
                int idx = Integer.parseInt(n.substring(3));
                teardown(idx, StateDir.mounts(n));
                StateDir.release(n);
                swept.add(n);
                LOG.info("swept stale sandbox {} (owner gone)", n);
            }
            return swept;
        });
    }

    /**
     * What exists of sandbox {@code index} on this machine: its namespaces, bridge and veths, and mounts listed in
     * its owner file that are still mounted. Empty when nothing is left.
     */
    public static List<String> traces(int index) {
        String prefix = nameOf(index);
        List<String> out = new ArrayList<>();
        for (String ns : namespaces(prefix)) {
            out.add("netns " + ns);
        }
        for (String link : links(prefix)) {
            out.add("link " + link);
        }
        if (Files.exists(StateDir.ownerFile(prefix))) {
            for (Path m : StateDir.mounts(prefix)) {
                if (isMounted(m)) {
                    out.add("mount " + m);
                }
            }
        }
        return out;
    }

    /** This sandbox's {@link #traces(int)}. */
    public List<String> traces() {
        return traces(index);
    }

    /** The owner file (tests use it to simulate a dead owner). */
    Path ownerFile() {
        return StateDir.ownerFile(name);
    }

    private static void teardown(int index, List<Path> mounts) {
        String prefix = nameOf(index);
        List<String> failures = new ArrayList<>();
        List<String> spaces = namespaces(prefix);
        for (String ns : spaces) {
            killAll(ns, failures);
        }
        List<Path> reversed = new ArrayList<>(mounts);
        Collections.reverse(reversed);
        for (Path m : reversed) {
            try {
                umount(m);
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        // the host ends of the veths first: deleting one end removes its peer at once, whereas a deleted
        // namespace's interfaces linger until the kernel's asynchronous cleanup gets to them
        for (String link : links(prefix)) {
            if (!link.equals(prefix + "br")) {
                attempt(failures, "ip", "link", "del", link);
            }
        }
        for (String ns : spaces) {
            attempt(failures, "ip", "netns", "del", ns);
        }
        if (Cmd.exec(List.of("ip", "link", "show", prefix + "br")).exitCode() == 0) {
            attempt(failures, "ip", "link", "del", prefix + "br");
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("sandbox " + prefix + " teardown: " + String.join("; ", failures));
        }
    }

    /** SIGKILLs every process in namespace {@code ns} and waits until they are gone. */
    private static void killAll(String ns, List<String> failures) {
        Cmd.Result r = Cmd.exec(List.of("ip", "netns", "pids", ns));
        if (r.exitCode() != 0) {
            return;
        }
        for (String pid : r.stdout().split("\\s+")) {
            if (pid.isBlank()) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(h -> {
                h.destroyForcibly();
                try {
                    h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    failures.add("process " + pid + " in " + ns + " did not die: " + e);
                }
            });
        }
    }

    private static void umount(Path m) {
        if (!isMounted(m)) {
            return;
        }
        Cmd.Result r = Cmd.exec(List.of("umount", m.toString()));
        if (r.exitCode() != 0) {
            // a process outside the namespaces still holds it: detach now, the kernel frees it when released
            Cmd.run("umount", "-l", m.toString());
        }
    }

    private static boolean isMounted(Path m) {
        try {
            String target = " " + m.toAbsolutePath().normalize() + " ";
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.contains(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mounts", e);
        }
    }

    /** The root namespace's interfaces of sandbox {@code prefix}: its bridge and the host ends of its veths. */
    private static List<String> links(String prefix) {
        List<String> out = new ArrayList<>();
        for (String link : Cmd.run("ip", "-o", "link", "show").lines().toList()) {
            String[] f = link.split(":\\s+", 3);
            if (f.length > 1) {
                String ifname = f[1].split("@")[0].trim();
                if (ifname.matches(prefix + "(br|v\\d+)")) {
                    out.add(ifname);
                }
            }
        }
        return out;
    }

    private static List<String> namespaces(String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : Cmd.run("ip", "netns", "list").lines().toList()) {
            String ns = line.split("\\s+")[0];
            if (ns.matches(prefix + "n\\d+")) {
                out.add(ns);
            }
        }
        return out;
    }

    private static void attempt(List<String> failures, String... command) {
        Cmd.Result r = Cmd.exec(List.of(command));
        if (r.exitCode() != 0) {
            failures.add(new CommandException(List.of(command), r.exitCode(), r.stderr()).getMessage());
        }
    }

    private void check(int n) {
        if (n < 1 || n > size) {
            throw new IllegalArgumentException("server " + n + " is not in 1.." + size);
        }
    }

    @Override
    public String toString() {
        return "sandbox " + name + " (" + subnet() + ", " + size + " namespaces)";
    }
}

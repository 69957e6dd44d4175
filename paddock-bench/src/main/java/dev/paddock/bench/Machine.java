package dev.paddock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the benchmark ran on. */
final class Machine {
    private Machine() {
    }

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("cpu", grep(Path.of("/proc/cpuinfo"), "model name"));
        String mem = grep(Path.of("/proc/meminfo"), "MemTotal");
        try {
            long kb = Long.parseLong(mem.replaceAll("[^0-9]", ""));
            mem = String.format("%.1f GiB", kb / 1024.0 / 1024.0);
        } catch (RuntimeException e) {
            // keep as is
        }
        m.put("memory", mem);
        m.put("os", osName() + " (kernel " + System.getProperty("os.version") + ", " + System.getProperty("os.arch") + ")");
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        m.put("load average (1/5/15 min) at start", loadAverage());
        return m;
    }

    /** The first three fields of /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String osName() {
        String pretty = grep(Path.of("/etc/os-release"), "PRETTY_NAME");
        return pretty.isEmpty() ? System.getProperty("os.name") : pretty.replace("\"", "");
    }

    private static String grep(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    int i = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('=');
                    return line.substring(i + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "";
    }
}

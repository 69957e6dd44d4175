package dev.paddock.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class path a server's JVM gets, made from the benchmark's own: each server runs as from its own distribution,
 * its own jars first and the other server's left out. Directories (the benchmark's classes, with the servers'
 * logback file) come first for ZooKeeper and last for Paddock, as its launcher puts its config directory (a class
 * data sharing archive may have no directory with files in it before its last jar); a {@code dir/*} entry is
 * expanded in name order.
 *
 * <p>One shared class path handed both servers whatever order the directory listing gave: ZooKeeper's two jars came
 * 2nd and 3rd, Paddock's 15th to 50th of 52, so every Paddock class lookup first searched up to 37 other jars and
 * ZooKeeper's none (start-up varies too much from run to run on the 2-core machine to put a figure on it).
 */
final class ServerClasspath {
    private ServerClasspath() {
    }

    /** The jar-name prefix of a server's own jars. */
    private static String ownPrefix(ServerKind kind) {
        return kind == ServerKind.PADDOCK ? "paddock-" : "zookeeper-";
    }

    static String of(ServerKind kind, String classpath) {
        String own = ownPrefix(kind);
        String other = ownPrefix(kind == ServerKind.PADDOCK ? ServerKind.ZOOKEEPER : ServerKind.PADDOCK);
        List<String> dirs = new ArrayList<>();
        List<String> mine = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String entry : expand(classpath)) {
            Path file = Path.of(entry).getFileName();
            String name = file == null ? entry : file.toString();
            if (!name.endsWith(".jar")) {
                dirs.add(entry);
            } else if (name.startsWith(own)) {
                mine.add(entry);
            } else if (!name.startsWith(other)) {
                rest.add(entry);
            }
        }
        List<String> all = new ArrayList<>();
        if (kind == ServerKind.ZOOKEEPER) {
            all.addAll(dirs);
        }
        all.addAll(mine);
        all.addAll(rest);
        if (kind == ServerKind.PADDOCK) {
            all.addAll(dirs); // after the jars, as bin/paddock-server puts its config directory: see ClassDataArchive
        }
        return String.join(File.pathSeparator, all);
    }

    /** The entries, with each {@code dir/*} replaced by the jars in dir sorted by name (as java would, but ordered). */
    static List<String> expand(String classpath) {
        List<String> out = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*") || entry.endsWith(File.separator + "*")) {
                String dir = entry.substring(0, entry.length() - 1);
                try (Stream<Path> files = Files.list(Path.of(dir.isEmpty() ? "." : dir))) {
                    files.map(Path::toString).filter(f -> f.endsWith(".jar") || f.endsWith(".JAR")).sorted()
                            .forEach(out::add);
                } catch (IOException e) {
                    out.add(entry); // let java report it
                }
            } else {
                out.add(entry);
            }
        }
        return out;
    }
}

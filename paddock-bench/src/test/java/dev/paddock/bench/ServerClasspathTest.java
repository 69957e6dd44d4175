package dev.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerClasspathTest {
    @TempDir
    Path lib;

    @Test
    void eachServerGetsItsOwnJarsFirstAndNoneOfTheOthers() throws Exception {
        for (String jar : List.of("xchart-3.8.8.jar", "zookeeper-jute-3.9.3.jar", "paddock-storage-0.1.0.jar",
                "netty-common-4.1.115.Final.jar", "zookeeper-3.9.3.jar", "paddock-core-0.1.0.jar", "notes.txt")) {
            Files.createFile(lib.resolve(jar));
        }
        String classes = lib.resolveSibling("classes").toString();
        String cp = classes + File.pathSeparator + lib + File.separator + "*";

        assertThat(names(ServerClasspath.of(ServerKind.PADDOCK, cp))).containsExactly(
                "paddock-core-0.1.0.jar", "paddock-storage-0.1.0.jar", "netty-common-4.1.115.Final.jar",
                "xchart-3.8.8.jar", "classes");
        assertThat(names(ServerClasspath.of(ServerKind.ZOOKEEPER, cp))).containsExactly("classes",
                "zookeeper-3.9.3.jar", "zookeeper-jute-3.9.3.jar", "netty-common-4.1.115.Final.jar",
                "xchart-3.8.8.jar");
    }

    @Test
    void explicitEntriesAreKeptInTheirOrderWithinTheirGroupPaddocksDirectoriesLast() {
        String cp = String.join(File.pathSeparator, "/a/netty.jar", "/b/paddock-server.jar", "/c/target/classes",
                "/d/paddock-core.jar", "/e/zookeeper-3.9.3.jar");
        assertThat(ServerClasspath.of(ServerKind.PADDOCK, cp).split(File.pathSeparator)).containsExactly(
                "/b/paddock-server.jar", "/d/paddock-core.jar", "/a/netty.jar", "/c/target/classes");
        assertThat(ServerClasspath.of(ServerKind.ZOOKEEPER, cp).split(File.pathSeparator)).containsExactly(
                "/c/target/classes", "/e/zookeeper-3.9.3.jar", "/a/netty.jar");
    }

    private static List<String> names(String classpath) {
        return java.util.Arrays.stream(classpath.split(File.pathSeparator))
                .map(e -> Path.of(e).getFileName().toString()).toList();
    }
}

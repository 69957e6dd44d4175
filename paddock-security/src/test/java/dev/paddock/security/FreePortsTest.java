package dev.paddock.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortsTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheStartOfTheKernelsRangeForOutgoingConnections() throws IOException {
        Path f = Files.writeString(tmp.resolve("range"), "32768\t60999\n");
        assertThat(FreePorts.ephemeralLow(f)).isEqualTo(32768);
        assertThat(FreePorts.ephemeralLow(Files.writeString(tmp.resolve("bad"), "lots\n"))).isZero();
        assertThat(FreePorts.ephemeralLow(tmp.resolve("missing"))).isZero();
    }

    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRangeWhereItIsKnown() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int low = FreePorts.ephemeralLow(range);
        if (Files.isReadable(range)) {
            assertThat(low).as("the kernel's range read whole (it starts at 1024 or above)").isGreaterThanOrEqualTo(1024);
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.next();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            if (low > FreePorts.LOWEST + 1000) {
                assertThat(port).isBetween(FreePorts.LOWEST, low - 1);
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }
}

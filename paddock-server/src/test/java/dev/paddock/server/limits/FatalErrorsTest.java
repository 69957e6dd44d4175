package dev.paddock.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {
    @BeforeEach
    void noHalt() {
        System.setProperty(FatalErrors.NO_HALT_PROPERTY, "true");
    }

    @AfterEach
    void clear() {
        System.clearProperty(FatalErrors.NO_HALT_PROPERTY);
    }

    /** Netty's own direct-memory error (its constructor is package-private). */
    static OutOfMemoryError nettyOutOfDirectMemory() throws Exception {
        Class<?> c = Class.forName("io.netty.util.internal.OutOfDirectMemoryError");
        Constructor<?> k = c.getDeclaredConstructor(String.class);
        k.setAccessible(true);
        return (OutOfMemoryError) k.newInstance("failed to allocate 16777216 byte(s) of direct memory");
    }

    @Test
    void anOutOfMemoryErrorAnywhereInTheCauseChainIsFatal() throws Exception {
        assertThat(FatalErrors.isFatal(new OutOfMemoryError("Java heap space"))).isTrue();
        assertThat(FatalErrors.isFatal(new OutOfMemoryError("Cannot reserve 65536 bytes of direct buffer memory")))
                .isTrue();
        assertThat(FatalErrors.isFatal(nettyOutOfDirectMemory())).isTrue();
        assertThat(FatalErrors.isFatal(new RuntimeException("decode", new IllegalStateException("x",
                nettyOutOfDirectMemory())))).isTrue();
    }

    @Test
    void otherThrowablesAreNot() {
        assertThat(FatalErrors.isFatal(null)).isFalse();
        assertThat(FatalErrors.isFatal(new IOException("Connection reset by peer"))).isFalse();
        assertThat(FatalErrors.isFatal(new StackOverflowError())).isFalse();
        assertThat(FatalErrors.isFatal(new UncheckedIOException(new IOException("x")))).isFalse();
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b); // a cycle ends the walk
        assertThat(FatalErrors.isFatal(a)).isFalse();
    }

    @Test
    void withHaltingOffItReportsAndReturns() throws Exception {
        assertThat(FatalErrors.haltOnFatal(new IOException("reset"), "test")).isFalse();
        assertThat(FatalErrors.haltOnFatal(new RuntimeException(nettyOutOfDirectMemory()), "test")).isTrue();
    }

    /** Run in a child JVM by {@link #aFatalErrorHaltsTheJvmWithStatusOneAndNoShutdownHooks}. */
    public static final class HaltingMain {
        public static void main(String[] args) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
            FatalErrors.haltOnFatal(new IOException("not fatal"), "child");
            System.out.println("still running");
            FatalErrors.haltOnFatal(new RuntimeException("wrapped", new OutOfMemoryError("direct buffer memory")),
                    "child");
            System.out.println("not halted");
        }
    }

    @Test
    void aFatalErrorHaltsTheJvmWithStatusOneAndNoShutdownHooks() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HaltingMain.class.getName()).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isEqualTo(1);
            assertThat(out).contains("still running")
                    .contains("Out of memory in child: java.lang.RuntimeException: wrapped; halting the server")
                    .doesNotContain("not halted")
                    .doesNotContain("shutdown hook ran");
        } finally {
            p.destroyForcibly();
        }
    }
}

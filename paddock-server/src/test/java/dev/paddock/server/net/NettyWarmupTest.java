package dev.paddock.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NettyWarmupTest {

    @Test
    void theWarmUpEndsLeavesNoThreadBehindAndCanBeStartedOnce() {
        NettyWarmup.start();
        NettyWarmup.start(); // a second start is a no-op
        NettyWarmup.await();

        assertThat(NettyWarmup.finished()).isTrue();
        assertThat(threadNames()).doesNotContain("paddock-netty-warmup");
        // the loop's thread completes its termination future a moment before it exits
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(threadNames()).doesNotContain("paddock-netty-warmup-loop"));
        NettyWarmup.await(); // returns at once once ended
    }

    private static java.util.List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
    }
}

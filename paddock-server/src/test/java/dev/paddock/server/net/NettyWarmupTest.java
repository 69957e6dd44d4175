package dev.paddock.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NettyWarmupTest {

    @Test
    void theWarmUpEndsLeavesNoThreadBehindAndCanBeStartedOnce() {
        NettyWarmup.start();
        NettyWarmup.start(); // a second start is a no-op
        NettyWarmup.await();

        assertThat(NettyWarmup.finished()).isTrue();
        Set<Thread> threads = Thread.getAllStackTraces().keySet();
        assertThat(threads).extracting(Thread::getName)
                .noneMatch(n -> n.equals("paddock-netty-warmup") || n.equals("paddock-netty-warmup-loop"));
        NettyWarmup.await(); // returns at once once ended
    }
}

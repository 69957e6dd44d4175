package dev.paddock.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.bench.ServerKind;
import dev.paddock.bench.Settings;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #15's proof: each attack against a fresh ZooKeeper 3.9.3 and a fresh Paddock (child JVMs, real sockets,
 * ephemeral ports; {@link OverloadRun} closes every process and connection, also on failure), with a good client
 * writing every 20 ms. For Paddock: no errors for the good client, its p99 under attack within
 * max(5 x its idle p99, 250 ms), no OutOfMemoryError, RSS growth under 300 MiB (640 MiB with 1 MB requests),
 * healthy afterwards (ruok and a read within 15 s); and no worse than ZooKeeper: errors at most ZooKeeper's, p99 at
 * most 2 x ZooKeeper's + 50 ms, RSS growth at most 2 x ZooKeeper's + 100 MiB. Throughput is never asserted. Both
 * servers' figures are printed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OverloadTest {
    private static final OverloadPlan PLAN = OverloadPlan.test();
    private static final String CLASSPATH = System.getProperty("java.class.path");
    private static final long MIB = 1024 * 1024;
    /** Peak RSS growth allowed under a 3 s attack; measured under 5 s attacks: slow reader +3 MiB, the others +1..+231 MiB. */
    private static final long RSS_BOUND = 300 * MIB;
    /**
     * Under 1 MB requests G1 commits heap for humongous objects: measured Paddock +184..+424 MiB, ZooKeeper
     * +421..+1,488 MiB on the same attack (-Xmx2g for both); the bound is a leak catcher, not a target.
     */
    private static final long LARGE_REQUESTS_RSS_BOUND = 640 * MIB;

    @Test
    void slowReaderDoesNotHurtTheGoodClient() throws Exception {
        compare("slow reader", RSS_BOUND);
    }

    @Test
    void writeFloodFromManySessionsDoesNotHurtTheGoodClient() throws Exception {
        compare("write flood", RSS_BOUND);
    }

    @Test
    void connectionStormDoesNotHurtTheGoodClient() throws Exception {
        compare("connection storm", RSS_BOUND);
    }

    @Test
    void watchHoarderDoesNotHurtTheGoodClient() throws Exception {
        compare("watch hoarder", RSS_BOUND);
    }

    @Test
    void largeAndOversizedRequestsDoNotHurtTheGoodClient() throws Exception {
        OverloadResult paddock = compare("large requests", LARGE_REQUESTS_RSS_BOUND);
        assertThat(paddock.attackDid()).as("every oversized frame closes its connection, and there were some")
                .matches("[1-9][0-9]* oversized connections closed by the server, 0 not closed;.*");
    }

    private static OverloadResult compare(String attack, long rssBound) throws Exception {
        OverloadResult zk = OverloadRun.run(ServerKind.ZOOKEEPER, CLASSPATH, Settings.JVM_FLAGS, PLAN, attack);
        System.out.println("[overload] " + zk.summary());
        OverloadResult pd = OverloadRun.run(ServerKind.PADDOCK, CLASSPATH, Settings.JVM_FLAGS, PLAN, attack);
        System.out.println("[overload] " + pd.summary());

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(zk.underAttack().ops()).as("ZooKeeper: the harness measured the good client").isPositive();
        LatencyStats idle = pd.idle();
        LatencyStats under = pd.underAttack();
        soft.assertThat(under.ops()).as("Paddock: good client ops under attack").isPositive();
        soft.assertThat(under.errors()).as("Paddock: good client errors (first: %s)", under.firstError()).isZero();
        soft.assertThat(under.errors()).as("Paddock errors vs ZooKeeper's").isLessThanOrEqualTo(zk.underAttack().errors());
        double bound = Math.max(5 * idle.p99Ms(), 250);
        soft.assertThat(under.p99Ms()).as("Paddock: p99 under attack vs max(5 x idle p99 %.1f ms, 250 ms)",
                idle.p99Ms()).isLessThanOrEqualTo(bound);
        soft.assertThat(under.p99Ms()).as("Paddock p99 vs 2 x ZooKeeper's p99 (%.1f ms) + 50 ms",
                zk.underAttack().p99Ms()).isLessThanOrEqualTo(2 * zk.underAttack().p99Ms() + 50);
        soft.assertThat(pd.outOfMemoryLines()).as("Paddock: OutOfMemoryError lines in the log").isZero();
        soft.assertThat(pd.rssGrowthBytes()).as("Paddock: RSS growth under attack").isLessThan(rssBound);
        soft.assertThat(pd.rssGrowthBytes()).as("Paddock RSS growth vs 2 x ZooKeeper's (%d MiB) + 100 MiB",
                zk.rssGrowthBytes() / MIB).isLessThanOrEqualTo(2 * Math.max(0, zk.rssGrowthBytes()) + 100 * MIB);
        soft.assertThat(pd.healthyAfter()).as("Paddock healthy after the attack: %s", pd.healthDetail()).isTrue();
        soft.assertAll();
        return pd;
    }
}

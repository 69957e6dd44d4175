package dev.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocPerOpTest {

    @Test
    void paddocksAllocationPerRequestIsMeasuredForEachOperation() throws Exception {
        Map<String, Long> perOp = AllocPerOp.measure(false, 2_000);

        assertThat(perOp).containsOnlyKeys("getData", "create", "setData", "multi (2 x setData)");
        // a request is decoded into objects and answered from them: never free, never megabytes
        assertThat(perOp.values()).allSatisfy(bytes -> assertThat(bytes).isBetween(16L, 1L << 20));
        assertThat(perOp.get("create")).as("a create also makes the node and its log record")
                .isGreaterThan(perOp.get("getData"));
    }
}

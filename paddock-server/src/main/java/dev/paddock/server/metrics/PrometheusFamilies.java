package dev.paddock.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ZooKeeper's metrics as the Prometheus client's model: what ZooKeeper 3.9.3's PrometheusMetricsProvider
 * registers, with its names, types, help texts (the name itself) and labels. Gauges and counters are one sample
 * each; a summary has {@code quantile="0.5"} (plus 0.9 and 0.99 when ZooKeeper registers it as ADVANCED),
 * {@code _count} and {@code _sum}; a summary set labels its samples {@code key} first; sets without keys are
 * families without samples, as the client writes them.
 */
final class PrometheusFamilies {
    private static final List<String> KEY = List.of("key");
    private static final List<String> QUANTILE = List.of("quantile");
    private static final List<String> KEY_QUANTILE = List.of("key", "quantile");
    private static final double[] BASIC_QUANTILES = {0.5};
    private static final double[] ADVANCED_QUANTILES = {0.5, 0.9, 0.99};

    private PrometheusFamilies() {
    }

    /**
     * @param gauges the gauges the server's role reports (Monitor.gauges), or null when it does not serve (an
     *               ensemble member looking for a leader: ZooKeeper has unregistered them then)
     */
    static List<MetricFamilySamples> of(ServerMetrics metrics, Map<String, Object> gauges) {
        List<MetricFamilySamples> out = new ArrayList<>();
        if (gauges != null) {
            for (MetricsCatalog.Def d : MetricsCatalog.ALL) {
                if (d.kind() == MetricsCatalog.Kind.GAUGE && gauges.containsKey(d.name())) {
                    Object v = gauges.get(d.name());
                    double value = v instanceof Number n ? n.doubleValue() : 0;
                    out.add(family(d.name(), Collector.Type.GAUGE, List.of(sample(d.name(), value))));
                } else if (d.kind() == MetricsCatalog.Kind.GAUGE_SET) {
                    out.add(family(d.name(), Collector.Type.GAUGE, List.of()));
                }
            }
        }
        metrics.forEachCounter((name, c) -> out.add(family(name, Collector.Type.COUNTER,
                List.of(sample(name, c.get())))));
        for (String name : metrics.counterSetNames()) {
            out.add(family(name, Collector.Type.COUNTER, List.of()));
        }
        metrics.forEachSummary(s -> {
            List<Sample> samples = new ArrayList<>();
            summarySamples(s.name(), null, s, samples);
            out.add(family(s.name(), Collector.Type.SUMMARY, samples));
        });
        metrics.forEachSummarySet(set -> {
            List<Sample> samples = new ArrayList<>();
            set.byKey().forEach((key, s) -> summarySamples(set.name(), key, s, samples));
            out.add(family(set.name(), Collector.Type.SUMMARY, samples));
        });
        return out;
    }

    private static void summarySamples(String name, String key, Summary s, List<Sample> out) {
        Summary.Snapshot snap = s.snapshot();
        for (double q : s.advanced() ? ADVANCED_QUANTILES : BASIC_QUANTILES) {
            String label = Collector.doubleToGoString(q);
            out.add(key == null ? new Sample(name, QUANTILE, List.of(label), snap.nearestRank(q))
                    : new Sample(name, KEY_QUANTILE, List.of(key, label), snap.nearestRank(q)));
        }
        out.add(key == null ? sample(name + "_count", snap.count())
                : new Sample(name + "_count", KEY, List.of(key), snap.count()));
        out.add(key == null ? sample(name + "_sum", snap.sum())
                : new Sample(name + "_sum", KEY, List.of(key), snap.sum()));
    }

    private static Sample sample(String name, double value) {
        return new Sample(name, List.of(), List.of(), value);
    }

    private static MetricFamilySamples family(String name, Collector.Type type, List<Sample> samples) {
        return new MetricFamilySamples(name, type, name, samples);
    }
}

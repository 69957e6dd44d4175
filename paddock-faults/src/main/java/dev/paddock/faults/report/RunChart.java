package dev.paddock.faults.report;

import dev.paddock.faults.nemesis.FaultEvent;
import dev.paddock.faults.nemesis.FaultKind;
import dev.paddock.faults.run.RunResult;
import dev.paddock.faults.run.Sample;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A run's {@code run.png}: four panels sharing the time axis (seconds since the run's start): operations per second
 * by outcome, latency (p50, p99, max; logarithmic), errors per second (fail + unknown), and a fault lane with one row
 * per kind. Every fault is also shaded, in its kind's colour, across the three upper panels, so a dip or a spike can
 * be read against the fault that caused it.
 */
final class RunChart {
    static final int WIDTH = 1200;
    static final int HEIGHT = 900;
    private static final Color OK = new Color(0x2CA02C);
    private static final Color FAIL = new Color(0xD62728);
    private static final Color UNKNOWN = new Color(0xFF7F0E);

    private final RunResult run;
    private final List<Sample> samples;
    private final double end;

    private RunChart(RunResult run) {
        this.run = run;
        List<Sample> s = new ArrayList<>(run.samples());
        s.sort(Comparator.comparingLong(Sample::second));
        this.samples = s.isEmpty() ? List.of(new Sample(0, 0, 0, 0, 0, 0, 0)) : s;
        this.end = endSeconds(run, this.samples);
    }

    static void write(RunResult run, Path file) throws IOException {
        Headless.ensure();
        new RunChart(run).stack().write(file);
    }

    private PanelStack stack() {
        List<String> kinds = laneKinds();
        int lane = Math.max(100, 56 + 22 * Math.max(1, kinds.size()));
        int rest = HEIGHT - lane;
        int top = rest * 38 / 100;
        int latency = rest * 34 / 100;
        return new PanelStack(WIDTH)
                .add(throughput(top), top)
                .add(latency(latency), latency)
                .add(errors(rest - top - latency), rest - top - latency)
                .add(lane(kinds, lane), lane);
    }

    private XYChart throughput(int height) {
        XYChart c = panel(height, "ops / s");
        c.setTitle(title());
        c.getStyler().setChartTitleVisible(true);
        line(c, "ok", OK, Sample::ok);
        line(c, "fail", FAIL, Sample::fail);
        line(c, "unknown", UNKNOWN, Sample::unknown);
        shade(c);
        return c;
    }

    private XYChart latency(int height) {
        XYChart c = panel(height, "latency (ms)");
        boolean log = samples.stream().anyMatch(s -> s.maxMillis() > 0);
        c.getStyler().setYAxisLogarithmic(log);
        // a second with no completed operation has no latency: a gap on the log axis, not a zero
        line(c, "p50", new Color(0x1F77B4), s -> positive(s.p50Millis(), log));
        line(c, "p99", new Color(0x9467BD), s -> positive(s.p99Millis(), log));
        line(c, "max", new Color(0x7F7F7F), s -> positive(s.maxMillis(), log));
        shade(c);
        return c;
    }

    private XYChart errors(int height) {
        XYChart c = panel(height, "errors / s");
        XYSeries s = line(c, "fail + unknown", FAIL, x -> x.fail() + x.unknown());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        s.setFillColor(new Color(0xD6, 0x27, 0x28, 90));
        shade(c);
        return c;
    }

    private XYChart lane(List<String> kinds, int height) {
        XYChart c = panel(height, "faults");
        c.getStyler().setXAxisTitleVisible(true);
        c.getStyler().setYAxisTicksVisible(false);
        c.getStyler().setPlotGridHorizontalLinesVisible(false);
        c.getStyler().setLegendVisible(false);
        List<String> rows = kinds.isEmpty() ? List.of("no faults") : kinds;
        c.getStyler().setYAxisMin(-0.6);
        c.getStyler().setYAxisMax(rows.size() - 0.4);
        // an invisible series with a point every second: XChart labels the x axis of a series of two points with
        // those two points only; this gives the lane the same ticks as the panels above
        int points = (int) end + 1;
        double[] xs = new double[points];
        double[] ys = new double[points];
        for (int i = 0; i < points; i++) {
            xs[i] = i;
            ys[i] = -0.5;
        }
        XYSeries frame = c.addSeries("frame", xs, ys);
        frame.setLineColor(new Color(0, 0, 0, 0));
        frame.setMarker(SeriesMarkers.NONE);
        frame.setShowInLegend(false);
        for (FaultEvent f : run.faults()) {
            int row = rows.indexOf(f.kind());
            if (row >= 0) {
                c.addAnnotation(new FaultBand(startSec(f), endSec(f), FaultColors.of(f.kind()), row - 0.32,
                        row + 0.32));
            }
        }
        c.addAnnotation(new LaneLabels(rows));
        return c;
    }

    private XYChart panel(int height, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(height).xAxisTitle("seconds since the run's start")
                .yAxisTitle(yTitle).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setChartTitleVisible(false);
        c.getStyler().setXAxisTitleVisible(false);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendBorderColor(Color.WHITE);
        c.getStyler().setChartPadding(6);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(end);
        c.getStyler().setXAxisDecimalPattern("#,##0");
        return c;
    }

    private XYSeries line(XYChart c, String name, Color colour, ToDoubleFunction<Sample> y) {
        double[] xs = new double[samples.size()];
        double[] ys = new double[samples.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = samples.get(i).second();
            ys[i] = y.applyAsDouble(samples.get(i));
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        return s;
    }

    private void shade(XYChart c) {
        for (FaultEvent f : run.faults()) {
            c.addAnnotation(new FaultBand(startSec(f), endSec(f), FaultColors.band(f.kind())));
        }
    }

    private String title() {
        return "seed " + run.seed() + " · " + run.system() + " · " + run.servers() + " servers · nemesis "
                + run.nemesis() + " · " + run.operations() + " ops, " + run.unknown() + " unknown · "
                + (run.ok() ? "PASS" : "FAIL");
    }

    /** The kinds that occurred plus those the nemesis had enabled (an empty row says "enabled, never injected"). */
    private List<String> laneKinds() {
        Set<String> kinds = new LinkedHashSet<>();
        run.faults().forEach(f -> kinds.add(f.kind()));
        try {
            FaultKind.parse(run.nemesis() == null ? "" : run.nemesis()).forEach(k -> kinds.add(k.label));
        } catch (IllegalArgumentException unknownLabel) {
            // a nemesis spec from another version: show what actually happened only
        }
        return FaultCounts.order(kinds);
    }

    private static double positive(double v, boolean log) {
        return log && v <= 0 ? Double.NaN : v;
    }

    private double startSec(FaultEvent f) {
        return f.startNanos() / 1e9;
    }

    /** A fault never healed (end not after start) lasts to the end of the chart. */
    private double endSec(FaultEvent f) {
        return f.endNanos() > f.startNanos() ? f.endNanos() / 1e9 : end;
    }

    private static double endSeconds(RunResult run, List<Sample> samples) {
        double end = Math.max(1, run.durationMillis() / 1000.0);
        end = Math.max(end, samples.get(samples.size() - 1).second() + 1);
        for (FaultEvent f : run.faults()) {
            end = Math.max(end, Math.max(f.startNanos(), f.endNanos()) / 1e9);
        }
        return Math.ceil(end);
    }
}

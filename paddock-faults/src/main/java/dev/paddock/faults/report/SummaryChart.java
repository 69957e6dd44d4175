package dev.paddock.faults.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * A run set's {@code summary.png} (1200 x 900): three bar charts over the runs (numbered as in summary.md):
 * faults injected, stacked by kind; operations, red where the run failed; unknown outcomes.
 */
final class SummaryChart {
    static final int WIDTH = 1200;
    static final int PANEL_HEIGHT = 300;
    private static final Color PASSED = new Color(0x2CA02C);
    private static final Color FAILED = new Color(0xD62728);
    private static final Color UNKNOWN = new Color(0xFF7F0E);

    private final List<RunSetSummary.Row> rows;
    private final List<String> labels = new ArrayList<>();

    private SummaryChart(RunSetSummary s) {
        this.rows = s.runs();
        rows.forEach(r -> labels.add(String.valueOf(r.index())));
    }

    static void write(RunSetSummary s, Path file) throws IOException {
        Headless.ensure();
        SummaryChart c = new SummaryChart(s);
        BitmapEncoder.saveBitmap(List.of(c.faults(), c.operations(), c.unknown()), 3, 1, file.toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    private CategoryChart faults() {
        CategoryChart c = panel("Faults injected per run, by kind", "faults");
        Set<String> kinds = new LinkedHashSet<>();
        rows.forEach(r -> kinds.addAll(r.faults().keySet()));
        if (kinds.isEmpty()) {
            bars(c, "no faults", Color.LIGHT_GRAY, r -> 0);
        }
        for (String kind : FaultCounts.order(kinds)) {
            bars(c, kind, FaultColors.of(kind), r -> r.faults().getOrDefault(kind, 0L));
        }
        return c;
    }

    private CategoryChart operations() {
        CategoryChart c = panel("Operations per run (red: the run failed a check)", "operations");
        bars(c, "passed run", PASSED, r -> r.passed() ? r.operations() : 0);
        bars(c, "failed run", FAILED, r -> r.passed() ? 0 : r.operations());
        return c;
    }

    private CategoryChart unknown() {
        CategoryChart c = panel("Operations with an unknown outcome per run", "unknown");
        c.setXAxisTitle("run (# in summary.md)");
        c.getStyler().setXAxisTitleVisible(true);
        bars(c, "unknown", UNKNOWN, RunSetSummary.Row::unknown);
        return c;
    }

    private CategoryChart panel(String title, String yTitle) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("").yAxisTitle(yTitle).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendBorderColor(Color.WHITE);
        c.getStyler().setXAxisTitleVisible(false);
        c.getStyler().setStacked(true);
        c.getStyler().setAvailableSpaceFill(0.7);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisDecimalPattern("#,##0");
        c.getStyler().setChartPadding(6);
        if (labels.size() > 30) {
            c.getStyler().setXAxisLabelRotation(90);
        }
        return c;
    }

    private void bars(CategoryChart c, String name, Color colour, ToDoubleFunction<RunSetSummary.Row> y) {
        List<String> xs = labels.isEmpty() ? List.of("no runs") : labels;
        List<Double> ys = new ArrayList<>();
        rows.forEach(r -> ys.add(y.applyAsDouble(r)));
        if (ys.isEmpty()) {
            ys.add(0.0);
        }
        CategorySeries s = c.addSeries(name, xs, ys);
        s.setFillColor(colour);
    }
}

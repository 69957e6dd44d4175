package dev.paddock.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class PanelStackTest {
    private static final Color BAND = new Color(0x12, 0x34, 0xEE);

    @Test
    void bandsAtTheSameTimeCoverTheSameColumnsInPanelsWithDifferentAxisLabels() {
        Headless.ensure();
        // y labels of very different widths (1 vs 10,000,000) and legends of different widths
        XYChart narrow = chart("a", 1);
        XYChart wide = chart("a much longer series name", 10_000_000);
        narrow.addAnnotation(new FaultBand(20, 40, BAND));
        wide.addAnnotation(new FaultBand(20, 40, BAND));
        BufferedImage img = new PanelStack(1000).add(narrow, 300).add(wide, 300).render();

        assertThat(img.getWidth()).isEqualTo(1000);
        assertThat(img.getHeight()).isEqualTo(600);
        int[] top = bandColumns(img, 150);
        int[] bottom = bandColumns(img, 450);
        assertThat(top[0]).isPositive();
        assertThat(top[1] - top[0]).isGreaterThan(100); // a fifth of the plot, several hundred pixels wide
        assertThat(bottom[0]).isCloseTo(top[0], org.assertj.core.data.Offset.offset(1));
        assertThat(bottom[1]).isCloseTo(top[1], org.assertj.core.data.Offset.offset(1));
    }

    private static XYChart chart(String series, double scale) {
        XYChart c = new XYChartBuilder().width(1000).height(300).build();
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(100.0);
        c.addSeries(series, new double[] {0, 100}, new double[] {0, scale});
        return c;
    }

    /** First and last column of row {@code y} painted in the band's colour. */
    private static int[] bandColumns(BufferedImage img, int y) {
        int first = -1;
        int last = -1;
        for (int x = 0; x < img.getWidth(); x++) {
            if ((img.getRGB(x, y) & 0xFFFFFF) == (BAND.getRGB() & 0xFFFFFF)) {
                first = first < 0 ? x : first;
                last = x;
            }
        }
        return new int[] {first, last};
    }
}

package dev.paddock.faults.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;

/**
 * Several XY charts drawn one above the other into one image, with their plot areas aligned: each chart is painted
 * once to learn its margins (axis labels and legends differ in width), then again narrower and shifted so every
 * plot starts and ends at the same pixel column; a time axis then means the same x everywhere.
 */
final class PanelStack {
    private final int width;
    private final List<XYChart> charts = new ArrayList<>();
    private final List<Integer> heights = new ArrayList<>();

    PanelStack(int width) {
        this.width = width;
    }

    PanelStack add(XYChart chart, int height) {
        charts.add(chart);
        heights.add(height);
        return this;
    }

    BufferedImage render() {
        int n = charts.size();
        int[] leftMargin = new int[n];
        int[] rightMargin = new int[n];
        int maxLeft = 0;
        int maxRight = 0;
        for (int i = 0; i < n; i++) {
            PlotProbe probe = new PlotProbe();
            charts.get(i).addAnnotation(probe);
            paint(charts.get(i), width, heights.get(i));
            leftMargin[i] = probe.left;
            rightMargin[i] = width - probe.right;
            maxLeft = Math.max(maxLeft, leftMargin[i]);
            maxRight = Math.max(maxRight, rightMargin[i]);
        }
        int total = heights.stream().mapToInt(Integer::intValue).sum();
        BufferedImage out = new BufferedImage(width, total, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, total);
        int y = 0;
        for (int i = 0; i < n; i++) {
            int shift = maxLeft - leftMargin[i];
            int w = width - shift - (maxRight - rightMargin[i]);
            g.drawImage(paint(charts.get(i), w, heights.get(i)), shift, y, null);
            y += heights.get(i);
        }
        g.dispose();
        return out;
    }

    void write(Path file) throws IOException {
        ImageIO.write(render(), "png", file.toFile());
    }

    private static BufferedImage paint(XYChart chart, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        chart.paint(g, w, h);
        g.dispose();
        return img;
    }
}

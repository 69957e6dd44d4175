package dev.paddock.faults.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * A shaded vertical band over an XY plot from {@code startSec} to {@code endSec} (data space), the full height of the
 * plot, or only between {@code yLow} and {@code yHigh} when those are given (the fault lane's rows). XChart has no
 * range annotation of its own; this one uses the plot's own axis transform, so it lines up with the series.
 */
final class FaultBand extends Annotation {
    private final double startSec;
    private final double endSec;
    private final Color fill;
    private final double yLow;
    private final double yHigh;

    /** A band over the whole height of the plot. */
    FaultBand(double startSec, double endSec, Color fill) {
        this(startSec, endSec, fill, Double.NaN, Double.NaN);
    }

    /** A band over one row, from {@code yLow} to {@code yHigh} in data space. */
    FaultBand(double startSec, double endSec, Color fill, double yLow, double yHigh) {
        super(false);
        this.startSec = startSec;
        this.endSec = endSec;
        this.fill = fill;
        this.yLow = yLow;
        this.yHigh = yHigh;
    }

    @Override
    public void paint(Graphics2D g) {
        if (!isVisible) {
            return;
        }
        int left = getXAxisScreenValueForMin();
        int right = getXAxisScreenValueForMax();
        int x1 = Math.max(left, getXAxisScreenValue(startSec));
        // a fault shorter than a pixel still shows: at least two pixels wide
        int x2 = Math.min(right, Math.max(x1 + 2, getXAxisScreenValue(endSec)));
        int top;
        int bottom;
        if (Double.isNaN(yLow)) {
            top = getYAxisScreenValueForMin();
            bottom = getYAxisScreenValueForMax();
        } else {
            top = getYAxisScreenValue(yHigh);
            bottom = getYAxisScreenValue(yLow);
        }
        if (x2 <= x1 || bottom <= top) {
            return;
        }
        bounds = new Rectangle2D.Double(x1, top, x2 - x1, bottom - top);
        Color before = g.getColor();
        g.setColor(fill);
        g.fill(bounds);
        g.setColor(before);
    }
}

package dev.paddock.faults.report;

import java.awt.Graphics2D;
import org.knowm.xchart.internal.chartpart.Annotation;

/** Draws nothing; remembers where the plot area was on the last paint, so stacked panels can be aligned. */
final class PlotProbe extends Annotation {
    int left;
    int right;

    PlotProbe() {
        super(false);
    }

    @Override
    public void paint(Graphics2D g) {
        left = getXAxisScreenValueForMin();
        right = getXAxisScreenValueForMax();
    }
}

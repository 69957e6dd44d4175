package dev.paddock.faults.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Annotation;

/** Writes each fault kind's name at the left edge of its row in the fault lane (row i is centred on y = i). */
final class LaneLabels extends Annotation {
    private final List<String> kinds;

    LaneLabels(List<String> kinds) {
        super(false);
        this.kinds = List.copyOf(kinds);
    }

    @Override
    public void paint(Graphics2D g) {
        Font before = g.getFont();
        Color colour = g.getColor();
        g.setFont(before.deriveFont(Font.BOLD, 11f));
        FontMetrics fm = g.getFontMetrics();
        int x = getXAxisScreenValueForMin() + 4;
        for (int i = 0; i < kinds.size(); i++) {
            int y = getYAxisScreenValue(i) + fm.getAscent() / 2 - 1;
            g.setColor(FaultColors.of(kinds.get(i)).darker());
            g.drawString(kinds.get(i), x, y);
        }
        g.setFont(before);
        g.setColor(colour);
    }
}

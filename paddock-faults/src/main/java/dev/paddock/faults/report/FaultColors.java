package dev.paddock.faults.report;

import dev.paddock.faults.nemesis.FaultKind;
import java.awt.Color;

/** One fixed colour per fault kind, so a kind looks the same in every run's chart and in the run set's chart. */
final class FaultColors {
    private static final Color[] PALETTE = {
        new Color(0xD62728), // partition: red
        new Color(0xFF7F0E), // loss: orange
        new Color(0x9467BD), // kill: purple
        new Color(0x8C564B), // pause: brown
        new Color(0x17BECF), // clock: cyan
        new Color(0xE377C2), // disk-full: pink
        new Color(0xBCBD22), // slow-disk: olive
        new Color(0x7F7F7F), // delay: grey
    };
    private static final Color OTHER = new Color(0x2CA02C);

    private FaultColors() {
    }

    static Color of(String kind) {
        for (FaultKind k : FaultKind.values()) {
            if (k.label.equals(kind)) {
                return PALETTE[k.ordinal() % PALETTE.length];
            }
        }
        return OTHER;
    }

    /** The same colour, translucent, for a band drawn over a plot's lines. */
    static Color band(String kind) {
        Color c = of(kind);
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 48);
    }
}

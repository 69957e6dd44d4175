package dev.paddock.storage;

import java.io.PrintStream;

/** Redirects the tool's output in tests. */
final class PaddockToolAccess {
    private PaddockToolAccess() {
    }

    static void setOut(PrintStream out) {
        try {
            var f = dev.paddock.storage.tool.PaddockTool.class.getDeclaredField("out");
            f.setAccessible(true);
            f.set(null, out);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.paddock.server.ensemble;

import java.nio.file.Path;

/** Points {@code java.security.auth.login.config} at a file until closed, then puts the old value back. */
final class JaasProperty implements AutoCloseable {
    static final String NAME = "java.security.auth.login.config";
    private final String previous;

    JaasProperty(Path file) {
        previous = System.setProperty(NAME, file.toString());
    }

    @Override
    public void close() {
        if (previous == null) {
            System.clearProperty(NAME);
        } else {
            System.setProperty(NAME, previous);
        }
    }
}

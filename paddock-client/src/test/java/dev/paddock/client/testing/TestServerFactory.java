package dev.paddock.client.testing;

import java.nio.file.Path;

/** Makes servers for tests, each with its own data directory under {@code dir}. */
@FunctionalInterface
public interface TestServerFactory {
    TestServer create(Path dir) throws Exception;
}

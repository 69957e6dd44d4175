package dev.paddock.server;

/**
 * A configuration value that cannot be used. The message names the key and where the value came from (the
 * file and line number, a system property, or the properties passed in), so the operator can fix it.
 */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

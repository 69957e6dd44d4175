package dev.paddock.server.console;

/**
 * A console API answer that is not a success: the HTTP status, a short error name and a message for people. The
 * API answers it as {@code {"error": name, "message": message}} (plus extra fields some errors carry).
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String error;
    private final transient java.util.Map<String, Object> extra;

    ApiError(int status, String error, String message) {
        this(status, error, message, java.util.Map.of());
    }

    ApiError(int status, String error, String message, java.util.Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.extra = extra;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "BadRequest", message);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    java.util.Map<String, Object> extra() {
        return extra;
    }
}

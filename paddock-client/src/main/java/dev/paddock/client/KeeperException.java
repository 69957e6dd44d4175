package dev.paddock.client;

import dev.paddock.jute.ErrorCode;
import java.util.List;

/**
 * A failed operation, typed by ZooKeeper's error code. The message reads
 * {@code KeeperErrorCode = <code text> for <path>} exactly as ZooKeeper's client prints it. A failed multi carries
 * every per-op result ({@link #getResults()}).
 */
public class KeeperException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String path;
    private List<OpResult> results;

    protected KeeperException(ErrorCode code, String path) {
        super(message(code, path));
        this.code = code;
        this.path = path;
    }

    private static String message(ErrorCode code, String path) {
        String text;
        if (code == null) {
            text = "Unknown error";
        } else if (code == ErrorCode.UNKNOWNSESSION || code == ErrorCode.REQUESTTIMEOUT) {
            text = "Unknown error " + code.name(); // ZooKeeper's client has no text of its own for these two
        } else {
            text = code.message;
        }
        return path == null || path.isEmpty() ? "KeeperErrorCode = " + text : "KeeperErrorCode = " + text + " for " + path;
    }

    public ErrorCode code() {
        return code;
    }

    public String path() {
        return path;
    }

    /** Per-op results when this exception comes from a multi, else null. */
    public List<OpResult> getResults() {
        return results;
    }

    KeeperException withResults(List<OpResult> results) {
        this.results = results;
        return this;
    }

    public static KeeperException create(ErrorCode code) {
        return create(code, null);
    }

    /** The exception subclass for {@code code}. */
    public static KeeperException create(ErrorCode code, String path) {
        if (code == null) {
            return new KeeperException(ErrorCode.SYSTEMERROR, path);
        }
        return switch (code) {
            case SYSTEMERROR -> new SystemErrorException(path);
            case RUNTIMEINCONSISTENCY -> new RuntimeInconsistencyException(path);
            case DATAINCONSISTENCY -> new DataInconsistencyException(path);
            case CONNECTIONLOSS -> new ConnectionLossException(path);
            case MARSHALLINGERROR -> new MarshallingErrorException(path);
            case UNIMPLEMENTED -> new UnimplementedException(path);
            case OPERATIONTIMEOUT -> new OperationTimeoutException(path);
            case BADARGUMENTS -> new BadArgumentsException(path);
            case NEWCONFIGNOQUORUM -> new NewConfigNoQuorumException(path);
            case RECONFIGINPROGRESS -> new ReconfigInProgressException(path);
            case UNKNOWNSESSION -> new UnknownSessionException(path);
            case APIERROR -> new APIErrorException(path);
            case NONODE -> new NoNodeException(path);
            case NOAUTH -> new NoAuthException(path);
            case BADVERSION -> new BadVersionException(path);
            case NOCHILDRENFOREPHEMERALS -> new NoChildrenForEphemeralsException(path);
            case NODEEXISTS -> new NodeExistsException(path);
            case NOTEMPTY -> new NotEmptyException(path);
            case SESSIONEXPIRED -> new SessionExpiredException(path);
            case INVALIDCALLBACK -> new InvalidCallbackException(path);
            case INVALIDACL -> new InvalidACLException(path);
            case AUTHFAILED -> new AuthFailedException(path);
            case SESSIONMOVED -> new SessionMovedException(path);
            case NOTREADONLY -> new NotReadOnlyException(path);
            case EPHEMERALONLOCALSESSION -> new EphemeralOnLocalSessionException(path);
            case NOWATCHER -> new NoWatcherException(path);
            case REQUESTTIMEOUT -> new RequestTimeoutException(path);
            case RECONFIGDISABLED -> new ReconfigDisabledException(path);
            case SESSIONCLOSEDREQUIRESASLAUTH -> new SessionClosedRequireAuthException(path);
            case QUOTAEXCEEDED -> new QuotaExceededException(path);
            case THROTTLEDOP -> new ThrottledOpException(path);
            case OK -> throw new IllegalArgumentException("OK is not an error");
        };
    }

    /** The exception for a wire error number, unknown numbers mapped to SYSTEMERROR. */
    public static KeeperException create(int err, String path) {
        ErrorCode c = ErrorCode.of(err);
        return create(c == null ? ErrorCode.SYSTEMERROR : c, path);
    }

    public static class SystemErrorException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public SystemErrorException() {
            this(null);
        }

        public SystemErrorException(String path) {
            super(ErrorCode.SYSTEMERROR, path);
        }
    }

    public static class RuntimeInconsistencyException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public RuntimeInconsistencyException() {
            this(null);
        }

        public RuntimeInconsistencyException(String path) {
            super(ErrorCode.RUNTIMEINCONSISTENCY, path);
        }
    }

    public static class DataInconsistencyException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public DataInconsistencyException() {
            this(null);
        }

        public DataInconsistencyException(String path) {
            super(ErrorCode.DATAINCONSISTENCY, path);
        }
    }

    public static class ConnectionLossException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public ConnectionLossException() {
            this(null);
        }

        public ConnectionLossException(String path) {
            super(ErrorCode.CONNECTIONLOSS, path);
        }
    }

    public static class MarshallingErrorException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public MarshallingErrorException() {
            this(null);
        }

        public MarshallingErrorException(String path) {
            super(ErrorCode.MARSHALLINGERROR, path);
        }
    }

    public static class UnimplementedException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public UnimplementedException() {
            this(null);
        }

        public UnimplementedException(String path) {
            super(ErrorCode.UNIMPLEMENTED, path);
        }
    }

    public static class OperationTimeoutException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public OperationTimeoutException() {
            this(null);
        }

        public OperationTimeoutException(String path) {
            super(ErrorCode.OPERATIONTIMEOUT, path);
        }
    }

    public static class BadArgumentsException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public BadArgumentsException() {
            this(null);
        }

        public BadArgumentsException(String path) {
            super(ErrorCode.BADARGUMENTS, path);
        }
    }

    public static class NewConfigNoQuorumException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public NewConfigNoQuorumException() {
            this(null);
        }

        public NewConfigNoQuorumException(String path) {
            super(ErrorCode.NEWCONFIGNOQUORUM, path);
        }
    }

    public static class ReconfigInProgressException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public ReconfigInProgressException() {
            this(null);
        }

        public ReconfigInProgressException(String path) {
            super(ErrorCode.RECONFIGINPROGRESS, path);
        }
    }

    public static class UnknownSessionException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public UnknownSessionException() {
            this(null);
        }

        public UnknownSessionException(String path) {
            super(ErrorCode.UNKNOWNSESSION, path);
        }
    }

    public static class APIErrorException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public APIErrorException() {
            this(null);
        }

        public APIErrorException(String path) {
            super(ErrorCode.APIERROR, path);
        }
    }

    public static class NoNodeException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public NoNodeException() {
            this(null);
        }

        public NoNodeException(String path) {
            super(ErrorCode.NONODE, path);
        }
    }

    public static class NoAuthException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public NoAuthException() {
            this(null);
        }

        public NoAuthException(String path) {
            super(ErrorCode.NOAUTH, path);
        }
    }

    public static class BadVersionException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public BadVersionException() {
            this(null);
        }

        public BadVersionException(String path) {
            super(ErrorCode.BADVERSION, path);
        }
    }

    public static class NoChildrenForEphemeralsException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public NoChildrenForEphemeralsException() {
            this(null);
        }

        public NoChildrenForEphemeralsException(String path) {
            super(ErrorCode.NOCHILDRENFOREPHEMERALS, path);
        }
    }

    public static class NodeExistsException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public NodeExistsException() {
            this(null);
        }

        public NodeExistsException(String path) {
            super(ErrorCode.NODEEXISTS, path);
        }
    }

    public static class NotEmptyException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public NotEmptyException() {
            this(null);
        }

        public NotEmptyException(String path) {
            super(ErrorCode.NOTEMPTY, path);
        }
    }

    public static class SessionExpiredException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public SessionExpiredException() {
            this(null);
        }

        public SessionExpiredException(String path) {
            super(ErrorCode.SESSIONEXPIRED, path);
        }
    }

    public static class InvalidCallbackException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public InvalidCallbackException() {
            this(null);
        }

        public InvalidCallbackException(String path) {
            super(ErrorCode.INVALIDCALLBACK, path);
        }
    }

    public static class InvalidACLException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public InvalidACLException() {
            this(null);
        }

        public InvalidACLException(String path) {
            super(ErrorCode.INVALIDACL, path);
        }
    }

    public static class AuthFailedException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public AuthFailedException() {
            this(null);
        }

        public AuthFailedException(String path) {
            super(ErrorCode.AUTHFAILED, path);
        }
    }

    public static class SessionMovedException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public SessionMovedException() {
            this(null);
        }

        public SessionMovedException(String path) {
            super(ErrorCode.SESSIONMOVED, path);
        }
    }

    public static class NotReadOnlyException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public NotReadOnlyException() {
            this(null);
        }

        public NotReadOnlyException(String path) {
            super(ErrorCode.NOTREADONLY, path);
        }
    }

    public static class EphemeralOnLocalSessionException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public EphemeralOnLocalSessionException() {
            this(null);
        }

        public EphemeralOnLocalSessionException(String path) {
            super(ErrorCode.EPHEMERALONLOCALSESSION, path);
        }
    }

    public static class NoWatcherException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public NoWatcherException() {
            this(null);
        }

        public NoWatcherException(String path) {
            super(ErrorCode.NOWATCHER, path);
        }
    }

    public static class RequestTimeoutException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public RequestTimeoutException() {
            this(null);
        }

        public RequestTimeoutException(String path) {
            super(ErrorCode.REQUESTTIMEOUT, path);
        }
    }

    public static class ReconfigDisabledException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public ReconfigDisabledException() {
            this(null);
        }

        public ReconfigDisabledException(String path) {
            super(ErrorCode.RECONFIGDISABLED, path);
        }
    }

    public static class SessionClosedRequireAuthException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public SessionClosedRequireAuthException() {
            this(null);
        }

        public SessionClosedRequireAuthException(String path) {
            super(ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH, path);
        }
    }

    public static class QuotaExceededException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public QuotaExceededException() {
            this(null);
        }

        public QuotaExceededException(String path) {
            super(ErrorCode.QUOTAEXCEEDED, path);
        }
    }

    public static class ThrottledOpException extends KeeperException {
        private static final long serialVersionUID = 1L;

        public ThrottledOpException() {
            this(null);
        }

        public ThrottledOpException(String path) {
            super(ErrorCode.THROTTLEDOP, path);
        }
    }
}

package dev.paddock.jute;

/** ZooKeeper's error codes (KeeperException.Code), with the texts its exceptions print. */
public enum ErrorCode {
    OK(0, "ok"),
    SYSTEMERROR(-1, "SystemError"),
    RUNTIMEINCONSISTENCY(-2, "RuntimeInconsistency"),
    DATAINCONSISTENCY(-3, "DataInconsistency"),
    CONNECTIONLOSS(-4, "ConnectionLoss"),
    MARSHALLINGERROR(-5, "MarshallingError"),
    UNIMPLEMENTED(-6, "Unimplemented"),
    OPERATIONTIMEOUT(-7, "OperationTimeout"),
    BADARGUMENTS(-8, "BadArguments"),
    NEWCONFIGNOQUORUM(-13, "NewConfigNoQuorum"),
    RECONFIGINPROGRESS(-14, "ReconfigInProgress"),
    UNKNOWNSESSION(-12, "UnknownSession"),
    APIERROR(-100, "APIError"),
    NONODE(-101, "NoNode"),
    NOAUTH(-102, "NoAuth"),
    BADVERSION(-103, "BadVersion"),
    NOCHILDRENFOREPHEMERALS(-108, "NoChildrenForEphemerals"),
    NODEEXISTS(-110, "NodeExists"),
    NOTEMPTY(-111, "Directory not empty"),
    SESSIONEXPIRED(-112, "Session expired"),
    INVALIDCALLBACK(-113, "Invalid callback"),
    INVALIDACL(-114, "InvalidACL"),
    AUTHFAILED(-115, "AuthFailed"),
    SESSIONMOVED(-118, "Session moved"),
    NOTREADONLY(-119, "Not a read-only call"),
    EPHEMERALONLOCALSESSION(-120, "Ephemeral node on local session"),
    NOWATCHER(-121, "No such watcher"),
    REQUESTTIMEOUT(-122, "Request timeout"),
    RECONFIGDISABLED(-123, "Reconfig is disabled"),
    SESSIONCLOSEDREQUIRESASLAUTH(-124, "Session closed because client failed to authenticate"),
    QUOTAEXCEEDED(-125, "Quota has exceeded"),
    THROTTLEDOP(-127, "Op throttled due to high load");

    public final int code;
    public final String message;

    ErrorCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    private static final ErrorCode[] ALL = values(); // values() makes a fresh array on every call

    public static ErrorCode of(int code) {
        for (ErrorCode c : ALL) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}

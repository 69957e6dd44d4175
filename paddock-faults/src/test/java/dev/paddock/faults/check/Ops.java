package dev.paddock.faults.check;

import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import dev.paddock.faults.history.RegisterOp.Kind;

/** Short factories for hand-made register histories: one key "/r" unless told, times in arbitrary units. */
final class Ops {

    static final String KEY = "/r";

    private Ops() {
    }

    static RegisterOp write(long id, long arg, long inv, long comp, int version) {
        return new RegisterOp(id, (int) id, 1, Kind.WRITE, KEY, arg, -1, inv, comp, Outcome.OK, 0, version, -1, -1,
                null);
    }

    static RegisterOp unknownWrite(long id, long arg, long inv) {
        return new RegisterOp(id, (int) id, 1, Kind.WRITE, KEY, arg, -1, inv, RegisterOp.NEVER, Outcome.UNKNOWN, 0,
                -1, -1, -1, "ConnectionLoss");
    }

    static RegisterOp cas(long id, long arg, int expected, long inv, long comp, int version) {
        return new RegisterOp(id, (int) id, 1, Kind.CAS, KEY, arg, expected, inv, comp, Outcome.OK, 0, version, -1,
                -1, null);
    }

    static RegisterOp casFail(long id, long arg, int expected, long inv, long comp, String error) {
        return new RegisterOp(id, (int) id, 1, Kind.CAS, KEY, arg, expected, inv, comp, Outcome.FAIL, 0, -1, -1, -1,
                error);
    }

    static RegisterOp syncRead(long id, long inv, long comp, long value, int version) {
        return new RegisterOp(id, (int) id, 1, Kind.SYNC_READ, KEY, 0, -1, inv, comp, Outcome.OK, value, version, -1,
                -1, null);
    }

    /** A plain read by {@code session}, with the client's last zxid after it. */
    static RegisterOp read(long id, long session, long inv, long comp, long value, int version, long lastZxid) {
        return new RegisterOp(id, 0, session, Kind.READ, KEY, 0, -1, inv, comp, Outcome.OK, value, version, -1,
                lastZxid, null);
    }

    /** A write by {@code session}, with the client's last zxid after it. */
    static RegisterOp write(long id, long session, long arg, long inv, long comp, int version, long lastZxid) {
        return new RegisterOp(id, 0, session, Kind.WRITE, KEY, arg, -1, inv, comp, Outcome.OK, 0, version, -1,
                lastZxid, null);
    }

    static RegisterOp onKey(RegisterOp op, String key) {
        return new RegisterOp(op.id(), op.worker(), op.session(), op.kind(), key, op.arg(), op.expected(),
                op.invokedAt(), op.completedAt(), op.outcome(), op.value(), op.version(), op.zxid(), op.lastZxid(),
                op.error());
    }
}

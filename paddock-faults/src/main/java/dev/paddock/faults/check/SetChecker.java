package dev.paddock.faults.check;

import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.SetOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * "set": the set workload's sequential creates against what every server holds at the end. No acknowledged
 * create may be lost, no value may appear twice (a retried create that doubled), no child may hold a value no
 * create wrote (or one whose create definitely failed), and all servers must hold the same children.
 */
public final class SetChecker {

    public static final String NAME = "set";

    public Verdict check(List<SetOp> ops, FinalState end) {
        Map<Integer, Map<String, Long>> servers = FinalStates.nz(end == null ? null : end.setItems());
        List<String> violations = new ArrayList<>();
        Map<Long, SetOp> byValue = new HashMap<>();
        for (SetOp op : ops) {
            byValue.put(op.value(), op);
        }
        if (servers.isEmpty() && ops.stream().anyMatch(o -> o.outcome() == Outcome.OK)) {
            violations.add("no server reported the set's children, yet creates succeeded");
        }
        for (SetOp op : ops) {
            if (op.outcome() != Outcome.OK) {
                continue;
            }
            String name = childName(op.created());
            servers.forEach((server, items) -> {
                Long held = items.containsKey(name) ? items.get(name) : items.get(op.created());
                if (held == null) {
                    violations.add(String.format("server %d lost acknowledged create #%d (value %d at %s)", server,
                            op.id(), op.value(), op.created()));
                } else if (held != op.value()) {
                    violations.add(String.format("server %d: %s holds %d, create #%d wrote %d", server,
                            op.created(), held, op.id(), op.value()));
                }
            });
        }
        servers.forEach((server, items) -> {
            Set<Long> values = new HashSet<>();
            items.forEach((child, value) -> {
                if (!values.add(value)) {
                    violations.add(String.format("server %d: value %d appears twice (again at %s)", server, value,
                            child));
                }
                SetOp writer = byValue.get(value);
                if (writer == null || writer.outcome() == Outcome.FAIL) {
                    violations.add(String.format("server %d: child %s holds value %d that no create wrote%s",
                            server, child, value, writer == null ? "" : " (create #" + writer.id() + " failed)"));
                }
            });
        });
        FinalStates.agree("set children", servers, violations);
        return Verdict.of(NAME, ops.size(), violations);
    }

    private static String childName(String path) {
        Objects.requireNonNull(path, "an OK create has its path");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

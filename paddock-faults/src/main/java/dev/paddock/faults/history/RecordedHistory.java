package dev.paddock.faults.history;

import java.util.List;
import java.util.Map;

/**
 * Everything one run's workloads recorded, as {@link HistoryFiles#read} finds it in the run directory.
 *
 * @param finalState never null: {@link #EMPTY_FINAL} when final.json is missing
 */
public record RecordedHistory(List<RegisterOp> registers, List<SetOp> sets, List<SessionRecord> sessions,
                              List<WatchRecord> watches, FinalState finalState) {

    /** The final state of a run that recorded none: every map empty. */
    public static final FinalState EMPTY_FINAL =
            new FinalState(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of());

    public RecordedHistory {
        registers = List.copyOf(registers);
        sets = List.copyOf(sets);
        sessions = List.copyOf(sessions);
        watches = List.copyOf(watches);
        finalState = finalState == null ? EMPTY_FINAL : finalState;
    }
}

package dev.paddock.faults.check;

import java.util.Optional;

/**
 * A sequential specification for {@link Linearizability}: the state an object starts in and what one operation
 * does to it. States must be immutable values with {@code equals}/{@code hashCode} (records are ideal), because
 * the search remembers (linearized set, state) pairs it has already explored.
 *
 * @param <S> the model's state
 * @param <O> the operation type
 */
public interface Model<S, O> {

    /** The state before any operation. */
    S init();

    /**
     * Applies {@code op} in {@code state}.
     *
     * @return the next state, or empty when {@code op} with its recorded reply cannot happen in {@code state}
     */
    Optional<S> step(S state, O op);

    /**
     * A symmetry hint for operations whose outcome is unknown: two such operations with equal non-null keys must
     * have identical effects in every state. The search then only ever applies the earliest-invoked pending one
     * of a class (swapping two of them in a linearization changes nothing), which turns 2^k subsets of k
     * interchangeable pending operations into k+1 counts. Null (the default) means no symmetry.
     */
    default Object symmetryKey(O op) {
        return null;
    }
}

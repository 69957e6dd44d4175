package dev.paddock.quorum.election;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who votes, as ZooKeeper's {@code QuorumMaj} sees it: a quorum is more than half of the participants. Observers
 * are listed so they can be told apart from strangers; they never count. {@code weights} exists only for the rule
 * that a weight-0 server is never preferred as leader; a sid missing from it weighs 1 (QuorumMaj gives every
 * server weight 1). Hierarchical (group/weight) quorums are not implemented.
 *
 * @param participants voting sids
 * @param observers    observer sids
 * @param weights      per-sid weight where not 1
 * @param config       this server's configuration text as ZooKeeper's {@code QuorumVerifier.toString()} renders it
 *                     ({@code server.N=host:quorumPort:electionPort:participant;clientHost:clientPort} lines, then
 *                     {@code version=<hex>}); sent opaque in every notification
 */
public record VotingView(Set<Long> participants, Set<Long> observers, Map<Long, Long> weights, byte[] config) {

    public VotingView {
        // sorted, so that notifications go out in the same order on every run of a seeded simulation
        participants = Collections.unmodifiableSortedSet(new TreeSet<>(participants));
        observers = Collections.unmodifiableSortedSet(new TreeSet<>(observers));
        weights = Map.copyOf(weights);
        config = config == null ? new byte[0] : config.clone();
    }

    /** A majority view with every weight 1. */
    public static VotingView majority(Collection<Long> participants, Collection<Long> observers, byte[] config) {
        return new VotingView(new TreeSet<>(participants), new TreeSet<>(observers), Map.of(), config);
    }

    public boolean isVoter(long sid) {
        return participants.contains(sid);
    }

    public long weight(long sid) {
        return weights.getOrDefault(sid, 1L);
    }

    /** More than half of the participants are in {@code acks} (non-voters in it do not count). */
    public boolean isQuorum(Set<Long> acks) {
        long voting = acks.stream().filter(participants::contains).count();
        return voting > participants.size() / 2;
    }

    @Override
    public byte[] config() {
        return config.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VotingView v && participants.equals(v.participants) && observers.equals(v.observers)
            && weights.equals(v.weights) && Arrays.equals(config, v.config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(participants, observers, weights) * 31 + Arrays.hashCode(config);
    }
}

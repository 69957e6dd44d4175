/**
 * How a learner's clients reach the leader: {@link dev.paddock.quorum.forward.ForwardingGateway} on the learner
 * turns the client front's requests into REQUEST, REVALIDATE and PING-reply packets, and
 * {@link dev.paddock.quorum.forward.LearnerRequests} on the leader feeds them into the leader's pipeline. Payload
 * layouts are ZooKeeper 3.9's ({@link dev.paddock.quorum.forward.LearnerRequestCodec}).
 */
package dev.paddock.quorum.forward;

/**
 * FastLeaderElection, ZooKeeper 3.9's leader election, as a pure state machine that speaks ZooKeeper's bytes.
 *
 * <h2>Driving an {@link dev.paddock.quorum.election.ElectionCore}</h2>
 * <pre>{@code
 * ElectionCore election = new ElectionCore(ElectionConfig.of(mySid, LearnerType.PARTICIPANT,
 *     VotingView.majority(voterSids, observerSids, configText)));
 * handle(election.start(lastLoggedZxid, currentEpoch, nowMs));        // the server goes LOOKING
 * // then, on one thread, in any order:
 * handle(election.onMessage(fromSid, bytes, nowMs));                 // a frame from a peer's election connection
 * handle(election.tick(nowMs));                                      // when nowMs >= election.nextDeadlineMs()
 *
 * void handle(List<Outbound> outs) {
 *     for (Outbound o : outs) {
 *         if (o instanceof Outbound.Send s) transport.send(s.toSid(), s.bytes());
 *         else if (o instanceof Outbound.Decided d) zab.begin(d.role(), d.vote().leader(), d.vote().peerEpoch());
 *         else if (o instanceof Outbound.PeerLooking p) { } // optional hint for a leader
 *     }
 * }
 * }</pre>
 * <ul>
 *   <li>One {@code ElectionCore} per server process: its logical clock carries over rounds. When Zab gives up
 *       leading/following, call {@code start} again with the then-current last zxid and epoch. A restarted
 *       process makes a new core.</li>
 *   <li>After {@code Decided} the core keeps answering LOOKING voters (and observers, always) with its decided
 *       vote, so keep feeding it election messages while leading or following. Call
 *       {@code updatePeerEpoch(epoch)} once Zab has established the new epoch (ZooKeeper's
 *       {@code updateElectionVote}), so late joiners see the right epoch.</li>
 *   <li>Sends are never addressed to the server itself; the core loops its own votes back internally. Sends are
 *       fire-and-forget: the transport may queue, drop or replace them (ZooKeeper keeps one per peer and resends
 *       the last one on reconnect); the core re-sends with back-off when nothing arrives.</li>
 *   <li>Messages arriving before the first {@code start} are held and read at {@code start}.</li>
 *   <li>Malformed bytes are counted, logged and skipped; no input throws.</li>
 * </ul>
 *
 * <h2>Different from ZooKeeper on purpose</h2>
 * An observer answers nobody. In ZooKeeper an observer answers a LOOKING voter, and the voter answers every
 * observer message, so the two bounce messages for as long as the voter is LOOKING (for ever when it is cut off
 * from the other voters). Voters here answer observers exactly as ZooKeeper's do.
 *
 * <h2>Not modelled</h2>
 * Dynamic reconfiguration (a config received from a peer is decoded and carried, never applied), hierarchical
 * quorums (only majority, with the weight-0 rule of vote ordering), and the two-server oracle
 * ({@code QuorumOracleMaj}).
 */
package dev.paddock.quorum.election;

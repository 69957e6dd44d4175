package dev.paddock.quorum.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ElectionCoreTest {

    private static final VotingView THREE = ElectionNet.view(3, 0);

    private static long zxid(long epoch, long counter) {
        return epoch << 32 | counter;
    }

    private static List<Outbound.Send> sends(List<Outbound> outs) {
        return outs.stream().filter(o -> o instanceof Outbound.Send).map(o -> (Outbound.Send) o).toList();
    }

    private static List<Outbound.Decided> decisions(List<Outbound> outs) {
        return outs.stream().filter(o -> o instanceof Outbound.Decided).map(o -> (Outbound.Decided) o).toList();
    }

    @Test
    void aSingleServerLeadsAfterTheFinalizeWait() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, ElectionNet.view(1, 0)));
        List<Outbound> outs = core.start(zxid(3, 9), 3, 1000);
        assertThat(outs).isEmpty(); // its only notification goes to itself
        assertThat(core.logicalClock()).isEqualTo(1);
        assertThat(core.nextDeadlineMs()).isEqualTo(1200);
        assertThat(core.tick(1199)).isEmpty();
        List<Outbound.Decided> decided = decisions(core.tick(1200));
        assertThat(decided).singleElement().satisfies(d -> {
            assertThat(d.role()).isEqualTo(ServerState.LEADING);
            assertThat(d.vote()).isEqualTo(new Vote(1, zxid(3, 9), 1, 3));
            assertThat(d.supporters()).containsExactly(1L);
        });
        assertThat(core.state()).isEqualTo(ServerState.LEADING);
        assertThat(core.nextDeadlineMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void startSendsALookingVoteForItselfToEveryOtherVoter() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(2, LearnerType.PARTICIPANT, THREE));
        List<Outbound.Send> sent = sends(core.start(zxid(1, 5), 1, 0));
        assertThat(sent).extracting(Outbound.Send::toSid).containsExactly(1L, 3L);
        assertThat(sent).allSatisfy(s -> assertThat(s.notification()).isEqualTo(
            Notification.of(ServerState.LOOKING, 2, zxid(1, 5), 1, 1, THREE.config())));
    }

    @Test
    void threeServersElectTheHighestZxid() {
        ElectionNet net = new ElectionNet(1, THREE);
        net.add(1, zxid(1, 7), 1);
        net.add(2, zxid(1, 9), 1);
        net.add(3, zxid(1, 8), 1);
        net.nodes.keySet().forEach(net::boot);
        assertThat(net.runUntilAllDecided(10_000)).isTrue();
        assertThat(net.node(2).core.state()).isEqualTo(ServerState.LEADING);
        assertThat(net.node(1).core.state()).isEqualTo(ServerState.FOLLOWING);
        assertThat(net.node(3).core.state()).isEqualTo(ServerState.FOLLOWING);
        assertThat(net.decisions).allSatisfy(d -> assertThat(d.vote()).isEqualTo(new Vote(2, zxid(1, 9), 1, 1)));
        // the finalize wait: nobody decides before 200 ms of quiet
        assertThat(net.decisions).allSatisfy(d -> assertThat(d.timeMs()).isGreaterThanOrEqualTo(200));
    }

    @Test
    void fiveServersPreferTheHigherEpochOverTheHigherZxid() {
        ElectionNet net = new ElectionNet(2, ElectionNet.view(5, 0));
        net.add(1, zxid(2, 1), 2);
        net.add(2, zxid(1, 500), 1);
        net.add(3, zxid(2, 3), 2);
        net.add(4, zxid(2, 3), 2); // ties 3 on epoch and zxid: the higher sid wins
        net.add(5, zxid(1, 900), 1);
        net.maxDelayMs = 50;
        net.nodes.keySet().forEach(net::boot);
        assertThat(net.runUntilAllDecided(10_000)).isTrue();
        assertThat(net.nodes.values()).allSatisfy(n -> assertThat(n.core.currentVote().leader()).isEqualTo(4));
        assertThat(net.node(4).core.state()).isEqualTo(ServerState.LEADING);
        assertThat(net.decisions).hasSize(5).allSatisfy(d -> assertThat(d.vote().peerEpoch()).isEqualTo(2));
    }

    @Test
    void aRestartedServerJoinsTheRunningEnsembleWithoutANewElection() {
        ElectionNet net = new ElectionNet(3, ElectionNet.view(5, 0));
        for (long sid = 1; sid <= 5; sid++) {
            net.add(sid, zxid(1, sid), 1);
        }
        net.nodes.keySet().forEach(net::boot);
        assertThat(net.runUntilAllDecided(10_000)).isTrue();
        assertThat(net.node(5).core.state()).isEqualTo(ServerState.LEADING);
        net.nodes.values().forEach(n -> n.core.updatePeerEpoch(2)); // Zab established epoch 2
        long roundBefore = net.node(1).core.logicalClock();

        net.crash(2);
        net.node(2).lastZxid = zxid(2, 40); // it had synced and logged more before it died
        net.node(2).currentEpoch = 2;
        net.runUntil(net.nowMs + 1000);
        int before = net.decisions.size();
        net.boot(2);
        assertThat(net.runUntilAllDecided(net.nowMs + 10_000)).isTrue();

        List<ElectionNet.Decision> rejoin = net.decisions.subList(before, net.decisions.size());
        assertThat(rejoin).singleElement().satisfies(d -> {
            assertThat(d.sid()).isEqualTo(2);
            assertThat(d.role()).isEqualTo(ServerState.FOLLOWING);
            assertThat(d.vote().leader()).isEqualTo(5);
            assertThat(d.vote().peerEpoch()).isEqualTo(2);
            assertThat(d.vote().electionEpoch()).isEqualTo(roundBefore);
        });
        // it followed as soon as a quorum of answers named the leader: no finalize wait, nobody else moved
        assertThat(net.node(2).core.logicalClock()).isEqualTo(roundBefore);
        assertThat(net.nodes.values()).filteredOn(n -> n.sid != 2)
            .allSatisfy(n -> assertThat(n.core.state()).isNotEqualTo(ServerState.LOOKING));
    }

    @Test
    void anObserverLearnsTheLeaderAndNeverCounts() {
        ElectionNet net = new ElectionNet(4, ElectionNet.view(3, 1));
        net.add(1, zxid(1, 3), 1);
        net.add(2, zxid(1, 2), 1);
        net.add(3, zxid(1, 1), 1);
        net.add(4, zxid(1, 99), 1); // the best history, but an observer cannot lead
        net.nodes.keySet().forEach(net::boot);
        assertThat(net.runUntilAllDecided(10_000)).isTrue();
        assertThat(net.node(1).core.state()).isEqualTo(ServerState.LEADING);
        assertThat(net.node(4).core.state()).isEqualTo(ServerState.OBSERVING);
        assertThat(net.node(4).core.currentVote().leader()).isEqualTo(1);
        assertThat(net.decisions).allSatisfy(d -> assertThat(d.supporters()).doesNotContain(4L));
        // observers propose nobody: their initial vote is Long.MIN_VALUE everywhere
        ElectionCore fresh = new ElectionCore(ElectionConfig.of(4, LearnerType.OBSERVER, net.view));
        assertThat(sends(fresh.start(zxid(1, 99), 1, 0))).extracting(Outbound.Send::notification)
            .allSatisfy(n -> assertThat(n.leader()).isEqualTo(Long.MIN_VALUE));
    }

    @Test
    void anObserverJoiningLaterLearnsTheLeaderFromAnswers() {
        ElectionNet net = new ElectionNet(5, ElectionNet.view(3, 1));
        for (long sid = 1; sid <= 4; sid++) {
            net.add(sid, zxid(1, sid), 1);
        }
        for (long sid = 1; sid <= 3; sid++) {
            net.boot(sid);
        }
        assertThat(net.runUntilAllDecided(10_000)).isTrue();
        net.boot(4);
        assertThat(net.runUntilAllDecided(net.nowMs + 10_000)).isTrue();
        assertThat(net.node(4).core.state()).isEqualTo(ServerState.OBSERVING);
        assertThat(net.node(4).core.currentVote().leader()).isEqualTo(3);
    }

    @Test
    void aDecidedServerAnswersLookingVotersWithItsVoteAndIgnoresOthers() {
        ElectionNet net = new ElectionNet(6, THREE);
        for (long sid = 1; sid <= 3; sid++) {
            net.add(sid, zxid(1, sid), 1);
            net.boot(sid);
        }
        assertThat(net.runUntilAllDecided(10_000)).isTrue();
        ElectionCore follower = net.node(1).core;
        Vote vote = follower.currentVote();
        List<Outbound> answer = net.inject(2, 1, Notification.of(ServerState.LOOKING, 2, 0, 77, 1, new byte[0]));
        assertThat(sends(answer)).singleElement().satisfies(s -> {
            assertThat(s.toSid()).isEqualTo(2);
            assertThat(s.notification()).isEqualTo(Notification.of(ServerState.FOLLOWING, vote.leader(), vote.zxid(),
                vote.electionEpoch(), vote.peerEpoch(), THREE.config()));
        });
        assertThat(net.inject(2, 1, Notification.of(ServerState.FOLLOWING, 3, 0, 1, 1, new byte[0]))).isEmpty();
        // the leader also reports who went looking
        List<Outbound> leaderAnswer = net.inject(1, 3, Notification.of(ServerState.LOOKING, 1, 0, 9, 1, new byte[0]));
        assertThat(leaderAnswer).contains(new Outbound.PeerLooking(1));
        assertThat(sends(leaderAnswer)).singleElement()
            .satisfies(s -> assertThat(s.notification().state()).isEqualTo(ServerState.LEADING));
    }

    @Test
    void aLookingServerPullsALaggingVoterIntoItsRound() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        core.start(zxid(1, 1), 1, 0);
        core.start(zxid(1, 1), 1, 0); // second round: clock 2
        List<Outbound.Send> reply = sends(core.onNotification(3, Notification.of(ServerState.LOOKING, 3, zxid(1, 9), 1,
            1, new byte[0]), 10));
        assertThat(reply).singleElement().satisfies(s -> {
            assertThat(s.toSid()).isEqualTo(3);
            assertThat(s.notification().electionEpoch()).isEqualTo(2);
            assertThat(s.notification().leader()).isEqualTo(1);
        });
        assertThat(core.proposal().leader()).isEqualTo(1); // the stale round's better vote is not taken
    }

    @Test
    void aHigherRoundResetsTheTallyAndAdoptsTheBetterVote() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        core.start(zxid(1, 1), 1, 0);
        List<Outbound> outs = core.onNotification(3, Notification.of(ServerState.LOOKING, 3, zxid(1, 9), 5, 1,
            new byte[0]), 10);
        assertThat(core.logicalClock()).isEqualTo(5);
        assertThat(core.proposal()).isEqualTo(new Vote(3, zxid(1, 9), 5, 1));
        assertThat(sends(outs)).extracting(Outbound.Send::toSid).containsExactly(2L, 3L);
        // own looped-back vote for 3 plus 3's vote: a quorum, so it waits out the finalize wait
        assertThat(core.nextDeadlineMs()).isEqualTo(210);
    }

    @Test
    void aBetterVoteDuringTheFinalizeWaitKeepsTheRoundOpen() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        core.start(zxid(1, 5), 1, 0);
        core.onNotification(2, Notification.of(ServerState.LOOKING, 1, zxid(1, 5), 1, 1, new byte[0]), 10);
        assertThat(core.nextDeadlineMs()).isEqualTo(210); // 1 and 2 agree on 1: finalizing
        // a worse vote restarts the wait and is dropped
        assertThat(core.onNotification(2, Notification.of(ServerState.LOOKING, 2, zxid(1, 1), 1, 1, new byte[0]),
            100)).isEmpty();
        assertThat(core.nextDeadlineMs()).isEqualTo(300);
        // a better one ends the wait and changes the vote
        List<Outbound> outs = core.onNotification(3, Notification.of(ServerState.LOOKING, 3, zxid(1, 6), 1, 1,
            new byte[0]), 150);
        assertThat(decisions(outs)).isEmpty();
        assertThat(core.proposal().leader()).isEqualTo(3);
        assertThat(core.state()).isEqualTo(ServerState.LOOKING);
        // now 1 (self) and 3 agree on 3: finalizing again; deciding follows after a quiet 200 ms
        assertThat(core.nextDeadlineMs()).isEqualTo(350);
        assertThat(decisions(core.tick(350))).singleElement()
            .satisfies(d -> assertThat(d.role()).isEqualTo(ServerState.FOLLOWING));
    }

    @Test
    void silenceMeansResendingWithDoublingIntervalsUpToTheCap() {
        ElectionCore core = new ElectionCore(new ElectionConfig(1, LearnerType.PARTICIPANT, THREE, 200, 200, 3000));
        core.start(zxid(1, 1), 1, 0);
        List<Long> resends = new ArrayList<>();
        long now = 0;
        while (resends.size() < 7) {
            now = core.nextDeadlineMs();
            if (!sends(core.tick(now)).isEmpty()) {
                resends.add(now);
            }
        }
        assertThat(resends).containsExactly(200L, 600L, 1400L, 3000L, 6000L, 9000L, 12000L);
    }

    @Test
    void malformedBytesAreCountedAndChangeNothing() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        core.start(zxid(1, 1), 1, 0);
        Vote before = core.proposal();
        assertThat(core.onMessage(2, new byte[] {1, 2, 3}, 5)).isEmpty();
        assertThat(core.onMessage(2, null, 5)).isEmpty();
        assertThat(core.malformedMessages()).isEqualTo(2);
        assertThat(core.proposal()).isEqualTo(before);
        assertThat(core.nextDeadlineMs()).isEqualTo(200);
    }

    @Test
    void nonVotersGetTheCurrentVoteAndNeverEnterTheTally() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, ElectionNet.view(3, 1)));
        core.start(zxid(1, 4), 1, 0);
        List<Outbound.Send> answer = sends(core.onNotification(4, Notification.of(ServerState.LOOKING, Long.MIN_VALUE,
            Long.MIN_VALUE, 1, Long.MIN_VALUE, new byte[0]), 5));
        assertThat(answer).singleElement().satisfies(s -> {
            assertThat(s.toSid()).isEqualTo(4);
            assertThat(s.notification().state()).isEqualTo(ServerState.LOOKING);
            assertThat(s.notification().leader()).isEqualTo(1);
            assertThat(s.notification().electionEpoch()).isEqualTo(1);
        });
        // a stranger voting for a voter does not add to the tally either
        core.onNotification(9, Notification.of(ServerState.LOOKING, 1, zxid(1, 4), 1, 1, new byte[0]), 6);
        assertThat(core.nextDeadlineMs()).isEqualTo(200); // not finalizing
    }

    @Test
    void messagesBeforeStartAreReadAtStart() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        assertThat(core.onNotification(2, Notification.of(ServerState.LOOKING, 2, zxid(1, 9), 1, 1, new byte[0]), 0))
            .isEmpty();
        List<Outbound.Send> sent = sends(core.start(zxid(1, 1), 1, 1));
        // first its own vote, then, having read 2's better vote, a vote for 2
        assertThat(sent.stream().map(s -> s.notification().leader()).collect(Collectors.toList()))
            .containsExactly(1L, 1L, 2L, 2L);
        assertThat(core.nextDeadlineMs()).isEqualTo(201);
    }

    @Test
    void followingVotesAloneDoNotMakeALeaderUntilTheLeaderSaysItLeads() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, ElectionNet.view(5, 0)));
        core.start(zxid(1, 1), 1, 0);
        for (long sid = 2; sid <= 4; sid++) {
            List<Outbound> outs = core.onNotification(sid, Notification.of(ServerState.FOLLOWING, 5, zxid(1, 9), 3, 2,
                new byte[0]), 10);
            assertThat(decisions(outs)).isEmpty();
        }
        assertThat(core.state()).isEqualTo(ServerState.LOOKING);
        List<Outbound.Decided> decided = decisions(core.onNotification(5, Notification.of(ServerState.LEADING, 5,
            zxid(1, 9), 3, 2, new byte[0]), 20));
        assertThat(decided).singleElement().satisfies(d -> {
            assertThat(d.role()).isEqualTo(ServerState.FOLLOWING);
            assertThat(d.vote()).isEqualTo(new Vote(5, zxid(1, 9), 3, 2));
            assertThat(d.supporters()).containsExactly(2L, 3L, 4L, 5L);
        });
        assertThat(core.logicalClock()).isEqualTo(3); // it takes the running ensemble's round
    }

    @Test
    void votesOfServersOutOfTheElectionMatchOnLeaderAndEpochOnly() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        core.start(zxid(1, 1), 1, 0);
        // 2 follows 3 since an older round and with an older zxid; 3 leads: still one ensemble (ZOOKEEPER-1805)
        core.onNotification(2, Notification.of(ServerState.FOLLOWING, 3, zxid(1, 4), 7, 2, new byte[0]), 5);
        List<Outbound.Decided> decided = decisions(core.onNotification(3, Notification.of(ServerState.LEADING, 3,
            zxid(1, 9), 8, 2, new byte[0]), 6));
        assertThat(decided).singleElement().satisfies(d -> assertThat(d.vote().leader()).isEqualTo(3));
        // a different peer epoch is a different ensemble
        ElectionCore other = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        other.start(zxid(1, 1), 1, 0);
        other.onNotification(2, Notification.of(ServerState.FOLLOWING, 3, zxid(1, 4), 7, 1, new byte[0]), 5);
        assertThat(decisions(other.onNotification(3, Notification.of(ServerState.LEADING, 3, zxid(1, 9), 8, 2,
            new byte[0]), 6))).isEmpty();
    }

    @Test
    void minusOneZxidsKeepAServerOutOfLookingRounds() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        core.start(zxid(1, 1), 1, 0);
        core.onNotification(2, Notification.of(ServerState.LOOKING, 2, -1, 1, 1, new byte[0]), 5);
        assertThat(core.proposal().leader()).isEqualTo(1);
        assertThat(core.nextDeadlineMs()).isEqualTo(205); // not finalizing: the vote was not counted

        ElectionCore empty = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        empty.start(-1, 0, 0);
        empty.onNotification(2, Notification.of(ServerState.LOOKING, 2, zxid(1, 5), 4, 1, new byte[0]), 5);
        assertThat(empty.logicalClock()).isEqualTo(1);
        assertThat(empty.proposal().leader()).isEqualTo(1);
    }

    @Test
    void aLeaderThatIsStillLookingIsNotFollowed() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, ElectionNet.view(5, 0)));
        core.start(zxid(1, 1), 1, 0);
        Notification forFive = Notification.of(ServerState.LOOKING, 5, zxid(1, 9), 1, 1, new byte[0]);
        core.onNotification(5, forFive, 1); // 5 votes for itself: 1 agrees, so 1 and 5 are two of five
        for (long sid = 2; sid <= 3; sid++) {
            assertThat(decisions(core.onNotification(sid, Notification.of(ServerState.FOLLOWING, 5, zxid(1, 9), 1, 1,
                new byte[0]), 2))).isEmpty();
        }
        // four of five name 5 in this round, but 5 itself has not said it leads
        assertThat(core.state()).isEqualTo(ServerState.LOOKING);
    }

    @Test
    void iLeadOnlyForMyOwnRound() {
        ElectionCore core = new ElectionCore(ElectionConfig.of(3, LearnerType.PARTICIPANT, THREE));
        core.start(zxid(1, 9), 1, 0);
        core.start(zxid(1, 9), 1, 0); // round 2
        core.onNotification(1, Notification.of(ServerState.FOLLOWING, 3, zxid(1, 9), 1, 1, new byte[0]), 5);
        assertThat(decisions(core.onNotification(2, Notification.of(ServerState.FOLLOWING, 3, zxid(1, 9), 1, 1,
            new byte[0]), 6))).isEmpty();
        assertThat(core.state()).isEqualTo(ServerState.LOOKING);
    }

    @Test
    void observersAnswerNobody() {
        // ZooKeeper's observers answer voters, and a voter answers every observer message: an endless ping-pong
        ElectionCore observer = new ElectionCore(ElectionConfig.of(4, LearnerType.OBSERVER, ElectionNet.view(3, 1)));
        observer.start(zxid(1, 1), 1, 0);
        observer.start(zxid(1, 1), 1, 0); // round 2
        Notification laggingVoter = Notification.of(ServerState.LOOKING, 1, zxid(1, 1), 1, 1, new byte[0]);
        assertThat(sends(observer.onNotification(1, laggingVoter, 5))).isEmpty();
        ElectionCore voter = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, ElectionNet.view(3, 1)));
        voter.start(zxid(1, 1), 1, 0);
        assertThat(sends(voter.onNotification(4, Notification.of(ServerState.OBSERVING, 2, 0, 2, 1, new byte[0]), 5)))
            .singleElement().satisfies(s -> assertThat(s.toSid()).isEqualTo(4));
    }

    @Test
    void aLostMessageCanSplitARoundWhichIsWhyZabChecksEpochs() {
        // As in ZooKeeper: a quorum seen 200 ms ago may have moved on. 1 sees 2 and 3 vote for 3 and decides; the
        // news that 3 itself switched to 5 is lost on the way to 1.
        VotingView five = ElectionNet.view(5, 0);
        ElectionCore one = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, five));
        ElectionCore three = new ElectionCore(ElectionConfig.of(3, LearnerType.PARTICIPANT, five));
        one.start(zxid(1, 1), 1, 0);
        three.start(zxid(1, 3), 1, 0);
        Notification forThree = Notification.of(ServerState.LOOKING, 3, zxid(1, 3), 1, 1, new byte[0]);
        one.onNotification(2, forThree, 10);
        one.onNotification(3, forThree, 10);
        Notification forFive = Notification.of(ServerState.LOOKING, 5, zxid(1, 5), 1, 1, new byte[0]);
        three.onNotification(5, forFive, 20);
        three.onNotification(4, forFive, 20);
        assertThat(decisions(one.tick(210))).singleElement().satisfies(d -> {
            assertThat(d.role()).isEqualTo(ServerState.FOLLOWING);
            assertThat(d.vote().leader()).isEqualTo(3);
        });
        assertThat(decisions(three.tick(220))).singleElement().satisfies(d -> {
            assertThat(d.role()).isEqualTo(ServerState.FOLLOWING);
            assertThat(d.vote().leader()).isEqualTo(5);
        });
    }

    @Test
    void aNewerConfigurationInANotificationIsHandedToTheNodeOnlyWithReconfigurationEnabled() {
        byte[] newer = ("server.1=h1:1:2:participant;3\nserver.2=h2:1:2:participant;3\nversion=100000005")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ElectionCore.configVersion(newer)).isEqualTo(0x100000005L);
        assertThat(ElectionCore.configVersion(THREE.config())).isLessThan(0x100000005L);
        assertThat(ElectionCore.configVersion(new byte[0])).isEqualTo(-1);
        Notification fromTwo = Notification.of(ServerState.FOLLOWING, 3, zxid(1, 9), 1, 1, newer);

        ElectionCore adopting = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        adopting.adoptNewerConfigs(true);
        adopting.start(zxid(1, 5), 1, 0);
        List<Outbound> outs = adopting.onNotification(2, fromTwo, 10);
        assertThat(outs).singleElement().isInstanceOfSatisfying(Outbound.NewerConfig.class, c -> {
            assertThat(c.fromSid()).isEqualTo(2);
            assertThat(c.config()).isEqualTo(newer);
        });

        ElectionCore ignoring = new ElectionCore(ElectionConfig.of(1, LearnerType.PARTICIPANT, THREE));
        ignoring.start(zxid(1, 5), 1, 0);
        assertThat(ignoring.onNotification(2, fromTwo, 10)).noneMatch(o -> o instanceof Outbound.NewerConfig);
    }
}

package dev.paddock.server.quorum.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.server.quorum.auth.AuthStep.Outcome;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;

/**
 * The quorum SASL handshakes driven against each other without sockets, with the JDK's real DIGEST-MD5 mechanism
 * (protocol zookeeper-quorum, server name zk-quorum-sasl-md5, as ZooKeeper's quorum uses it).
 */
class QuorumAuthHandshakeTest {
    private static final Map<String, String> USERS = Map.of("test", "secret");

    static SaslExchange digestServer(Map<String, String> users) throws SaslException {
        return new DigestMechanism(users, null, null).server();
    }

    static SaslExchange digestClient(String user, String password) throws SaslException {
        return new DigestMechanism(Map.of(), user, password).learner("localhost");
    }

    /** Every packet as it would cross the wire, decoded again as the other side reads it. */
    private final List<QuorumAuthPacket> wire = new ArrayList<>();

    private QuorumAuthPacket cross(QuorumAuthPacket p) throws IOException {
        QuorumAuthPacket back = QuorumAuthPacket.read(new DataInputStream(new ByteArrayInputStream(p.encode())));
        wire.add(back);
        return back;
    }

    /** Runs both sides to the end; returns {learner's last step, server's last step}. */
    private AuthStep[] run(LearnerAuthHandshake learner, ServerAuthHandshake server) throws IOException {
        AuthStep l = learner.start();
        assertThat(l.outcome()).isEqualTo(Outcome.CONTINUE);
        QuorumAuthPacket first = cross(l.reply());
        AuthStep s = server.firstLong(ByteBuffer.wrap(first.encode()).getLong());
        assertThat(s.outcome()).isEqualTo(Outcome.CONTINUE);
        s = server.packet(first);
        while (true) {
            QuorumAuthPacket answer = cross(s.reply());
            l = learner.packet(answer);
            if (l.finished() || s.finished()) {
                break;
            }
            s = server.packet(cross(l.reply()));
        }
        return new AuthStep[] {l, s};
    }

    @Test
    void digestMd5SucceedsInFourPacketsAsZooKeepersDo() throws IOException {
        LearnerAuthHandshake learner = new LearnerAuthHandshake(() -> digestClient("test", "secret"), "sid 2");
        ServerAuthHandshake server = new ServerAuthHandshake(true, () -> digestServer(USERS));
        AuthStep[] end = run(learner, server);
        assertThat(end[0].outcome()).isEqualTo(Outcome.AUTHENTICATED);
        assertThat(end[1].outcome()).isEqualTo(Outcome.AUTHENTICATED);
        assertThat(end[1].detail()).isEqualTo("test");
        // learner: empty token; server: challenge; learner: response; server: SUCCESS with rspauth
        assertThat(wire).extracting(QuorumAuthPacket::status).containsExactly(QuorumAuthPacket.IN_PROGRESS,
                QuorumAuthPacket.IN_PROGRESS, QuorumAuthPacket.IN_PROGRESS, QuorumAuthPacket.SUCCESS);
        assertThat(wire.get(0).token()).isEmpty();
        assertThat(wire.get(3).token()).isNotEmpty();
        assertThat(wire).allSatisfy(p -> assertThat(p.magic()).isEqualTo(QuorumAuthPacket.MAGIC));
    }

    @Test
    void wrongPasswordIsRefusedWhenRequiredAndTheLearnerSeesError() throws IOException {
        LearnerAuthHandshake learner = new LearnerAuthHandshake(() -> digestClient("test", "wrong"), "sid 2");
        ServerAuthHandshake server = new ServerAuthHandshake(true, () -> digestServer(USERS));
        AuthStep[] end = run(learner, server);
        assertThat(end[1].outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(end[1].reply().status()).isEqualTo(QuorumAuthPacket.ERROR);
        assertThat(end[1].reply().token()).isEmpty();
        assertThat(end[0].outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void wrongPasswordIsLetThroughWhenNotRequiredButTheLearnerStillGivesUp() throws IOException {
        LearnerAuthHandshake learner = new LearnerAuthHandshake(() -> digestClient("test", "wrong"), "sid 2");
        ServerAuthHandshake server = new ServerAuthHandshake(false, () -> digestServer(USERS));
        AuthStep[] end = run(learner, server);
        assertThat(end[1].outcome()).isEqualTo(Outcome.ALLOWED_WITHOUT_AUTH);
        assertThat(end[1].reply().status()).isEqualTo(QuorumAuthPacket.ERROR);
        assertThat(end[0].outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void unknownUserIsRefused() throws IOException {
        LearnerAuthHandshake learner = new LearnerAuthHandshake(() -> digestClient("mallory", "secret"), "sid 2");
        ServerAuthHandshake server = new ServerAuthHandshake(true, () -> digestServer(USERS));
        AuthStep[] end = run(learner, server);
        assertThat(end[1].outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(end[0].outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void aPeerThatDoesNotAuthenticateIsRefusedOnlyWhenRequired() {
        // FOLLOWERINFO's first 8 bytes: int type 11, then the high half of the zxid
        long followerInfo = ByteBuffer.allocate(8).putInt(11).putInt(0).getLong(0);
        AuthStep required = new ServerAuthHandshake(true, () -> digestServer(USERS)).firstLong(followerInfo);
        assertThat(required.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(required.reply()).isNull();
        AuthStep optional = new ServerAuthHandshake(false, () -> digestServer(USERS)).firstLong(followerInfo);
        assertThat(optional.outcome()).isEqualTo(Outcome.ALLOWED_WITHOUT_AUTH);
        assertThat(optional.reply()).isNull();
        // a smaller-sid dialler that sends its initial message and hangs up
        assertThat(new ServerAuthHandshake(true, () -> digestServer(USERS)).endedBeforeAuth("hung up").outcome())
                .isEqualTo(Outcome.REFUSED);
        assertThat(new ServerAuthHandshake(false, () -> digestServer(USERS)).endedBeforeAuth("hung up").admitted())
                .isTrue();
    }

    @Test
    void aServerThatCannotMakeItsSaslServerAnswersError() {
        ServerAuthHandshake server = new ServerAuthHandshake(true, () -> {
            throw new SaslException("no JAAS section QuorumServer");
        });
        assertThat(server.firstLong(QuorumAuthPacket.MAGIC).outcome()).isEqualTo(Outcome.CONTINUE);
        AuthStep s = server.packet(QuorumAuthPacket.of(QuorumAuthPacket.IN_PROGRESS, new byte[0]));
        assertThat(s.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(s.reply().status()).isEqualTo(QuorumAuthPacket.ERROR);
        assertThat(s.detail()).contains("no JAAS section QuorumServer");
    }

    @Test
    void aConversationThatNeverCompletesEndsWithErrorAfterFiveChallenges() {
        ServerAuthHandshake server = new ServerAuthHandshake(true, () -> new NeverDone());
        server.firstLong(QuorumAuthPacket.MAGIC);
        for (int i = 1; i <= ServerAuthHandshake.MAX_ROUNDS; i++) {
            AuthStep s = server.packet(QuorumAuthPacket.of(QuorumAuthPacket.IN_PROGRESS, new byte[] {1}));
            assertThat(s.outcome()).as("round %d", i).isEqualTo(Outcome.CONTINUE);
            assertThat(s.reply().status()).isEqualTo(QuorumAuthPacket.IN_PROGRESS);
        }
        AuthStep last = server.packet(QuorumAuthPacket.of(QuorumAuthPacket.IN_PROGRESS, new byte[] {1}));
        assertThat(last.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(last.reply().status()).isEqualTo(QuorumAuthPacket.ERROR);
    }

    @Test
    void theLearnerRefusesBadAnswers() {
        LearnerAuthHandshake badMagic = new LearnerAuthHandshake(() -> new NeverDone(), "sid 3");
        badMagic.start();
        assertThat(badMagic.packet(new QuorumAuthPacket(42, QuorumAuthPacket.SUCCESS, null)).outcome())
                .isEqualTo(Outcome.REFUSED);

        LearnerAuthHandshake unknownStatus = new LearnerAuthHandshake(() -> new NeverDone(), "sid 3");
        unknownStatus.start();
        assertThat(unknownStatus.packet(QuorumAuthPacket.of(7, new byte[0])).outcome()).isEqualTo(Outcome.REFUSED);

        LearnerAuthHandshake early = new LearnerAuthHandshake(() -> new NeverDone(), "sid 3");
        early.start();
        AuthStep s = early.packet(QuorumAuthPacket.of(QuorumAuthPacket.SUCCESS, new byte[0]));
        assertThat(s.outcome()).isEqualTo(Outcome.REFUSED);

        LearnerAuthHandshake nullToken = new LearnerAuthHandshake(() -> new NeverDone(), "sid 3");
        nullToken.start();
        assertThat(nullToken.packet(QuorumAuthPacket.of(QuorumAuthPacket.IN_PROGRESS, null)).outcome())
                .isEqualTo(Outcome.REFUSED);

        LearnerAuthHandshake cannotStart = new LearnerAuthHandshake(() -> {
            throw new SaslException("no JAAS section QuorumLearner");
        }, "sid 3");
        assertThat(cannotStart.start().outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void packetBytesAreZooKeepersJuteRecord() throws IOException {
        byte[] b = QuorumAuthPacket.of(QuorumAuthPacket.IN_PROGRESS, new byte[0]).encode();
        assertThat(b).hasSize(16);
        ByteBuffer bb = ByteBuffer.wrap(b);
        assertThat(bb.getLong()).isEqualTo(-0xa0dbcafecafe1234L);
        assertThat(bb.getInt()).isZero();
        assertThat(bb.getInt()).isZero();
        byte[] nullToken = QuorumAuthPacket.of(QuorumAuthPacket.ERROR, null).encode();
        assertThat(ByteBuffer.wrap(nullToken, 8, 8).getInt()).isEqualTo(-1);
        assertThat(ByteBuffer.wrap(nullToken, 12, 4).getInt()).isEqualTo(-1);
        // ZooKeeper's own record class reads what we write
        org.apache.zookeeper.server.quorum.QuorumAuthPacket zk = new org.apache.zookeeper.server.quorum
                .QuorumAuthPacket();
        zk.deserialize(org.apache.jute.BinaryInputArchive.getArchive(new ByteArrayInputStream(
                QuorumAuthPacket.of(QuorumAuthPacket.SUCCESS, new byte[] {1, 2, 3}).encode())), "qpconnect");
        assertThat(zk.getMagic()).isEqualTo(QuorumAuthPacket.MAGIC);
        assertThat(zk.getStatus()).isEqualTo(1);
        assertThat(zk.getToken()).containsExactly(1, 2, 3);
    }

    /** A mechanism that always has another round. */
    private static final class NeverDone implements SaslExchange {
        public byte[] initialResponse() {
            return new byte[0];
        }

        public byte[] evaluate(byte[] token) {
            return new byte[] {9};
        }

        public boolean isComplete() {
            return false;
        }

        public String authorizedId() {
            return null;
        }

        public void dispose() {
        }
    }
}

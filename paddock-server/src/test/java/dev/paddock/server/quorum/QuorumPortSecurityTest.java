package dev.paddock.server.quorum;

import static dev.paddock.server.quorum.QuorumPortTransportTest.ANY_LOOPBACK;
import static dev.paddock.server.quorum.QuorumPortTransportTest.followerInfo;
import static dev.paddock.server.quorum.QuorumPortTransportTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.security.TestPki;
import dev.paddock.security.tls.TlsContext;
import dev.paddock.security.tls.TlsSettings;
import dev.paddock.server.quorum.auth.DigestMechanism;
import dev.paddock.server.quorum.auth.QuorumAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quorum SASL and TLS on both quorum ports over real loopback sockets: who gets a connection and who is hung up on
 * before a single quorum packet or election message reaches the member (CVE-2018-8012 at each port).
 */
class QuorumPortSecurityTest {
    private static final Map<String, String> USERS = Map.of("test", "secret");
    @TempDir
    static java.nio.file.Path pkiDir;
    private static TlsContext tlsContext;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void pki() {
        TestPki pki = TestPki.create(pkiDir);
        tlsContext = TlsContext.forQuorum(TlsSettings.read(TlsSettings.QUORUM_PREFIX,
                pki.server().properties(TlsSettings.QUORUM_PREFIX, TestPki.Format.PKCS12)));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static QuorumSecurity sasl(boolean learnerRequired, boolean serverRequired, String password) {
        return new QuorumSecurity(QuorumAuth.sasl(learnerRequired, serverRequired,
                new DigestMechanism(USERS, "test", password)), QuorumTls.NONE);
    }

    private static QuorumSecurity tls(boolean sslQuorum, boolean portUnification) {
        return new QuorumSecurity(QuorumAuth.NONE, QuorumTls.of(() -> tlsContext, sslQuorum, portUnification));
    }

    private LearnerAcceptor leader(QuorumSecurity security, QuorumEventRecorder events) throws IOException {
        LearnerAcceptor a = LearnerAcceptor.start(List.of(ANY_LOOPBACK), settings(), security, events);
        toClose.add(a);
        return a;
    }

    private LeaderConnector learner(LearnerAcceptor leader, QuorumSecurity security, QuorumEventRecorder events) {
        LeaderConnector c = LeaderConnector.dial(1, leader.boundAddresses(), settings().withRetries(2, 50, 5_000),
                security, "127.0.0.1", LeaderConnector.RAW_SNAPSHOT, events);
        toClose.add(c);
        return c;
    }

    /** The learner is admitted: its FOLLOWERINFO reaches the leader, which learns its sid. */
    private void assertAdmitted(QuorumSecurity leaderSide, QuorumSecurity learnerSide) throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        QuorumEventRecorder learnerEvents = new QuorumEventRecorder();
        LearnerAcceptor a = leader(leaderSide, leaderEvents);
        learner(a, learnerSide, learnerEvents);
        QuorumConnection c = QuorumPortTransportTest.introduce(learnerEvents, leaderEvents, 7);
        assertThat(c.sid()).isEqualTo(7);
    }

    /** The learner never gets a connection to the leader that carries a packet. */
    private void assertRefused(QuorumSecurity leaderSide, QuorumSecurity learnerSide) throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        QuorumEventRecorder learnerEvents = new QuorumEventRecorder();
        LearnerAcceptor a = leader(leaderSide, leaderEvents);
        learner(a, learnerSide, learnerEvents);
        QuorumEvent e = learnerEvents.next(QuorumEvent.class);
        if (e instanceof QuorumEvent.Connected c) { // plain learner, TLS leader: TCP is up, the leader hangs up
            c.connection().send(followerInfo(7));
            learnerEvents.next(QuorumEvent.Lost.class);
        } else {
            assertThat(e).isInstanceOf(QuorumEvent.DialFailed.class);
        }
        // a plain leader starts a connection at once (and drops it at the TLS bytes): no packet gets through
        assertThat(leaderEvents.drain()).as("what the leader saw of the learner")
                .noneMatch(x -> x instanceof QuorumEvent.PacketReceived);
    }

    @Test
    void requiredSaslAdmitsALearnerWithThePassword() throws Exception {
        assertAdmitted(sasl(true, true, "secret"), sasl(true, true, "secret"));
    }

    @Test
    void cve20188012QuorumPortRefusesWrongPassword() throws Exception {
        assertRefused(sasl(true, true, "secret"), sasl(true, true, "guessed"));
    }

    @Test
    void cve20188012QuorumPortRefusesALearnerThatDoesNotAuthenticate() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor a = leader(sasl(true, true, "secret"), leaderEvents);
        try (Socket s = new Socket()) {
            s.connect(a.boundAddresses().get(0), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(QuorumPortWire.encode(followerInfo(7)));
            s.getOutputStream().flush();
            assertThat(s.getInputStream().read()).as("hung up on, nothing sent").isEqualTo(-1);
        }
        assertThat(leaderEvents.isEmpty()).isTrue();
    }

    @Test
    void saslNotRequiredAdmitsALearnerWithoutSasl() throws Exception {
        // a rolling upgrade: the leader has quorum.auth.enableSasl, the learner not yet
        assertAdmitted(sasl(false, false, "secret"), QuorumSecurity.NONE);
        assertAdmitted(sasl(false, false, "secret"), sasl(true, false, "secret"));
    }

    @Test
    void tlsLearnerAndLeader() throws Exception {
        assertAdmitted(tls(true, false), tls(true, false));
    }

    @Test
    void tlsOnlyLeaderRefusesAPlainLearner() throws Exception {
        assertRefused(tls(true, false), QuorumSecurity.NONE);
    }

    @Test
    void plainLeaderRefusesATlsLearner() throws Exception {
        assertRefused(QuorumSecurity.NONE, tls(true, false));
    }

    @Test
    void portUnificationLeaderAdmitsBoth() throws Exception {
        assertAdmitted(tls(true, true), QuorumSecurity.NONE);
        assertAdmitted(tls(true, true), tls(true, false));
        assertAdmitted(tls(false, true), tls(true, false));
    }

    @Test
    void tlsAndSaslTogether() throws Exception {
        QuorumSecurity both = new QuorumSecurity(QuorumAuth.sasl(true, true, new DigestMechanism(USERS, "test",
                "secret")), QuorumTls.of(() -> tlsContext, true, false));
        assertAdmitted(both, both);
    }

    // ---- election port

    private ElectionTransport election(long sid, QuorumSecurity security, ElectionInbox inbox) throws IOException {
        ElectionTransport t = ElectionTransport.start(ElectionOptions.of(sid, ANY_LOOPBACK, Map.of()), security,
                inbox);
        toClose.add(t);
        return t;
    }

    @Test
    void cve20188012ElectionPortRefusesAPeerThatDoesNotAuthenticate() throws Exception {
        ElectionInbox inbox = new ElectionInbox();
        ElectionTransport t = election(1, sasl(true, true, "secret"), inbox);
        try (Socket s = new Socket()) {
            s.connect(t.localAddress(), 5_000);
            s.setSoTimeout(10_000);
            // sid 2's initial message, then a notification: no auth packet
            byte[] hello = InitialMessage.of(2, List.of("127.0.0.1:1"), false).encode();
            byte[] vote = "a vote".getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(hello);
            s.getOutputStream().write(java.nio.ByteBuffer.allocate(4 + vote.length).putInt(vote.length).put(vote)
                    .array());
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            assertThat(in.read()).as("hung up on").isEqualTo(-1);
        }
        assertThat(inbox.poll(200, TimeUnit.MILLISECONDS)).as("no message delivered").isNull();
        assertThat(t.connectedSids()).isEmpty();
    }

    @Test
    void electionTransportsAuthenticateAndTalk() throws Exception {
        assertElection(sasl(true, true, "secret"), sasl(true, true, "secret"), true);
    }

    @Test
    void electionPeerWithWrongPasswordGetsNoConnection() throws Exception {
        assertElection(sasl(true, true, "secret"), sasl(true, true, "guessed"), false);
    }

    @Test
    void electionOverTlsAndRefusedWithoutIt() throws Exception {
        assertElection(tls(true, false), tls(true, false), true);
        assertElection(tls(true, false), QuorumSecurity.NONE, false);
        assertElection(tls(true, true), QuorumSecurity.NONE, true);
    }

    /** Sid 1 with {@code one}, sid 2 with {@code two}: whether 2's message reaches 1 and the other way round. */
    private void assertElection(QuorumSecurity one, QuorumSecurity two, boolean talk) throws Exception {
        ElectionInbox in1 = new ElectionInbox();
        ElectionInbox in2 = new ElectionInbox();
        ElectionTransport t1 = election(1, one, in1);
        ElectionTransport t2 = election(2, two, in2);
        t1.setPeerAddresses(2, List.of(t2.localAddress()));
        t2.setPeerAddresses(1, List.of(t1.localAddress()));
        t1.send(2, "from 1".getBytes(StandardCharsets.UTF_8));
        t2.send(1, "from 2".getBytes(StandardCharsets.UTF_8));
        if (talk) {
            assertThat(in1.poll(10_000, TimeUnit.MILLISECONDS)).as("2's message at 1").isNotNull();
            assertThat(in2.poll(10_000, TimeUnit.MILLISECONDS)).as("1's message at 2").isNotNull();
        } else {
            assertThat(in1.poll(2_000, TimeUnit.MILLISECONDS)).as("nothing from 2 at 1").isNull();
            assertThat(in2.poll(500, TimeUnit.MILLISECONDS)).as("nothing from 1 at 2").isNull();
        }
        t1.close();
        t2.close();
    }
}

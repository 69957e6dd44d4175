package dev.paddock.core;

import dev.paddock.core.auth.ClientAuth;
import dev.paddock.core.auth.SaslAuthenticator;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.proto.GetSASLRequest;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SetSASLResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SASL exchange and enforced authentication of the client port, with ZooKeeper 3.9's semantics: a SASL packet is
 * answered at once with the mechanism's challenge; on completion the connection gains {@code sasl:<authorizedId>} (and
 * {@code super} for a configured SASL super user); a failed exchange is answered AUTHFAILED (or
 * SESSIONCLOSEDREQUIRESASLAUTH when SASL is enforced) and the connection closes, unless failed clients are allowed.
 * Under enforcement any other request from a connection without an id of an enforced scheme is answered
 * SESSIONCLOSEDREQUIRESASLAUTH and the connection closes, before the request touches anything.
 */
final class AuthGate {
    private static final Logger LOG = LoggerFactory.getLogger(AuthGate.class);

    private final ClientAuth auth;

    AuthGate(ClientAuth auth) {
        this.auth = auth;
    }

    /** Handles a SASL packet; returns false when the connection must close (the reply is already sent). */
    boolean sasl(ConnState cs, RequestHeader header, GetSASLRequest request) {
        String session = Long.toHexString(cs.sessionId);
        if (auth.sasl() == null) {
            LOG.warn("SASL requested by session 0x{} but SASL is not configured", session);
            cs.conn.send(new ReplyHeader(header.xid(), 0, ErrorCode.AUTHFAILED.code), new SetSASLResponse(null));
            return false;
        }
        byte[] challenge = null;
        try {
            if (cs.sasl == null) {
                cs.sasl = auth.sasl().open();
            }
            challenge = cs.sasl.respond(request == null || request.token() == null ? new byte[0] : request.token());
            if (cs.sasl.complete()) {
                String id = cs.sasl.authorizedId();
                LOG.info("Session 0x{}: SASL authenticated, adding authorization id sasl:{}", session, id);
                cs.authIds.add(new Id(ClientAuth.SASL_SCHEME, id));
                if (id != null && auth.saslSuperUsers().contains(id)) {
                    LOG.info("Session 0x{}: SASL id '{}' is a super user", session, id);
                    cs.authIds.add(new Id("super", ""));
                }
            }
        } catch (SaslAuthenticator.Failure e) {
            LOG.warn("Session 0x{} from {} failed to SASL authenticate: {}", session, cs.conn.remoteAddress(),
                    e.getMessage());
            if (!auth.allowSaslFailedClients() || auth.saslRequired()) {
                int error = auth.saslRequired() ? ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH.code
                        : ErrorCode.AUTHFAILED.code;
                cs.conn.send(new ReplyHeader(header.xid(), 0, error), new SetSASLResponse(null));
                return false;
            }
            LOG.warn("Session 0x{}: keeping the connection despite the SASL failure (allowSaslFailedClients)",
                    session);
        }
        cs.conn.send(new ReplyHeader(header.xid(), 0, 0), new SetSASLResponse(challenge));
        return true;
    }

    /**
     * Whether the connection may make a request under enforced authentication. When not, the refusal is sent and the
     * caller closes the connection.
     */
    boolean admits(ConnState cs, RequestHeader header) {
        if (auth.admits(cs.authIds)) {
            return true;
        }
        List<String> schemes = cs.authIds.stream().map(Id::scheme).collect(Collectors.toList());
        LOG.error("Session 0x{}: authentication scheme(s) {} match none of the enforced schemes {}; closing the"
                + " connection", Long.toHexString(cs.sessionId), schemes, auth.enforceSchemes());
        cs.conn.send(new ReplyHeader(header.xid(), 0, ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH.code), null);
        return false;
    }

    /** The connection is gone: release its exchange. */
    static void release(ConnState cs) {
        if (cs.sasl != null) {
            cs.sasl.dispose();
            cs.sasl = null;
        }
    }
}

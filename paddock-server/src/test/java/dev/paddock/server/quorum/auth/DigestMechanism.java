package dev.paddock.server.quorum.auth;

import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.RealmCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * Quorum SASL with the JDK's DIGEST-MD5 and no JAAS: the server knows {@code users}, the learner is {@code user}
 * with {@code password} (protocol zookeeper-quorum, server name zk-quorum-sasl-md5, as ZooKeeper's quorum).
 */
public final class DigestMechanism implements QuorumAuth.Mechanism {
    private final Map<String, String> users;
    private final String user;
    private final String password;

    public DigestMechanism(Map<String, String> users, String user, String password) {
        this.users = Map.copyOf(users);
        this.user = user;
        this.password = password;
    }

    @Override
    public SaslExchange server() throws SaslException {
        SaslServer s = Sasl.createSaslServer("DIGEST-MD5", JaasQuorumSasl.PROTOCOL, JaasQuorumSasl.DIGEST_SERVER_NAME,
                null, new QuorumSaslCallbacks(users, false, Set.of("127.0.0.1")));
        return new SaslExchange() {
            public byte[] initialResponse() {
                throw new UnsupportedOperationException("server side");
            }

            public byte[] evaluate(byte[] token) throws SaslException {
                return s.evaluateResponse(token);
            }

            public boolean isComplete() {
                return s.isComplete();
            }

            public String authorizedId() {
                return s.getAuthorizationID();
            }

            public void dispose() {
                try {
                    s.dispose();
                } catch (SaslException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Override
    public SaslExchange learner(String peerHost) throws SaslException {
        SaslClient c = Sasl.createSaslClient(new String[] {"DIGEST-MD5"}, user, JaasQuorumSasl.PROTOCOL,
                JaasQuorumSasl.DIGEST_SERVER_NAME, null, (Callback[] cbs) -> {
                    for (Callback cb : cbs) {
                        if (cb instanceof NameCallback nc) {
                            nc.setName(nc.getDefaultName());
                        } else if (cb instanceof PasswordCallback pc) {
                            pc.setPassword(password.toCharArray());
                        } else if (cb instanceof RealmCallback rc) {
                            rc.setText(rc.getDefaultText());
                        }
                    }
                });
        return new SaslExchange() {
            public byte[] initialResponse() throws SaslException {
                return c.hasInitialResponse() ? c.evaluateChallenge(new byte[0]) : new byte[0];
            }

            public byte[] evaluate(byte[] token) throws SaslException {
                return c.evaluateChallenge(token);
            }

            public boolean isComplete() {
                return c.isComplete();
            }

            public String authorizedId() {
                return null;
            }

            public void dispose() {
            }
        };
    }
}

package dev.paddock.bench;

import org.apache.zookeeper.client.ZKClientConfig;

/**
 * How the official client reaches a server in the TLS comparison: plain over its Netty socket (the baseline: the
 * same client code path minus TLS), or TLS over the same socket. The pinned scenario's {@code zookeeper-netty} client
 * uses the plain one; other scenarios use the client's defaults (NIO).
 */
public enum ClientTransport {
    NETTY_PLAIN, NETTY_TLS;

    /** The client settings for this transport; TLS uses {@code files} as key and trust store. */
    public ZKClientConfig config(TlsFiles files) {
        ZKClientConfig c = new ZKClientConfig();
        c.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        if (this == NETTY_TLS) {
            c.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
            c.setProperty("zookeeper.ssl.keyStore.location", files.keyStore().toString());
            c.setProperty("zookeeper.ssl.keyStore.password", files.password());
            c.setProperty("zookeeper.ssl.keyStore.type", "PKCS12");
            c.setProperty("zookeeper.ssl.trustStore.location", files.trustStore().toString());
            c.setProperty("zookeeper.ssl.trustStore.password", files.password());
            c.setProperty("zookeeper.ssl.trustStore.type", "PKCS12");
        }
        return c;
    }
}

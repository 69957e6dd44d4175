package dev.paddock.server.http;

import dev.paddock.security.tls.TlsConfigException;
import dev.paddock.security.tls.TlsContext;
import dev.paddock.server.AdminSettings;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.ServerView;
import dev.paddock.server.admin.AdminCommands;
import dev.paddock.server.admin.Restorer;
import dev.paddock.server.console.Console;
import dev.paddock.server.fourlw.ServerFigures;
import dev.paddock.server.metrics.MetricsSettings;
import dev.paddock.server.metrics.PrometheusExporter;
import dev.paddock.server.net.ClientTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's HTTP ports: the admin server (ZooKeeper's commands, and the console when enabled) and the
 * Prometheus metrics endpoint when {@code metricsProvider.className} asks for it. As in ZooKeeper, an admin
 * server that cannot bind is logged and the server runs on; a metrics endpoint that cannot bind stops the start.
 */
public final class HttpServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServices.class);

    /** Largest request body either endpoint reads (a snapshot to restore comes as a body). */
    static final int MAX_BODY_BYTES = 256 * 1024 * 1024;

    private final HttpEndpoint admin;
    private final HttpEndpoint metrics;
    private final HttpEndpoint metricsHttps;

    private HttpServices(HttpEndpoint admin, HttpEndpoint metrics, HttpEndpoint metricsHttps) {
        this.admin = admin;
        this.metrics = metrics;
        this.metricsHttps = metricsHttps;
    }

    /**
     * Starts the ports {@code view}'s configuration asks for; {@code figures} is what the admin commands report,
     * {@code restorer} how the restore command restores (null: it cannot, as on an ensemble member).
     */
    public static HttpServices start(ServerView view, ServerFigures figures, Restorer restorer) throws IOException {
        ServerConfig config = view.config();
        MetricsSettings m = MetricsSettings.from(config.metricsProvider()); // a bad key stops the start here
        AdminSettings a = config.admin();
        HttpEndpoint admin = null;
        if (a.enableServer()) {
            List<HttpRoute> routes = new ArrayList<>();
            routes.add(AdminCommands.route(figures, restorer));
            if (a.consoleEnabled()) {
                routes.add(Console.route(view));
            }
            InetSocketAddress address = new InetSocketAddress(a.serverAddress(), a.serverPort());
            try {
                ClientTls tls = adminTls(a.tls());
                admin = HttpEndpoint.bind("admin", address, routes, a.idleTimeoutMs(), MAX_BODY_BYTES, tls);
                String scheme = tls == null ? "HTTP" : a.tls().forceHttps() ? "HTTPS" : "HTTP and HTTPS";
                LOG.info("Admin server ({}) on {}:{}, commands at {}{}", scheme, a.serverAddress(),
                        admin.localAddress().getPort(), a.commandUrl(), a.consoleEnabled() ? ", console at /console" : "");
            } catch (IOException | TlsConfigException e) {
                LOG.warn("Problem starting the admin server, running without it: {}", e.getMessage());
            }
        }
        HttpEndpoint metrics = null;
        HttpEndpoint metricsHttps = null;
        if (m.prometheus()) {
            List<HttpRoute> routes = List.of(PrometheusExporter.route(view, m));
            boolean unified = m.httpsPort() != -1 && m.httpPort() == m.httpsPort();
            try {
                if (m.httpPort() != -1) {
                    metrics = HttpEndpoint.bind("metrics", new InetSocketAddress(m.httpHost(), m.httpPort()), routes,
                            30_000, 1024 * 1024, unified ? metricsTls(m, true) : null);
                }
                if (m.httpsPort() != -1 && !unified) {
                    metricsHttps = HttpEndpoint.bind("metrics-https", new InetSocketAddress(m.httpHost(),
                            m.httpsPort()), routes, 30_000, 1024 * 1024, metricsTls(m, false));
                }
            } catch (IOException | TlsConfigException e) {
                for (HttpEndpoint started : new HttpEndpoint[] {admin, metrics}) {
                    if (started != null) {
                        started.close();
                    }
                }
                throw new IOException("Cannot start the Prometheus /metrics endpoint on " + m.httpHost() + " (metrics"
                        + "Provider.httpHost/httpPort/httpsPort/ssl.*): " + e.getMessage(), e);
            }
            LOG.info("Prometheus metrics on {} /metrics: HTTP {}, HTTPS {} (exportJvmInfo={})", m.httpHost(),
                    metrics == null ? "off" : metrics.localAddress().getPort() + (unified ? " (also HTTPS)" : ""),
                    metricsHttps == null ? (unified ? "on the HTTP port" : "off")
                            : Integer.toString(metricsHttps.localAddress().getPort()), m.exportJvmInfo());
        }
        return new HttpServices(admin, metrics, metricsHttps);
    }

    /** /metrics over HTTPS with the metricsProvider.ssl.* stores; {@code plainToo}: HTTP on the same port. */
    private static ClientTls metricsTls(MetricsSettings m, boolean plainToo) {
        TlsContext context = TlsContext.forServer(m.tls());
        return new ClientTls(() -> context, plainToo, null);
    }

    /**
     * The admin port's TLS, as ZooKeeper's admin server: forceHttps serves HTTPS only, portUnification HTTP and HTTPS
     * on the port; null for plain HTTP. The x509 super user is the client port's.
     */
    private static ClientTls adminTls(AdminSettings.Tls t) {
        if (!t.wanted()) {
            return null;
        }
        if (t.settings() == null) {
            throw new TlsConfigException("admin.portUnification/admin.forceHttps need usable ssl.quorum.keyStore.*"
                    + " settings");
        }
        TlsContext context = TlsContext.forServer(t.settings());
        return new ClientTls(() -> context, !t.forceHttps(), null);
    }

    /** The admin server's address, or null when it is off. */
    public InetSocketAddress adminAddress() {
        return admin == null ? null : admin.localAddress();
    }

    /** The metrics endpoint's address, or null when it is off. */
    public InetSocketAddress metricsAddress() {
        return metrics == null ? null : metrics.localAddress();
    }

    /** The separate HTTPS /metrics port's bound address, or null (none, or HTTPS on the HTTP port). */
    public InetSocketAddress metricsHttpsAddress() {
        return metricsHttps == null ? null : metricsHttps.localAddress();
    }

    @Override
    public void close() {
        if (metricsHttps != null) {
            metricsHttps.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (admin != null) {
            admin.close();
        }
    }
}

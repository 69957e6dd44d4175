package dev.paddock.server.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSession;

/**
 * One HTTP request, read in full.
 *
 * @param method  "GET", "POST", ...
 * @param path    the decoded path, without the query string
 * @param query   the query parameters (decoded), each with its values in order
 * @param headers the request headers; names in lower case
 * @param body    the request body (empty when none)
 * @param remote  the peer's address as the socket sees it (never a forwarded-for header)
 * @param tls     the TLS session of an HTTPS request (its client certificate, if any), or null for plain HTTP
 */
public record HttpCall(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
        byte[] body, InetSocketAddress remote, SSLSession tls) {

    /** A plain-HTTP request. */
    public HttpCall(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
            byte[] body, InetSocketAddress remote) {
        this(method, path, query, headers, body, remote, null);
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}

/**
 * What the server and the client share to secure a connection: TLS settings read with ZooKeeper's keys, key and
 * trust stores (JKS, PKCS12, PEM), TLS contexts, and SASL/JAAS plumbing over the JDK's own mechanisms.
 */
package dev.paddock.security;

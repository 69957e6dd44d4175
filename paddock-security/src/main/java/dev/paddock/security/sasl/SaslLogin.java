package dev.paddock.security.sasl;

import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * The identity a JAAS section logs in as: for Kerberos a {@link Subject} holding the principal and its keys (the JDK's
 * {@code Krb5LoginModule}, keytab and principal from the section's options); for DIGEST-MD5 a Subject without
 * principals and, on a client, the {@code username}/{@code password} options.
 */
public final class SaslLogin {
    private final JaasSection section;
    private final Subject subject;

    private SaslLogin(JaasSection section, Subject subject) {
        this.section = section;
        this.subject = subject;
    }

    /** Logs in with the section: Kerberos sections contact the KDC (or read the keytab) now. */
    public static SaslLogin login(JaasSection section) throws SaslConfigException {
        Subject subject = new Subject();
        if (!section.isKerberos()) {
            return new SaslLogin(section, subject);
        }
        List<AppConfigurationEntry> krb5 = section.entries().stream().filter(JaasSection::isKrb5)
            .collect(Collectors.toList());
        Configuration only = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return krb5.toArray(new AppConfigurationEntry[0]);
            }
        };
        try {
            LoginContext context = new LoginContext(section.name(), subject, SaslLogin::refuseCallbacks, only);
            context.login();
        } catch (LoginException | SecurityException e) {
            throw new SaslConfigException("Kerberos login with " + section + " failed (keytab, principal, KDC and "
                + "java.security.krb5.conf)", e);
        }
        if (subject.getPrincipals(KerberosPrincipal.class).isEmpty()) {
            throw new SaslConfigException("Kerberos login with " + section + " produced no principal");
        }
        return new SaslLogin(section, subject);
    }

    private static void refuseCallbacks(Callback[] callbacks) throws UnsupportedCallbackException {
        // A server or client logs in unattended: a keytab or ticket cache, never a prompt.
        throw new UnsupportedCallbackException(callbacks[0], "no interactive Kerberos login; use a keytab");
    }

    public JaasSection section() {
        return section;
    }

    public Subject subject() {
        return subject;
    }

    public boolean isKerberos() {
        return !subject.getPrincipals(KerberosPrincipal.class).isEmpty();
    }

    /** The Kerberos principal this login holds, e.g. {@code zookeeper/localhost@EXAMPLE.COM}. */
    public Optional<String> principal() {
        return subject.getPrincipals(KerberosPrincipal.class).stream().map(Principal::getName).findFirst();
    }

    /** A DIGEST-MD5 client's user name (option {@code username}). */
    public Optional<String> username() {
        return section.option("username");
    }

    /** A DIGEST-MD5 client's password (option {@code password}). */
    public Optional<String> password() {
        return section.option("password");
    }
}

package dev.paddock.compat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The digest scheme's id for user:password ("user:" + base64(sha1("user:password"))). */
final class Digests {
    private Digests() {
    }

    static String digest(String user, String password) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1")
                .digest((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return user + ":" + Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

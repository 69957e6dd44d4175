package dev.paddock.security.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PEM text read with the JDK alone: "CERTIFICATE" blocks through {@link CertificateFactory}, "PRIVATE KEY"
 * (PKCS#8) and "ENCRYPTED PRIVATE KEY" (PKCS#8, PBES1 or PBES2) blocks. RSA, EC and EdDSA keys.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemFiles() {
    }

    /** The certificates in the text, in order. */
    static List<Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                out.add(cf.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
            }
        }
        return out;
    }

    /** The first private key in the text, or null; an encrypted one is opened with {@code password}. */
    static PrivateKey privateKey(String pem, char[] password) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                return pkcs8(new PKCS8EncodedKeySpec(decode(m.group(2))));
            }
            if (type.equals("ENCRYPTED PRIVATE KEY")) {
                return pkcs8(decrypt(decode(m.group(2)), password));
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw new GeneralSecurityException("a '" + type + "' block (only PKCS#8 keys are read: convert it"
                        + " with 'openssl pkcs8 -topk8')");
            }
        }
        return null;
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, char[] password) throws GeneralSecurityException {
        if (password == null || password.length == 0) {
            throw new GeneralSecurityException("the private key is encrypted and no password is set");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("a malformed encrypted private key", e);
        }
        String alg = info.getAlgName();
        if (alg.equals("PBES2") || alg.equals("1.2.840.113549.1.5.13")) {
            alg = info.getAlgParameters().toString(); // e.g. PBEWithHmacSHA256AndAES_256
        }
        SecretKey key = SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(password));
        Cipher cipher = Cipher.getInstance(alg);
        cipher.init(Cipher.DECRYPT_MODE, key, info.getAlgParameters());
        try {
            return info.getKeySpec(cipher);
        } catch (InvalidKeySpecException e) {
            throw new GeneralSecurityException("cannot decrypt the private key (wrong password?)", e);
        }
    }

    private static PrivateKey pkcs8(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "DSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next
            }
        }
        throw new GeneralSecurityException("the private key is not an RSA, EC, EdDSA or DSA PKCS#8 key");
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64);
    }
}

package dev.paddock.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.security.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextReloaderTest {
    @TempDir
    Path dir;

    static X509Certificate leaf(TlsContext ctx) {
        return ctx.keyManager().getCertificateChain("key")[0];
    }

    @Test
    void aChangedKeyStoreIsReloadedAndABrokenOneKeepsTheOld() throws Exception {
        TestPki pki = TestPki.create(dir);
        TestPki.Stores first = pki.server();
        Path live = dir.resolve("live.p12");
        Files.copy(first.keyStore(TestPki.Format.PKCS12), live);
        Map<String, String> m = new HashMap<>(first.properties("ssl.", TestPki.Format.PKCS12));
        m.put("ssl.keyStore.location", live.toString());
        try (TlsContextReloader r = new TlsContextReloader(TlsSettings.read("ssl.", m), TlsContext::forServer, 20)) {
            assertThat(leaf(r.get())).isEqualTo(first.certificate());
            TestPki.Stores second = pki.issue("second", "CN=second", "localhost");
            Files.copy(second.keyStore(TestPki.Format.PKCS12), live, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(live, FileTime.from(Instant.now().plusSeconds(5)));
            await().atMost(Duration.ofSeconds(10)).until(() -> leaf(r.get()).equals(second.certificate()));

            TlsContext before = r.get();
            Files.writeString(live, "garbage");
            Files.setLastModifiedTime(live, FileTime.from(Instant.now().plusSeconds(10)));
            long seen = r.checks();
            await().atMost(Duration.ofSeconds(10)).until(() -> r.checks() >= seen + 2); // a full check after the write
            assertThat(r.get()).isSameAs(before);
        }
    }
}

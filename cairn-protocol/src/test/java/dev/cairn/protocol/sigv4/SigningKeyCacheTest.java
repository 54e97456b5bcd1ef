package dev.cairn.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SigningKeyCacheTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void derivesTheSigningKeyOfTheAwsDocumentationExample() {
        byte[] key = SigningKeyCache.derive(Scratch.newHmacSha256(), SECRET, "20150830", "us-east-1", "iam");
        assertThat(HexFormat.of().formatHex(key))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    @Test
    void returnsTheCachedKeyOnAHit() {
        SigningKeyCache cache = new SigningKeyCache(10);
        SecretKeySpec first = cache.signingKey(SECRET, "20150830", "us-east-1", "iam");
        assertThat(cache.signingKey(SECRET, "20150830", "us-east-1", "iam")).isSameAs(first);
        assertThat(cache.signingKey(SECRET, "20150831", "us-east-1", "iam")).isNotEqualTo(first);
        assertThat(cache.signingKey(SECRET + "x", "20150830", "us-east-1", "iam"))
                .isNotEqualTo(first);
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void staysWithinItsBound() {
        SigningKeyCache cache = new SigningKeyCache(3);
        for (int i = 0; i < 20; i++) {
            cache.signingKey("secret" + i, "20150830", "us-east-1", "sts");
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.signingKey("secret19", "20150830", "us-east-1", "sts").getEncoded())
                .isEqualTo(SigningKeyCache.derive(Scratch.newHmacSha256(), "secret19", "20150830", "us-east-1", "sts"));
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new SigningKeyCache(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEntries must be at least 1, was 0");
    }

    @Test
    void neverPrintsTheSecrets() {
        SigningKeyCache cache = new SigningKeyCache(4);
        cache.signingKey(SECRET, "20150830", "us-east-1", "iam");
        assertThat(cache.toString()).doesNotContain(SECRET).isEqualTo("SigningKeyCache[1/4 entries]");
    }

    @Test
    void derivesConsistentKeysUnderConcurrentUse() throws InterruptedException {
        SigningKeyCache cache = new SigningKeyCache(8);
        ConcurrentHashMap<String, String> seen = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 500; i++) {
                    String date = "201508" + (10 + i % 12);
                    String hex = HexFormat.of()
                            .formatHex(cache.signingKey(SECRET, date, "us-east-1", "sts")
                                    .getEncoded());
                    String previous = seen.putIfAbsent(date, hex);
                    if (previous != null && !previous.equals(hex)) {
                        seen.put("conflict", date);
                    }
                }
            });
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).doesNotContainKey("conflict").hasSize(12);
    }
}

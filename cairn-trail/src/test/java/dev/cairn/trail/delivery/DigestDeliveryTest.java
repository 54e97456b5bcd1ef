package dev.cairn.trail.delivery;

import static dev.cairn.trail.delivery.TrailDeliveryTest.ACCOUNT;
import static dev.cairn.trail.delivery.TrailDeliveryTest.BUCKET;
import static dev.cairn.trail.delivery.TrailDeliveryTest.eventually;
import static dev.cairn.trail.delivery.TrailDeliveryTest.gunzip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.StoredObject;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.testkit.bucket.InMemoryObjectStore;
import dev.cairn.testkit.journal.InMemoryJournal;
import dev.cairn.testkit.time.ManualClock;
import dev.cairn.trail.Trail;
import dev.cairn.trail.keys.FileSigningKeyStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestDeliveryTest {
    static final Duration DIGEST = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    final ManualClock clock = new ManualClock(TrailDeliveryTest.T0);
    final InMemoryJournal journal = new InMemoryJournal();
    final InMemoryObjectStore store = new InMemoryObjectStore(clock);
    final TrailDeliveryTest.Catalog catalog = new TrailDeliveryTest.Catalog(journal);
    FileSigningKeyStore keys;
    TrailDelivery delivery;

    @BeforeEach
    void start() {
        store.createBucket(BUCKET, ACCOUNT, "us-east-1");
        keys = FileSigningKeyStore.open(data.resolve("keys"));
        delivery = new TrailDelivery(
                journal,
                catalog,
                store,
                keys,
                clock,
                TrailDeliveryConfig.defaults()
                        .withFlushInterval(Duration.ofSeconds(1))
                        .withDigestInterval(DIGEST)
                        .withCatalogRefresh(Duration.ofMillis(50))
                        .withRetry(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                data.resolve("trails"),
                DeliveryListener.NONE);
    }

    @AfterEach
    void stop() {
        delivery.close();
    }

    @Test
    void aValidatingTrailWritesASignedDigestPerWindowThatListsItsFilesAndChainsToTheLastOne() throws Exception {
        Trail trail = catalog.put(validating().build());
        delivery.start();
        eventually(() ->
                assertThat(journal.committed(TrailDelivery.WATCH_CONSUMER)).isPresent());
        TrailDeliveryTest.sleep(Duration.ofMillis(300));
        journal.append(ACCOUNT, CloudTrailJson.serialize(new TrailDeliveryTest().eventAt(clock, "CreateUser")));

        List<String> digests = awaitDigests(1);
        JsonNode first = digestJson(digests.get(0));
        assertThat(first.get("awsAccountId").asText()).isEqualTo(ACCOUNT);
        assertThat(first.get("digestS3Object").asText()).isEqualTo(digests.get(0));
        assertThat(first.get("previousDigestS3Object").isNull()).isTrue();
        assertThat(first.get("previousDigestSignature").isNull()).isTrue();
        assertThat(first.get("logFiles")).hasSize(1);
        JsonNode listed = first.get("logFiles").get(0);
        StoredObject logFile = store.get(BUCKET, listed.get("s3Object").asText());
        assertThat(listed.get("hashValue").asText())
                .isEqualTo(sha256(gunzip(logFile.content()).getBytes(StandardCharsets.UTF_8)));
        assertThat(verifies(digests.get(0), first)).isTrue();

        List<String> two = awaitDigests(2);
        JsonNode second = digestJson(two.get(1));
        assertThat(second.get("digestStartTime").asText())
                .isEqualTo(first.get("digestEndTime").asText());
        assertThat(second.get("previousDigestS3Object").asText()).isEqualTo(two.get(0));
        assertThat(second.get("previousDigestSignature").asText())
                .isEqualTo(store.head(BUCKET, two.get(0))
                        .attributes()
                        .userMetadata()
                        .get("signature"));
        assertThat(second.get("logFiles")).isEmpty();
        assertThat(second.get("newestEventTime").isNull()).isTrue();
        assertThat(verifies(two.get(1), second)).isTrue();
        assertThat(delivery.status(trail.arn()).latestDigestDeliveryTime()).isNotNull();
    }

    @Test
    void stoppingLoggingEndsTheChainWithALastDigestAndStartingAgainStartsANewChain() throws Exception {
        Trail trail = catalog.put(validating().build());
        delivery.start();
        Path state = data.resolve("trails").resolve(DeliveryStateFile.consumerName(trail.arn()) + ".json");
        eventually(() -> assertThat(state).exists().content().contains("\"region\":\"us-east-1\""));
        clock.advance(Duration.ofSeconds(5));

        catalog.put(validating().logging(false).stopped(clock.now()).build());

        eventually(() -> assertThat(digestKeys()).hasSize(1));
        List<String> ended = digestKeys();
        assertThat(ended.get(0)).endsWith("_signed_us-east-1_20261123T100005Z.json.gz");
        assertThat(digestJson(ended.get(0)).get("previousDigestSignature").isNull())
                .isTrue();
        clock.advance(DIGEST.multipliedBy(3));
        TrailDeliveryTest.sleep(Duration.ofMillis(500));
        assertThat(digestKeys()).hasSize(1);

        catalog.put(validating().started(clock.now()).build());
        List<String> restarted = awaitDigests(2);
        JsonNode next = digestJson(restarted.get(1));
        assertThat(next.get("previousDigestS3Object").isNull()).isTrue();
    }

    TrailDeliveryTest.TrailBuilder validating() {
        return new TrailDeliveryTest.TrailBuilder("signed", TrailDeliveryTest.T0).validation(true);
    }

    List<String> awaitDigests(int count) {
        eventually(() -> {
            clock.advance(Duration.ofSeconds(2));
            assertThat(digestKeys()).hasSizeGreaterThanOrEqualTo(count);
        });
        return digestKeys();
    }

    List<String> digestKeys() {
        return store.list(BUCKET, ListRequest.all()).objects().stream()
                .map(ObjectInfo::key)
                .filter(k -> k.contains("/CloudTrail-Digest/"))
                .sorted()
                .toList();
    }

    JsonNode digestJson(String key) throws Exception {
        return JSON.readTree(gunzip(store.get(BUCKET, key).content()));
    }

    /** Verifies a digest as validate-logs does: the string to sign over the uncompressed bytes' hash. */
    boolean verifies(String key, JsonNode digest) throws Exception {
        StoredObject object = store.get(BUCKET, key);
        String signature = object.info().attributes().userMetadata().get("signature");
        String previous = digest.get("previousDigestSignature").isNull()
                ? "null"
                : digest.get("previousDigestSignature").asText();
        String toSign = digest.get("digestEndTime").asText() + "\n" + BUCKET + "/" + key + "\n"
                + sha256(gunzip(object.content()).getBytes(StandardCharsets.UTF_8)) + "\n" + previous;
        List<PublicKeyInfo> published =
                keys.publicKeys("us-east-1", Instant.EPOCH, clock.now().plusSeconds(3600));
        PublicKeyInfo info = published.stream()
                .filter(k -> k.fingerprint()
                        .equals(digest.get("digestPublicKeyFingerprint").asText()))
                .findFirst()
                .orElseThrow();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pkcs1(info.pkcs1Der()));
        verifier.update(toSign.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(HexFormat.of().parseHex(signature));
    }

    /** Reads a PKCS#1 RSAPublicKey: SEQUENCE { INTEGER modulus, INTEGER exponent }. */
    static PublicKey pkcs1(byte[] der) throws Exception {
        int[] at = {0};
        readHeader(der, at); // SEQUENCE
        BigInteger modulus = readInteger(der, at);
        BigInteger exponent = readInteger(der, at);
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }

    private static int readHeader(byte[] der, int[] at) {
        at[0]++; // tag
        int length = der[at[0]++] & 0xff;
        if (length >= 0x80) {
            int bytes = length & 0x7f;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[at[0]++] & 0xff);
            }
        }
        return length;
    }

    private static BigInteger readInteger(byte[] der, int[] at) {
        int length = readHeader(der, at);
        byte[] value = java.util.Arrays.copyOfRange(der, at[0], at[0] + length);
        at[0] += length;
        return new BigInteger(value);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

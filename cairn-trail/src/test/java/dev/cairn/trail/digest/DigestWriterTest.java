package dev.cairn.trail.digest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.signing.SigningKey;
import dev.cairn.trail.keys.PublicKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** The digest files {@link DigestWriter} produces: exact JSON, key, gzip, signature and chain link. */
class DigestWriterTest {

    static final String BUCKET = "amzn-s3-demo-bucket";
    static final DigestTarget TARGET =
            new DigestTarget("my-trail", "us-east-1", "111122223333", "us-east-2", BUCKET, "myprefix");
    static final SigningKey KEY = TestSigningKeys.fixed("us-east-2");
    static final String LOG_FOLDER = "myprefix/AWSLogs/111122223333/CloudTrail/us-east-2/2024/05/01/";
    static final String DIGEST_FOLDER = "myprefix/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2024/05/01/";

    static final LogFileEntry FIRST_LOG = new LogFileEntry(
            BUCKET,
            LOG_FOLDER + "111122223333_CloudTrail_us-east-2_20240501T1045Z_9nYN7gp2eWAJHIfT.json.gz",
            "9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6",
            Instant.parse("2024-05-01T10:52:27.900Z"),
            Instant.parse("2024-05-01T10:42:27Z"));
    static final LogFileEntry SECOND_LOG = new LogFileEntry(
            BUCKET,
            LOG_FOLDER + "111122223333_CloudTrail_us-east-2_20240501T1100Z_LnPgDQnpkSKEsppV.json.gz",
            "0000000000000000000000000000000000000000000000000000000000000001",
            Instant.parse("2024-05-01T10:58:03Z"),
            Instant.parse("2024-05-01T09:59:59Z"));
    static final DigestChain PREVIOUS = new DigestChain(
            BUCKET,
            DIGEST_FOLDER + "111122223333_CloudTrail-Digest_us-east-2_my-trail_us-east-1_20240501T100131Z.json.gz",
            "97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d",
            "ab".repeat(256),
            Instant.parse("2024-05-01T10:01:31Z"));

    @Test
    void continuationDigestIsExactlyTheGoldenJson() throws IOException {
        SignedDigest digest = DigestWriter.write(
                TARGET,
                Instant.parse("2024-05-01T10:01:31Z"),
                Instant.parse("2024-05-01T11:01:31Z"),
                List.of(FIRST_LOG, SECOND_LOG),
                PREVIOUS,
                KEY);

        assertThat(new String(digest.json(), UTF_8)).isEqualTo(golden("digest-continuation.json"));
        assertThat(digest.key())
                .isEqualTo(DIGEST_FOLDER
                        + "111122223333_CloudTrail-Digest_us-east-2_my-trail_us-east-1_20240501T110131Z.json.gz");
        assertThat(digest.bucket()).isEqualTo(BUCKET);
    }

    @Test
    void chainStartInAnEmptyHourHasNullPreviousMembersAndNoLogFiles() throws IOException {
        SignedDigest digest = DigestWriter.write(
                TARGET,
                Instant.parse("2024-05-01T09:01:31Z"),
                Instant.parse("2024-05-01T10:01:31Z"),
                List.of(),
                null,
                KEY);

        assertThat(new String(digest.json(), UTF_8)).isEqualTo(golden("digest-chain-start-empty.json"));
        Map<String, Object> json = TestJson.object(digest.json());
        assertThat(json).containsEntry("previousDigestSignature", null).containsEntry("logFiles", List.of());
        assertThat(json).containsKeys("previousDigestS3Bucket", "previousDigestS3Object", "newestEventTime");
    }

    @Test
    void signatureVerifiesOverTheStringToSignWithThePublishedPkcs1Key() throws GeneralSecurityException {
        SignedDigest digest = DigestWriter.write(
                TARGET,
                Instant.parse("2024-05-01T10:01:31Z"),
                Instant.parse("2024-05-01T11:01:31Z"),
                List.of(FIRST_LOG),
                PREVIOUS,
                KEY);

        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(digest.json()));
        String toSign = "2024-05-01T11:01:31Z\n" + BUCKET + "/" + digest.key() + "\n" + sha + "\n" + "ab".repeat(256);
        assertThat(DigestWriter.stringToSign("2024-05-01T11:01:31Z", BUCKET, digest.key(), sha, "ab".repeat(256)))
                .isEqualTo(toSign);
        assertThat(digest.sha256Hex()).isEqualTo(sha);
        assertThat(digest.signatureHex()).hasSize(512).matches("[0-9a-f]+");

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(PublicKeys.fromPkcs1Der(KEY.publicKey().pkcs1Der()));
        verifier.update(toSign.getBytes(UTF_8));
        assertThat(verifier.verify(HexFormat.of().parseHex(digest.signatureHex())))
                .isTrue();

        verifier.initVerify(PublicKeys.fromPkcs1Der(KEY.publicKey().pkcs1Der()));
        verifier.update(toSign.replace("11:01:31Z", "11:01:32Z").getBytes(UTF_8));
        assertThat(verifier.verify(HexFormat.of().parseHex(digest.signatureHex())))
                .as("a changed end time must not verify")
                .isFalse();
    }

    @Test
    void chainStartSignsTheWordNullAsPreviousSignature() throws GeneralSecurityException {
        SignedDigest digest = DigestWriter.write(
                TARGET,
                Instant.parse("2024-05-01T09:01:31Z"),
                Instant.parse("2024-05-01T10:01:31Z"),
                List.of(),
                null,
                KEY);

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(PublicKeys.fromPkcs1Der(KEY.publicKey().pkcs1Der()));
        verifier.update(("2024-05-01T10:01:31Z\n" + BUCKET + "/" + digest.key() + "\n" + digest.sha256Hex() + "\nnull")
                .getBytes(UTF_8));
        assertThat(verifier.verify(HexFormat.of().parseHex(digest.signatureHex())))
                .isTrue();
    }

    @Test
    void gzipIsOneMemberHoldingExactlyTheHashedBytes() throws IOException {
        SignedDigest digest = DigestWriter.write(
                TARGET,
                Instant.parse("2024-05-01T10:01:31Z"),
                Instant.parse("2024-05-01T11:01:31Z"),
                List.of(FIRST_LOG, SECOND_LOG),
                PREVIOUS,
                KEY);

        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(digest.gzip()))) {
            assertThat(in.readAllBytes()).isEqualTo(digest.json());
        }
        assertThat(gzipMembers(digest.gzip())).isEqualTo(1);
    }

    @Test
    void metadataCarriesTheSignatureAndItsAlgorithm() {
        SignedDigest digest = DigestWriter.write(
                TARGET,
                Instant.parse("2024-05-01T10:01:31Z"),
                Instant.parse("2024-05-01T11:01:31Z"),
                List.of(),
                PREVIOUS,
                KEY);

        assertThat(digest.metadata())
                .isEqualTo(Map.of("signature", digest.signatureHex(), "signature-algorithm", "SHA256withRSA"));
        ObjectAttributes attributes = digest.attributes();
        assertThat(attributes.userMetadata()).isEqualTo(digest.metadata());
        assertThat(attributes.contentType()).isEqualTo("application/json");
        assertThat(attributes.contentEncoding()).isEqualTo("gzip");
    }

    @Test
    void nextDigestLinksToThisOneAndSignsOverItsSignature() {
        SignedDigest first = DigestWriter.write(
                TARGET,
                Instant.parse("2024-05-01T09:01:31Z"),
                Instant.parse("2024-05-01T10:01:31Z"),
                List.of(),
                null,
                KEY);
        DigestChain link = first.chain();
        assertThat(link)
                .isEqualTo(new DigestChain(
                        BUCKET,
                        first.key(),
                        first.sha256Hex(),
                        first.signatureHex(),
                        Instant.parse("2024-05-01T10:01:31Z")));

        SignedDigest second = DigestWriter.write(
                TARGET, link.endTime(), link.endTime().plus(Duration.ofHours(1)), List.of(FIRST_LOG), link, KEY);

        Map<String, Object> json = TestJson.object(second.json());
        assertThat(json)
                .containsEntry("digestStartTime", "2024-05-01T10:01:31Z")
                .containsEntry("previousDigestS3Bucket", BUCKET)
                .containsEntry("previousDigestS3Object", first.key())
                .containsEntry("previousDigestHashValue", first.sha256Hex())
                .containsEntry("previousDigestHashAlgorithm", "SHA-256")
                .containsEntry("previousDigestSignature", first.signatureHex());
    }

    @Test
    void digestWithoutPrefixStartsAtAwsLogs() {
        DigestTarget noPrefix = new DigestTarget("t", "eu-west-1", "123456789012", "eu-west-1", "b", null);
        SignedDigest digest = DigestWriter.write(
                noPrefix,
                Instant.parse("2024-12-31T23:30:00Z"),
                Instant.parse("2025-01-01T00:30:00Z"),
                List.of(),
                null,
                TestSigningKeys.fixed("eu-west-1"));

        assertThat(digest.key())
                .isEqualTo("AWSLogs/123456789012/CloudTrail-Digest/eu-west-1/2025/01/01/"
                        + "123456789012_CloudTrail-Digest_eu-west-1_t_eu-west-1_20250101T003000Z.json.gz");
        assertThat(TestJson.object(digest.json())).containsEntry("digestS3Object", digest.key());
    }

    @Test
    void startThatIsNotThePreviousEndIsRefused() {
        assertThatThrownBy(() -> DigestWriter.write(
                        TARGET,
                        Instant.parse("2024-05-01T10:01:30Z"),
                        Instant.parse("2024-05-01T11:01:31Z"),
                        List.of(),
                        PREVIOUS,
                        KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2024-05-01T10:01:31Z");
    }

    @Test
    void fractionalSecondsAndEmptyWindowsAreRefused() {
        Instant start = Instant.parse("2024-05-01T09:01:31Z");
        assertThatThrownBy(() -> DigestWriter.write(TARGET, start, start.plusMillis(3_600_500), List.of(), null, KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fraction of a second");
        assertThatThrownBy(() -> DigestWriter.write(TARGET, start, start, List.of(), null, KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be before");
    }

    @Test
    void keyOfAnotherRegionIsRefused() {
        assertThatThrownBy(() -> DigestWriter.write(
                        TARGET,
                        Instant.parse("2024-05-01T09:01:31Z"),
                        Instant.parse("2024-05-01T10:01:31Z"),
                        List.of(),
                        null,
                        TestSigningKeys.fixed("us-east-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source region us-east-2");
    }

    static String golden(String name) throws IOException {
        try (InputStream in = DigestWriterTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + name + " is missing");
            }
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    /** Counts the gzip members in {@code gzip}, each inflated to its end. */
    static int gzipMembers(byte[] gzip) {
        int members = 0;
        int offset = 0;
        while (offset < gzip.length) {
            assertThat(gzip[offset] & 0xff).as("gzip magic at %d", offset).isEqualTo(0x1f);
            assertThat(gzip[offset + 1] & 0xff).isEqualTo(0x8b);
            int flags = gzip[offset + 3];
            assertThat(flags).as("no optional gzip header fields").isZero();
            Inflater inflater = new Inflater(true);
            inflater.setInput(gzip, offset + 10, gzip.length - offset - 10);
            byte[] sink = new byte[8192];
            try {
                while (!inflater.finished()) {
                    inflater.inflate(sink);
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new AssertionError(e);
            }
            offset = gzip.length - inflater.getRemaining() + 8; // the CRC32 and ISIZE trailer
            inflater.end();
            members++;
        }
        return members;
    }
}

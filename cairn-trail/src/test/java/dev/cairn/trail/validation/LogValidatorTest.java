package dev.cairn.trail.validation;

import static dev.cairn.trail.validation.TestTrail.BUCKET;
import static dev.cairn.trail.validation.TestTrail.HOUR;
import static dev.cairn.trail.validation.TestTrail.T0;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.StoredObject;
import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.trail.digest.DigestChain;
import dev.cairn.trail.digest.DigestTarget;
import dev.cairn.trail.digest.DigestWriter;
import dev.cairn.trail.digest.LogFileEntry;
import dev.cairn.trail.digest.SignedDigest;
import dev.cairn.trail.keys.PublicKeys;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogValidatorTest {

    static final String FROM = "2024-05-01T09:00:00Z";
    static final String TO = "2024-05-01T12:30:00Z";

    @Test
    void intactChainIsValidDigestByDigestNewestFirstWithEachDigestsLogFilesAfterIt() {
        TestTrail trail = TestTrail.threeHours();

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.lines)
                .containsExactly(
                        valid(trail.digests.get(2)),
                        valid(trail.digests.get(1)),
                        valid(trail.logs.get(0)),
                        valid(trail.logs.get(1)),
                        valid(trail.digests.get(0)));
        assertThat(run.report())
                .isEqualTo(new ValidationReport(
                        3,
                        0,
                        0,
                        0,
                        2,
                        0,
                        Instant.parse("2024-05-01T09:01:31Z"),
                        Instant.parse("2024-05-01T12:01:31Z")));
        assertThat(run.report().exitCode()).isZero();
        assertThat(run.listedStandard).isEqualTo(3);
        assertThat(run.listedBackfill).isZero();
    }

    @Test
    void changedLogFileIsReportedAsAHashMismatch() {
        TestTrail trail = TestTrail.threeHours();
        LogFileEntry log = trail.logs.get(0);
        trail.replace(log.key(), TestTrail.gzip("{\"Records\":[]}".getBytes(UTF_8)));

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).containsExactly(invalid(log, "hash value doesn't match"));
        assertThat(run.report().validLogFiles()).isEqualTo(1);
        assertThat(run.report().invalidLogFiles()).isEqualTo(1);
        assertThat(run.report().validDigests()).isEqualTo(3);
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    @Test
    void deletedLogFileIsReportedNotFound() {
        TestTrail trail = TestTrail.threeHours();
        LogFileEntry log = trail.logs.get(1);
        trail.delete(log.key());

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).containsExactly(invalid(log, "not found"));
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    @Test
    void logFileThatIsNotGzipIsReportedInvalidFormat() {
        TestTrail trail = TestTrail.threeHours();
        LogFileEntry log = trail.logs.get(0);
        trail.replace(log.key(), "{\"Records\":[]}".getBytes(UTF_8));

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).containsExactly(invalid(log, "invalid format"));
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    @Test
    void logFileCutShortIsAHashMismatchAsZlibInflatesWhatThereIs() {
        TestTrail trail = TestTrail.threeHours();
        LogFileEntry log = trail.logs.get(0);
        byte[] gzip = trail.get(log.key()).content();
        trail.replace(log.key(), Arrays.copyOf(gzip, gzip.length / 2));

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).containsExactly(invalid(log, "hash value doesn't match"));
    }

    @Test
    void changedDigestFailsItsSignatureAndTheWalkGoesOnFromTheListing() {
        TestTrail trail = TestTrail.threeHours();
        SignedDigest middle = trail.digests.get(1);
        byte[] forged = new String(middle.json(), UTF_8)
                .replace("10:40:00Z", "10:40:01Z")
                .getBytes(UTF_8);
        trail.replace(middle.key(), TestTrail.gzip(forged));

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.lines)
                .containsExactly(
                        valid(trail.digests.get(2)),
                        invalid(middle, "signature verification failed"),
                        valid(trail.digests.get(0)));
        assertThat(run.report().validDigests()).isEqualTo(2);
        assertThat(run.report().invalidDigests()).isEqualTo(1);
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    @Test
    void deletedDigestIsReportedNotFound() {
        TestTrail trail = TestTrail.threeHours();
        SignedDigest middle = trail.digests.get(1);
        trail.delete(middle.key());

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.lines)
                .containsExactly(
                        valid(trail.digests.get(2)), invalid(middle, "not found"), valid(trail.digests.get(0)));
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    @Test
    void digestCopiedToAnotherKeyIsReportedMovedFromItsOriginalLocation() {
        TestTrail trail = TestTrail.threeHours();
        SignedDigest newest = trail.digests.get(2);
        String copy = TestTrail.TARGET.digestKey(newest.end().plusSeconds(1800));
        trail.store.put(BUCKET, copy, newest.gzip(), newest.attributes());

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.lines.getFirst())
                .isEqualTo("Digest file\ts3://" + BUCKET + "/" + copy
                        + "\tINVALID: has been moved from its original location");
        assertThat(run.lines.subList(1, run.lines.size())).contains(valid(newest), valid(trail.digests.get(0)));
        assertThat(run.report().invalidDigests()).isEqualTo(1);
        assertThat(run.report().validDigests()).isEqualTo(3);
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    @Test
    void digestSignedWithAKeyThatListPublicKeysDoesNotReturnIsReportedPublicKeyNotFound() {
        TestTrail trail = TestTrail.threeHours();
        PublicKeyInfo other = new TestKeys(TestKeys.OTHER).info();
        String fingerprint = trail.keys.info().fingerprint();

        TestTrail.Recorded run = new TestTrail.Recorded();
        run.report = new LogValidator(trail.store, (region, from, to) -> List.of(other))
                .validate(trail.request(FROM, TO), run);

        String problem = "public key not found in region us-east-1 for fingerprint " + fingerprint;
        assertThat(run.lines)
                .containsExactly(
                        invalid(trail.digests.get(2), problem),
                        invalid(trail.digests.get(1), problem),
                        invalid(trail.digests.get(0), problem));
        assertThat(run.report()).isEqualTo(new ValidationReport(0, 3, 0, 0, 0, 0, null, null));
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    @Test
    void noPublicKeysForTheRangeEndsTheRunWithTheAwsCliMessage() {
        TestTrail trail = TestTrail.threeHours();
        LogValidator validator = new LogValidator(trail.store, (region, from, to) -> List.of());

        assertThatThrownBy(() -> validator.validate(trail.request(FROM, TO), ValidationListener.NONE))
                .isInstanceOf(ValidationException.class)
                .hasMessage("No public keys found between 2024-05-01T09:00:00Z and 2024-05-01T14:30:00Z");
    }

    @Test
    void publicKeysAreAskedForTheSourceRegionFromTheStartToTwoHoursAfterTheEnd() {
        TestTrail trail = TestTrail.threeHours();
        List<String> asked = new java.util.ArrayList<>();
        new LogValidator(trail.store, (region, from, to) -> {
                    asked.add(region + " " + from + " " + to);
                    return trail.keys.publicKeys(region, from, to);
                })
                .validate(trail.request(FROM, TO), ValidationListener.NONE);

        assertThat(asked).containsExactly("us-east-1 2024-05-01T09:00:00Z 2024-05-01T14:30:00Z");
    }

    @Test
    void publicKeyInX509FormIsReportedAsNotAPkcs1Key() {
        TestTrail trail = TestTrail.threeHours();
        PublicKeyInfo pkcs1 = trail.keys.info();
        PublicKeyInfo spki = new PublicKeyInfo(
                TestKeys.PAIR.getPublic().getEncoded(),
                pkcs1.validityStart(),
                pkcs1.validityEnd(),
                pkcs1.fingerprint());

        TestTrail.Recorded run = new TestTrail.Recorded();
        run.report = new LogValidator(trail.store, (region, from, to) -> List.of(spki))
                .validate(trail.request(FROM, TO), run);

        assertThat(run.lines.getFirst())
                .isEqualTo(invalid(
                        trail.digests.get(2), "Unable to load PKCS #1 key with fingerprint " + pkcs1.fingerprint()));
        assertThat(run.report().invalidDigests()).isEqualTo(3);
    }

    @Test
    void digestWithoutSignatureMetadataFailsVerification() {
        TestTrail trail = TestTrail.threeHours();
        SignedDigest newest = trail.digests.get(2);
        trail.store.put(
                BUCKET,
                newest.key(),
                newest.gzip(),
                new ObjectAttributes("application/json", "gzip", Map.of("signature-algorithm", "SHA256withRSA")));

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).containsExactly(invalid(newest, "signature verification failed"));
        // The walk goes on from the listing, so the older digests are still checked.
        assertThat(run.report().validDigests()).isEqualTo(2);
    }

    @Test
    void digestThatIsNotGzipOrCutShortIsReportedInvalidFormat() {
        TestTrail trail = TestTrail.threeHours();
        SignedDigest newest = trail.digests.get(2);
        SignedDigest oldest = trail.digests.get(0);
        trail.replace(newest.key(), newest.json());
        trail.replace(oldest.key(), Arrays.copyOf(oldest.gzip(), oldest.gzip().length - 4));

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).containsExactly(invalid(newest, "invalid format"), invalid(oldest, "invalid format"));
    }

    @Test
    void digestWithoutARequiredMemberIsReportedInvalidFormat() {
        TestTrail trail = TestTrail.threeHours();
        SignedDigest newest = trail.digests.get(2);
        byte[] json = new String(newest.json(), UTF_8)
                .replace("\"previousDigestSignature\"", "\"previousSignature\"")
                .getBytes(UTF_8);
        trail.replace(newest.key(), TestTrail.gzip(json));

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).containsExactly(invalid(newest, "invalid format"));
    }

    @Test
    void logFileThatNoDigestListsIsReportedWhenValidDigestsCoverItsDeliveryTime() {
        TestTrail trail = TestTrail.threeHours();
        LogFileEntry extra = trail.log("2024-05-01T10:30:00Z", "2024-05-01T10:29:00Z");

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.lines.getLast()).isEqualTo(invalid(extra, "not listed in any digest"));
        assertThat(run.invalid()).containsExactly(invalid(extra, "not listed in any digest"));
        assertThat(run.report().validLogFiles()).isEqualTo(2);
        assertThat(run.report().invalidLogFiles()).isEqualTo(1);
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    @Test
    void objectWithAnotherNameInACoveredDayFolderIsJudgedByItsLastModifiedTime() {
        TestTrail trail = TestTrail.threeHours();
        String folder = "myprefix/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/";
        trail.clock.set(Instant.parse("2024-05-01T11:20:00Z"));
        trail.store.put(BUCKET, folder + "extra.json", "{}".getBytes(UTF_8), ObjectAttributes.NONE);
        trail.clock.set(Instant.parse("2024-05-01T12:20:00Z"));
        trail.store.put(BUCKET, folder + "later.json", "{}".getBytes(UTF_8), ObjectAttributes.NONE);

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid())
                .containsExactly(
                        "Log file\ts3://" + BUCKET + "/" + folder + "extra.json\tINVALID: not listed in any digest");
    }

    @Test
    void logFileOfAnotherTrailInTheSameFolderIsListedByThatTrailsDigest() {
        TestTrail trail = TestTrail.threeHours();
        LogFileEntry theirs = trail.log("2024-05-01T10:30:00Z", "2024-05-01T10:29:00Z");
        DigestTarget other = new DigestTarget(
                "my_other.trail", "eu-west-1", TestTrail.ACCOUNT, TestTrail.REGION, BUCKET, TestTrail.PREFIX);
        SignedDigest otherDigest = DigestWriter.write(
                other,
                Instant.parse("2024-05-01T10:00:00Z"),
                Instant.parse("2024-05-01T11:00:00Z"),
                List.of(theirs),
                null,
                trail.keys.current(TestTrail.REGION, T0));
        trail.store.put(BUCKET, otherDigest.key(), otherDigest.gzip(), otherDigest.attributes());

        TestTrail.Recorded listedByTheOtherTrail = trail.validate(FROM, TO);
        trail.replace(
                otherDigest.key(),
                TestTrail.gzip(new String(otherDigest.json(), UTF_8)
                        .replace("10:29:00Z", "10:28:00Z")
                        .getBytes(UTF_8)));
        TestTrail.Recorded otherDigestForged = trail.validate(FROM, TO);

        assertThat(listedByTheOtherTrail.invalid()).isEmpty();
        assertThat(listedByTheOtherTrail.lines).hasSize(5);
        assertThat(otherDigestForged.invalid()).containsExactly(invalid(theirs, "not listed in any digest"));
    }

    @Test
    void logFileDeliveredAfterTheNewestDigestIsNotReported() {
        TestTrail trail = TestTrail.threeHours();
        trail.log("2024-05-01T12:15:00Z", "2024-05-01T12:14:00Z");
        // In the minute the newest digest ends: its digest may be the next one, not written yet.
        trail.log("2024-05-01T12:01:00Z", "2024-05-01T12:00:30Z");

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).isEmpty();
        assertThat(run.report().exitCode()).isZero();
    }

    @Test
    void logFileInAnHourWhoseDigestIsInvalidIsNotReportedTwice() {
        TestTrail trail = TestTrail.threeHours();
        trail.log("2024-05-01T10:30:00Z", "2024-05-01T10:29:00Z");
        SignedDigest middle = trail.digests.get(1);
        trail.delete(middle.key());

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).containsExactly(invalid(middle, "not found"));
    }

    @Test
    void wrongPreviousDigestHashValueIsReportedOnTheDigestThatHoldsIt() {
        TestTrail trail = new TestTrail();
        SignedDigest first = trail.digest(List.of());
        DigestChain wrong =
                new DigestChain(first.bucket(), first.key(), "0".repeat(64), first.signatureHex(), first.end());
        LogFileEntry log = trail.log("2024-05-01T10:15:00Z", "2024-05-01T10:14:00Z");
        SignedDigest second = trail.digest(first.end(), first.end().plus(HOUR), List.of(log), wrong);
        SignedDigest third = trail.digest(List.of());

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.lines)
                .containsExactly(
                        valid(third),
                        invalid(second, "previousDigestHashValue does not match the previous digest"),
                        valid(log),
                        valid(first));
        assertThat(run.report().validDigests()).isEqualTo(2);
        assertThat(run.report().invalidDigests()).isEqualTo(1);
        assertThat(run.report().validLogFiles()).isEqualTo(1);
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    @Test
    void previousDigestHashValueIsNotJudgedAgainstAPreviousDigestThatIsItselfInvalid() {
        TestTrail trail = TestTrail.threeHours();
        SignedDigest oldest = trail.digests.get(0);
        byte[] forged = new String(oldest.json(), UTF_8)
                .replace("\"newestEventTime\":null", "\"newestEventTime\":\"2024-05-01T09:30:00Z\"")
                .getBytes(UTF_8);
        trail.replace(oldest.key(), TestTrail.gzip(forged));

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid()).containsExactly(invalid(oldest, "signature verification failed"));
    }

    @Test
    void chainRestartIsReportedAsAGapButIsNotAFailure() {
        TestTrail trail = new TestTrail();
        SignedDigest first = trail.digest(List.of());
        SignedDigest second = trail.digest(List.of());
        trail.restartChain(Instant.parse("2024-05-01T11:30:00Z"));
        SignedDigest restart = trail.digest(List.of());

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.lines)
                .containsExactly(
                        valid(restart),
                        "No log files were delivered by CloudTrail between 2024-05-01T11:01:31Z and"
                                + " 2024-05-01T11:30:00Z",
                        valid(second),
                        valid(first));
        assertThat(run.report().exitCode()).isZero();
    }

    @Test
    void walkStopsAtTheFirstDigestThatStartsBeforeTheRange() {
        TestTrail trail = TestTrail.threeHours();

        TestTrail.Recorded run = trail.validate("2024-05-01T10:30:00Z", TO);

        assertThat(run.lines)
                .containsExactly(
                        valid(trail.digests.get(2)),
                        valid(trail.digests.get(1)),
                        valid(trail.logs.get(0)),
                        valid(trail.logs.get(1)));
        assertThat(run.report().foundStart()).isEqualTo(Instant.parse("2024-05-01T10:30:00Z"));
        assertThat(run.listedStandard).isEqualTo(2);
    }

    @Test
    void digestsEndingMoreThanAnHourAfterTheRangeAreNotRead() {
        TestTrail trail = TestTrail.threeHours();

        TestTrail.Recorded run = trail.validate(FROM, "2024-05-01T10:30:00Z");

        assertThat(run.lines)
                .containsExactly(
                        valid(trail.digests.get(1)),
                        valid(trail.logs.get(0)),
                        valid(trail.logs.get(1)),
                        valid(trail.digests.get(0)));
        assertThat(run.report().foundEnd()).isEqualTo(Instant.parse("2024-05-01T10:30:00Z"));
    }

    @Test
    void emptyRangeFindsNoDigests() {
        TestTrail trail = TestTrail.threeHours();

        TestTrail.Recorded run = trail.validate("2024-05-02T00:00:00Z", "2024-05-02T01:00:00Z");

        assertThat(run.lines).isEmpty();
        assertThat(run.report()).isEqualTo(new ValidationReport(0, 0, 0, 0, 0, 0, null, null));
        assertThat(run.report().exitCode()).isZero();
    }

    @Test
    void missingBucketEndsTheRunAsTheAwsCliDoes() {
        TestTrail trail = TestTrail.threeHours();
        ValidationRequest request = new ValidationRequest(
                "no-such-bucket",
                null,
                TestTrail.ACCOUNT,
                TestTrail.TRAIL,
                TestTrail.REGION,
                TestTrail.REGION,
                Instant.parse(FROM),
                Instant.parse(TO));

        assertThatThrownBy(() -> trail.validator().validate(request, ValidationListener.NONE))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("An error occurred (NoSuchBucket) when calling the ListObjects operation: ");
    }

    @Test
    void backfillDigestIsValidatedWithTheKeysAroundItsGenerationTime() throws Exception {
        TestTrail trail = TestTrail.threeHours();
        LogFileEntry late = trail.log("2024-05-01T10:50:00Z", "2024-05-01T10:49:00Z");
        String key = putBackfill(trail, trail.digests.get(1), List.of(late), "2024-05-01T11:30:00Z");
        List<String> asked = new java.util.ArrayList<>();

        TestTrail.Recorded run = new TestTrail.Recorded();
        run.report = new LogValidator(trail.store, (region, from, to) -> {
                    asked.add(from + " " + to);
                    return trail.keys.publicKeys(region, from, to);
                })
                .validate(trail.request(FROM, TO), run);

        assertThat(run.lines.subList(5, run.lines.size()))
                .containsExactly("(backfill) Digest file\ts3://" + BUCKET + "/" + key + "\tvalid", valid(late));
        assertThat(run.report().validBackfillDigests()).isEqualTo(1);
        assertThat(run.report().validLogFiles()).isEqualTo(3);
        assertThat(run.report().exitCode()).isZero();
        assertThat(asked)
                .containsExactly(
                        "2024-05-01T09:00:00Z 2024-05-01T14:30:00Z", "2024-05-01T10:30:00Z 2024-05-01T12:30:00Z");
        assertThat(run.listedBackfill).isEqualTo(1);
    }

    @Test
    void backfillDigestWithoutItsGenerationTimestampIsReportedInvalidFormat() throws Exception {
        TestTrail trail = TestTrail.threeHours();
        String key = putBackfill(trail, trail.digests.get(1), List.of(), "2024-05-01T11:30:00Z");
        StoredObject stored = trail.get(key);
        Map<String, String> metadata =
                new java.util.HashMap<>(stored.info().attributes().userMetadata());
        metadata.remove("backfill-generation-timestamp");
        trail.store.put(BUCKET, key, stored.content(), new ObjectAttributes(null, null, metadata));

        TestTrail.Recorded run = trail.validate(FROM, TO);

        assertThat(run.invalid())
                .containsExactly("(backfill) Digest file\ts3://" + BUCKET + "/" + key + "\tINVALID: invalid format");
        assertThat(run.report().invalidBackfillDigests()).isEqualTo(1);
        assertThat(run.report().exitCode()).isEqualTo(1);
    }

    /**
     * Puts a backfill digest for the window of {@code like}: its JSON with the backfill key as its own
     * location, no previous digest, the logs in {@code logs}, signed afresh, with a {@code
     * backfill-generation-timestamp}.
     */
    static String putBackfill(TestTrail trail, SignedDigest like, List<LogFileEntry> logs, String generatedAt)
            throws GeneralSecurityException {
        String key = like.key().replace(".json.gz", "_backfill.json.gz");
        StringBuilder files = new StringBuilder();
        for (LogFileEntry log : logs) {
            files.append(files.isEmpty() ? "" : ",")
                    .append("{\"s3Bucket\":\"")
                    .append(log.bucket())
                    .append("\",\"s3Object\":\"")
                    .append(log.key())
                    .append("\",\"hashValue\":\"")
                    .append(log.sha256Hex())
                    .append("\",\"hashAlgorithm\":\"SHA-256\"}");
        }
        String json = new String(like.json(), UTF_8).replace(like.key(), key);
        json = json.substring(0, json.indexOf("\"previousDigestS3Bucket\""))
                + "\"previousDigestS3Bucket\":null,\"previousDigestS3Object\":null,\"previousDigestHashValue\":null,"
                + "\"previousDigestHashAlgorithm\":null,\"previousDigestSignature\":null,\"logFiles\":[" + files + "]}";
        byte[] bytes = json.getBytes(UTF_8);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String toSign = "2024-05-01T11:01:31Z\n" + BUCKET + "/" + key + "\n" + sha + "\nnull";
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(TestKeys.PAIR.getPrivate());
        signer.update(toSign.getBytes(UTF_8));
        String signature = HexFormat.of().formatHex(signer.sign());
        trail.store.put(
                BUCKET,
                key,
                TestTrail.gzip(bytes),
                new ObjectAttributes(
                        "application/json",
                        "gzip",
                        Map.of(
                                "signature", signature,
                                "signature-algorithm", "SHA256withRSA",
                                "backfill-generation-timestamp", generatedAt)));
        // The test's string to sign must be the one the validator rebuilds.
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(
                (RSAPublicKey) PublicKeys.fromPkcs1Der(trail.keys.info().pkcs1Der()));
        verifier.update(toSign.getBytes(UTF_8));
        assertThat(verifier.verify(HexFormat.of().parseHex(signature))).isTrue();
        assertThat(like.end()).isEqualTo(T0.plus(HOUR.multipliedBy(2)));
        return key;
    }

    static String valid(SignedDigest digest) {
        return "Digest file\ts3://" + digest.bucket() + "/" + digest.key() + "\tvalid";
    }

    static String valid(LogFileEntry log) {
        return "Log file\ts3://" + log.bucket() + "/" + log.key() + "\tvalid";
    }

    static String invalid(SignedDigest digest, String problem) {
        return "Digest file\ts3://" + digest.bucket() + "/" + digest.key() + "\tINVALID: " + problem;
    }

    static String invalid(LogFileEntry log, String problem) {
        return "Log file\ts3://" + log.bucket() + "/" + log.key() + "\tINVALID: " + problem;
    }
}

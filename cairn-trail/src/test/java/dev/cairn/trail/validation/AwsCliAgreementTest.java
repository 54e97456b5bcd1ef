package dev.cairn.trail.validation;

import static dev.cairn.trail.validation.TestTrail.BUCKET;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.StoredObject;
import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.trail.digest.LogFileEntry;
import dev.cairn.trail.digest.SignedDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator prints what the aws CLI's own validate-logs code prints (awscli v1 with python-rsa, run by
 * the digest tests' {@code awscli_validate_logs.py} over the same objects), byte for byte on standard output
 * and standard error, with the same exit code, for the cases that validate-logs checks. Skipped where python3
 * with awscli is not installed.
 */
class AwsCliAgreementTest {

    private static final String FROM = "2024-05-01T09:00:00Z";
    private static final String TO = "2024-05-01T12:30:00Z";

    @TempDir
    Path work;

    @BeforeAll
    static void awscliIsInstalled() throws Exception {
        Run probe = python("-c", "import awscli.customizations.cloudtrail.validation, rsa");
        assumeThat(probe.exitCode())
                .as("python3 with awscli and rsa: %s", probe.stderr())
                .isZero();
    }

    @Test
    void intactChain() throws Exception {
        assertThat(assertSameAsAwsCli(TestTrail.threeHours(), null, FROM, TO).stdout())
                .contains("3/3 digest files valid");
    }

    @Test
    void changedDeletedAndUnreadableLogFiles() throws Exception {
        TestTrail trail = TestTrail.threeHours();
        LogFileEntry extra = trail.log("2024-05-01T11:10:00Z", "2024-05-01T11:09:00Z");
        trail.digests.remove(2);
        trail.store.delete(BUCKET, TestTrail.TARGET.digestKey(Instant.parse("2024-05-01T12:01:31Z")));
        trail.digest(List.of(extra));
        trail.replace(trail.logs.get(0).key(), TestTrail.gzip("{}".getBytes(UTF_8)));
        trail.delete(trail.logs.get(1).key());
        trail.replace(extra.key(), "not gzip".getBytes(UTF_8));

        assertThat(assertSameAsAwsCli(trail, null, FROM, TO).stderr())
                .contains("hash value doesn't match", "INVALID: not found", "INVALID: invalid format");
    }

    @Test
    void changedDeletedMovedAndUnsignedDigests() throws Exception {
        TestTrail trail = TestTrail.threeHours();
        trail.digest(List.of());
        trail.digest(List.of());
        SignedDigest forged = trail.digests.get(1);
        trail.replace(
                forged.key(),
                TestTrail.gzip(new String(forged.json(), UTF_8)
                        .replace("10:40:00Z", "10:40:01Z")
                        .getBytes(UTF_8)));
        trail.delete(trail.digests.get(2).key());
        SignedDigest newest = trail.digests.get(4);
        trail.store.put(
                BUCKET, newest.key(), newest.gzip(), new ObjectAttributes(null, null, Map.of("signature", "00")));
        trail.store.put(
                BUCKET, TestTrail.TARGET.digestKey(newest.end().plusSeconds(60)), newest.gzip(), newest.attributes());

        assertThat(assertSameAsAwsCli(trail, null, FROM, "2024-05-01T14:00:00Z").stderr())
                .contains("signature verification failed", "INVALID: not found", "has been moved");
    }

    @Test
    void digestsSignedWithAnUnknownKey() throws Exception {
        assertThat(assertSameAsAwsCli(TestTrail.threeHours(), List.of(new TestKeys(TestKeys.OTHER).info()), FROM, TO)
                        .stderr())
                .contains("public key not found in region us-east-1");
    }

    @Test
    void publicKeyInX509Form() throws Exception {
        TestTrail trail = TestTrail.threeHours();
        PublicKeyInfo pkcs1 = trail.keys.info();
        PublicKeyInfo spki = new PublicKeyInfo(
                TestKeys.PAIR.getPublic().getEncoded(),
                pkcs1.validityStart(),
                pkcs1.validityEnd(),
                pkcs1.fingerprint());
        assertThat(assertSameAsAwsCli(trail, List.of(spki), FROM, TO).stderr()).contains("Unable to load PKCS #1 key");
    }

    @Test
    void chainRestartAndAPartialRange() throws Exception {
        TestTrail trail = new TestTrail();
        trail.digest(List.of());
        LogFileEntry log = trail.log("2024-05-01T10:20:00Z", "2024-05-01T10:19:00Z");
        trail.digest(List.of(log));
        trail.restartChain(Instant.parse("2024-05-01T11:30:00Z"));
        trail.digest(List.of());
        trail.digest(List.of());

        assertThat(assertSameAsAwsCli(trail, null, FROM, TO).stderr()).contains("No log files were delivered");
        assertSameAsAwsCli(trail, null, "2024-05-01T10:30:00Z", "2024-05-01T11:00:00Z");
        assertThat(assertSameAsAwsCli(trail, null, "2024-05-02T00:00:00Z", "2024-05-02T01:00:00Z")
                        .stdout())
                .contains("No digests found");
    }

    @Test
    void backfillDigests() throws Exception {
        TestTrail trail = TestTrail.threeHours();
        LogFileEntry late = trail.log("2024-05-01T10:50:00Z", "2024-05-01T10:49:00Z");
        LogValidatorTest.putBackfill(trail, trail.digests.get(1), List.of(late), "2024-05-01T11:30:00Z");

        assertThat(assertSameAsAwsCli(trail, null, FROM, TO).stdout()).contains("1/1 backfill digest files valid");
    }

    /** Validates with both and compares; {@code publicKeys} replaces the trail's keys when not null. */
    private Run assertSameAsAwsCli(TestTrail trail, @Nullable List<PublicKeyInfo> publicKeys, String from, String to)
            throws Exception {
        List<PublicKeyInfo> keys = publicKeys != null
                ? publicKeys
                : trail.keys.publicKeys(TestTrail.REGION, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
        Run awsCli = awsCli(trail, keys, from, to);
        Run cairn = cairn(trail, keys, from, to);

        assertThat(cairn.stdout()).as("standard output").isEqualTo(awsCli.stdout());
        assertThat(cairn.stderr()).as("standard error").isEqualTo(awsCli.stderr());
        assertThat(cairn.exitCode()).as("exit code").isEqualTo(awsCli.exitCode());
        assertThat(awsCli.stdout()).startsWith("Validating log files for trail " + TestTrail.TRAIL_ARN);
        return awsCli;
    }

    private static Run cairn(TestTrail trail, List<PublicKeyInfo> keys, String from, String to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ValidateLogsOutput output = new ValidateLogsOutput(
                new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8),
                true,
                ValidateLogsOutput.Overlay.NONE);
        ValidationRequest request = trail.request(from, to);
        output.started(TestTrail.TRAIL_ARN, request.start(), request.end());
        ValidationReport report = new LogValidator(
                        trail.store,
                        (region, f, t) -> keys.stream()
                                .filter(k -> !k.validityStart().isAfter(t)
                                        && !k.validityEnd().isBefore(f))
                                .toList())
                .validate(request, output);
        output.finished(report, request.start(), request.end());
        return new Run(report.exitCode(), out.toString(UTF_8), err.toString(UTF_8));
    }

    private Run awsCli(TestTrail trail, List<PublicKeyInfo> keys, String from, String to) throws Exception {
        Path manifest = work.resolve("manifest.json");
        Path objects = Files.createDirectories(work.resolve("objects"));
        try (OutputStream out = Files.newOutputStream(manifest);
                JsonGenerator gen = new JsonFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("trailArn", TestTrail.TRAIL_ARN);
            gen.writeStringField("region", TestTrail.REGION);
            gen.writeStringField("startTime", from);
            gen.writeStringField("endTime", to);
            gen.writeStringField("bucket", BUCKET);
            gen.writeStringField("prefix", TestTrail.PREFIX);
            gen.writeArrayFieldStart("objects");
            int n = 0;
            for (ObjectInfo info : all(trail)) {
                StoredObject object = trail.store.get(BUCKET, info.key());
                Path file = objects.resolve((n++) + ".bin");
                Files.write(file, object.content());
                gen.writeStartObject();
                gen.writeStringField("bucket", BUCKET);
                gen.writeStringField("key", info.key());
                gen.writeStringField("file", work.relativize(file).toString());
                gen.writeObjectFieldStart("metadata");
                for (Map.Entry<String, String> e :
                        info.attributes().userMetadata().entrySet()) {
                    gen.writeStringField(e.getKey(), e.getValue());
                }
                gen.writeEndObject();
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeArrayFieldStart("publicKeys");
            for (PublicKeyInfo key : keys) {
                gen.writeStartObject();
                gen.writeStringField("Value", Base64.getEncoder().encodeToString(key.pkcs1Der()));
                gen.writeStringField("Fingerprint", key.fingerprint());
                gen.writeNumberField("ValidityStartTime", key.validityStart().getEpochSecond());
                gen.writeNumberField("ValidityEndTime", key.validityEnd().getEpochSecond());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        URL script = AwsCliAgreementTest.class.getResource("/dev/cairn/trail/digest/awscli_validate_logs.py");
        assertThat(script).as("awscli_validate_logs.py on the test class path").isNotNull();
        return python(Path.of(script.toURI()).toString(), manifest.toString());
    }

    private static List<ObjectInfo> all(TestTrail trail) {
        List<ObjectInfo> all = new ArrayList<>();
        @Nullable String after = null;
        while (true) {
            ObjectListing page = trail.store.list(BUCKET, new ListRequest(null, null, after, 1000));
            all.addAll(page.objects());
            if (!page.truncated()) {
                return all;
            }
            after = page.nextStartAfter();
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run python(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return new Run(-1, "", "python3 cannot be started: " + e.getMessage());
        }
        process.getOutputStream().close();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python3 " + arguments[0] + " did not finish within 120 s");
        }
        return new Run(process.exitValue(), stdout.join(), stderr.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }
}

package dev.cairn.trail.digest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.trail.keys.FileSigningKeyStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivered digests pass the aws CLI's own validate-logs code (awscli v1, with python-rsa), run over the
 * objects on disk by {@code awscli_validate_logs.py}: only the S3 and CloudTrail clients are replaced.
 * Skipped where python3 with awscli is not installed.
 */
class AwsCliValidateLogsTest {

    private static final String FROM = "2024-05-01T09:00:00Z";
    private static final String TO = "2024-05-01T12:30:00Z";

    @TempDir
    Path work;

    private TestChain chain;
    private FileSigningKeyStore keys;

    @BeforeAll
    static void awscliIsInstalled() throws Exception {
        Run probe = python("-c", "import awscli.customizations.cloudtrail.validation, rsa");
        assumeThat(probe.exitCode())
                .as("python3 with awscli and rsa: %s", probe.stderr())
                .isZero();
    }

    @BeforeEach
    void deliver() {
        keys = FileSigningKeyStore.open(work.resolve("keys"));
        chain = TestChain.deliver(keys);
    }

    @Test
    void awsCliFindsEveryDigestAndLogFileValid() throws Exception {
        Run run = validate();

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.stderr()).isZero();
        for (SignedDigest digest : chain.digests) {
            assertThat(run.stdout()).contains("Digest file\ts3://" + digest.bucket() + "/" + digest.key() + "\tvalid");
        }
        for (LogFileEntry log : chain.logFiles) {
            assertThat(run.stdout()).contains("Log file\ts3://" + log.bucket() + "/" + log.key() + "\tvalid");
        }
        assertThat(run.stdout())
                .contains("Results found for 2024-05-01T09:01:31Z to 2024-05-01T12:01:31Z:")
                .contains("3/3 digest files valid")
                .contains("2/2 log files valid");
        assertThat(run.stderr()).doesNotContain("INVALID").doesNotContain("No log files were delivered");
    }

    @Test
    void awsCliCatchesATamperedDigest() throws Exception {
        SignedDigest middle = chain.digests.get(1);
        byte[] forged = new String(middle.json(), UTF_8)
                .replace("10:40:00Z", "10:40:01Z")
                .getBytes(UTF_8);
        chain.put(new TestChain.StoredObject(middle.bucket(), middle.key(), TestChain.gzip(forged), middle.metadata()));

        Run run = validate();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("Digest file\ts3://" + middle.bucket() + "/" + middle.key()
                        + "\tINVALID: signature verification failed");
        assertThat(run.stdout()).contains("2/3 digest files valid, 1/3 digest files INVALID");
    }

    private Run validate() throws IOException, InterruptedException, URISyntaxException {
        Path objects = Files.createDirectories(work.resolve("objects"));
        Path manifest = work.resolve("manifest.json");
        List<PublicKeyInfo> publicKeys =
                keys.publicKeys(TestChain.REGION, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
        try (OutputStream out = Files.newOutputStream(manifest);
                JsonGenerator gen = new JsonFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("trailArn", TestChain.TRAIL_ARN);
            gen.writeStringField("region", TestChain.REGION);
            gen.writeStringField("startTime", FROM);
            gen.writeStringField("endTime", TO);
            gen.writeStringField("bucket", TestChain.BUCKET);
            gen.writeStringField("prefix", TestChain.PREFIX);
            gen.writeArrayFieldStart("objects");
            int n = 0;
            for (TestChain.StoredObject object : chain.objects.values()) {
                String file = "objects/" + (n++) + ".bin";
                Files.write(work.resolve(file), object.content());
                gen.writeStartObject();
                gen.writeStringField("bucket", object.bucket());
                gen.writeStringField("key", object.key());
                gen.writeStringField("file", file);
                gen.writeObjectFieldStart("metadata");
                for (Map.Entry<String, String> e : object.metadata().entrySet()) {
                    gen.writeStringField(e.getKey(), e.getValue());
                }
                gen.writeEndObject();
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeArrayFieldStart("publicKeys");
            for (PublicKeyInfo key : publicKeys) {
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
        assertThat(objects).isDirectory();
        URL script = AwsCliValidateLogsTest.class.getResource("awscli_validate_logs.py");
        assertThat(script).as("awscli_validate_logs.py on the test class path").isNotNull();
        return python(Path.of(script.toURI()).toString(), manifest.toString());
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run python(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("python3"));
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

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }
}

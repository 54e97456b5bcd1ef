package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The real {@code aws} CLI (v1, botocore) and boto3 against the server, configured only through the
 * credentials file the server writes: what a user does after {@code cairn serve}.
 */
class AwsCliIT {
    private static final String ADMIN_ARN = "arn:aws:iam::123456789012:user/admin";

    private static CairnProcess server;

    @BeforeAll
    static void startServer() {
        assumeTrue(onPath("aws"), "the aws CLI is not on the PATH");
        server = CairnProcess.start("AwsCliIT");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The outcome of a finished subprocess. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    @Test
    void getCallerIdentityShowsTheAdmin() {
        Result result = aws(server.credentialsFile(), "sts", "get-caller-identity", "--output", "json");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.stdout())
                .contains("\"Arn\": \"" + ADMIN_ARN + "\"")
                .contains("\"Account\": \"123456789012\"")
                .contains("\"UserId\": \"AIDA");
    }

    @Test
    void createdUserAppearsInListUsers() {
        Result created = aws(server.credentialsFile(), "iam", "create-user", "--user-name", "it-cli-user");
        assertThat(created.exitCode()).as("%s", created).isZero();
        assertThat(created.stdout()).contains("\"UserName\": \"it-cli-user\"");

        Result listed = aws(server.credentialsFile(), "iam", "list-users", "--output", "json");

        assertThat(listed.exitCode()).as("%s", listed).isZero();
        assertThat(listed.stdout()).contains("\"UserName\": \"it-cli-user\"").contains("\"UserName\": \"admin\"");
    }

    @Test
    void createdRoleShowsItsTrustPolicyDecoded() {
        Result created = aws(
                server.credentialsFile(),
                "iam",
                "create-role",
                "--role-name",
                "it-cli-role",
                "--assume-role-policy-document",
                StsIT.trustPolicy("arn:aws:iam::123456789012:root"),
                "--output",
                "json");
        assertThat(created.exitCode()).as("%s", created).isZero();

        Result read =
                aws(server.credentialsFile(), "iam", "get-role", "--role-name", "it-cli-role", "--output", "json");

        assertThat(read.exitCode()).as("%s", read).isZero();
        // botocore URL-decodes and parses the policy document, so the CLI prints it as a JSON object.
        assertThat(read.stdout()).contains("\"Action\": \"sts:AssumeRole\"");
    }

    @Test
    void wrongSecretFailsWithSignatureDoesNotMatch() throws IOException {
        AwsBasicCredentials admin = server.adminCredentials();
        Path wrong =
                server.dataDirectory().resolveSibling(server.dataDirectory().getFileName() + "-wrong-secret");
        Files.writeString(
                wrong,
                "[cairn]\naws_access_key_id = " + admin.accessKeyId() + "\naws_secret_access_key = x"
                        + admin.secretAccessKey() + "\n",
                StandardCharsets.UTF_8);

        Result result = aws(wrong, "sts", "get-caller-identity", "--output", "json");

        assertThat(result.exitCode()).as("%s", result).isIn(254, 255);
        assertThat(result.stderr()).contains("SignatureDoesNotMatch");
    }

    @Test
    void boto3GetCallerIdentityShowsTheAdmin() {
        assumeTrue(onPath("python3"), "python3 is not on the PATH");
        String script = String.join(
                "\n",
                "import sys, boto3",
                "sts = boto3.client('sts', endpoint_url=sys.argv[1])",
                "identity = sts.get_caller_identity()",
                "print(identity['Arn'])",
                "print(identity['Account'])");

        Result result = run(
                List.of("python3", "-c", script, server.endpoint().toString()), environment(server.credentialsFile()));

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.stdout().lines().toList()).containsExactly(ADMIN_ARN, "123456789012");
    }

    private static Result aws(Path credentials, String... args) {
        List<String> command = new ArrayList<>();
        command.add("aws");
        command.add("--endpoint-url");
        command.add(server.endpoint().toString());
        command.addAll(Arrays.asList(args));
        return run(command, environment(credentials));
    }

    /** The subprocess's AWS settings: only the credentials file, the profile and the region. */
    private static Map<String, String> environment(Path credentials) {
        return Map.of(
                "AWS_SHARED_CREDENTIALS_FILE",
                credentials.toString(),
                "AWS_PROFILE",
                "cairn",
                "AWS_DEFAULT_REGION",
                "us-east-1",
                // An empty config file, so that ~/.aws/config cannot change what is tested.
                "AWS_CONFIG_FILE",
                server.dataDirectory().resolveSibling("empty-aws-config").toString());
    }

    private static Result run(List<String> command, Map<String, String> aws) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
        builder.environment().putAll(aws);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}

package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code ./cairn events lookup} and {@code ./cairn events export} as a user runs them: the launcher script on
 * the built jar ({@code CAIRN_NO_BUILD=1}), as child processes, against a server that allows LookupEvents
 * two calls a second as AWS does, after calls made with the AWS SDK. Three IAM users are created, one
 * DeleteUser fails, and {@value #CALLER_IDENTITY_CALLS} GetCallerIdentity calls fill more than two pages;
 * {@link #between} separates the first two users from the third.
 */
class EventsCliIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALLER_IDENTITY_CALLS = 110;
    private static final String HEADER =
            "TIME                  EVENT NAME  USER   SOURCE             READ-ONLY  RESOURCES";

    private static CairnProcess server;
    private static IamClient iam;
    private static StsClient sts;
    private static AwsBasicCredentials admin;
    private static final Map<String, String> createRequestIds = new HashMap<>();
    private static NoSuchEntityException deleteFailure;
    private static Instant between;
    private static final Set<String> callerIdentityRequestIds = new HashSet<>();

    @BeforeAll
    static void startServerAndMakeCalls() throws InterruptedException {
        server = CairnProcess.start("EventsCliIT", "--lookup-events-rate", "2");
        admin = server.adminCredentials();
        iam = Clients.iam(server);
        sts = Clients.sts(server);

        for (String user : List.of("cli-alice", "cli-bob")) {
            createRequestIds.put(
                    user,
                    iam.createUser(r -> r.userName(user)).responseMetadata().requestId());
        }
        deleteFailure =
                catchThrowableOfType(NoSuchEntityException.class, () -> iam.deleteUser(r -> r.userName("cli-nobody")));
        // Event times are whole seconds: a boundary with a fraction, and a second's gap after it, keeps
        // every event on one side of it.
        Thread.sleep(20);
        Instant now = Instant.now();
        between = now.getNano() == 0 ? now.plusMillis(1) : now;
        Thread.sleep(1_100);
        createRequestIds.put(
                "cli-carol",
                iam.createUser(r -> r.userName("cli-carol")).responseMetadata().requestId());
        for (int i = 0; i < CALLER_IDENTITY_CALLS; i++) {
            callerIdentityRequestIds.add(
                    sts.getCallerIdentity().responseMetadata().requestId());
        }
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable c : new AutoCloseable[] {sts, iam, server}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    // ---- running ./cairn ----------------------------------------------------------------------------------

    private record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private static Map<String, String> baseEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CAIRN_NO_BUILD", "1");
        return env;
    }

    /** Runs {@code ./cairn events <args> --endpoint <server> --data <its data>} with a clean environment. */
    private static Result events(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of(
                "--endpoint",
                server.endpoint().toString(),
                "--data",
                server.dataDirectory().toString()));
        return run(baseEnvironment(), all);
    }

    private static Result run(Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("./cairn");
        command.add("events");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(45, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 45 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            records.add(JSON.readTree(line));
        }
        return records;
    }

    private static List<String> texts(List<JsonNode> records, String field) {
        return records.stream().map(r -> r.path(field).asText(null)).toList();
    }

    // ---- lookup -------------------------------------------------------------------------------------------

    @Test
    void lookupPrintsTheMatchingEventsAsATableNewestFirst() {
        Result r = events("lookup", "--event-name", "CreateUser");

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.stderr()).isEmpty();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo(HEADER);
        List<String> users = List.of("cli-carol", "cli-bob", "cli-alice");
        for (int i = 0; i < 3; i++) {
            List<String> cells = Arrays.asList(lines.get(i + 1).split(" {2,}"));
            assertThat(cells)
                    .as(lines.get(i + 1))
                    .containsExactly(
                            cells.get(0),
                            "CreateUser",
                            "admin",
                            "iam.amazonaws.com",
                            "false",
                            users.get(i) + " (AWS::IAM::User)");
            assertThat(cells.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        }
    }

    @Test
    void lookupAndsEveryAttributeGiven() throws IOException {
        Result alice = events("lookup", "--event-name", "CreateUser", "--resource-name", "cli-alice", "-o", "json");
        assertThat(alice.exit()).as("%s", alice).isZero();
        JsonNode array = JSON.readTree(alice.stdout());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(1);
        assertThat(array.get(0).get("eventName").asText()).isEqualTo("CreateUser");
        assertThat(array.get(0).get("requestID").asText()).isEqualTo(createRequestIds.get("cli-alice"));
        assertThat(array.get(0).at("/requestParameters/userName").asText()).isEqualTo("cli-alice");

        Result none = events("lookup", "--event-name", "CreateUser", "--read-only", "true", "-o", "json");
        assertThat(none.exit()).as("%s", none).isZero();
        assertThat(none.stdout()).isEqualTo("[]\n");

        Result writes = events(
                "lookup",
                "--username",
                "admin",
                "--event-source",
                "iam.amazonaws.com",
                "--read-only",
                "false",
                "-o",
                "jsonl");
        assertThat(writes.exit()).as("%s", writes).isZero();
        List<JsonNode> records = jsonLines(writes.stdout());
        assertThat(texts(records, "eventName")).containsExactly("CreateUser", "DeleteUser", "CreateUser", "CreateUser");
        assertThat(texts(records, "requestID"))
                .containsExactly(
                        createRequestIds.get("cli-carol"),
                        deleteFailure.requestId(),
                        createRequestIds.get("cli-bob"),
                        createRequestIds.get("cli-alice"));
    }

    @Test
    void lookupKeepsToTheTimeRange() throws IOException {
        Result after = events("lookup", "--event-name", "CreateUser", "--start", between.toString(), "-o", "jsonl");
        assertThat(after.exit()).as("%s", after).isZero();
        assertThat(texts(jsonLines(after.stdout()), "requestID")).containsExactly(createRequestIds.get("cli-carol"));

        Result before = events("lookup", "--event-name", "CreateUser", "--end", between.toString(), "-o", "jsonl");
        assertThat(before.exit()).as("%s", before).isZero();
        assertThat(texts(jsonLines(before.stdout()), "requestID"))
                .containsExactly(createRequestIds.get("cli-bob"), createRequestIds.get("cli-alice"));

        Result lastHour = events("lookup", "--event-name", "CreateUser", "--start", "1h", "-o", "jsonl");
        assertThat(lastHour.exit()).as("%s", lastHour).isZero();
        assertThat(jsonLines(lastHour.stdout())).hasSize(3);

        Result olderThanAnHour = events("lookup", "--event-name", "CreateUser", "--end", "1h", "-o", "json");
        assertThat(olderThanAnHour.exit()).as("%s", olderThanAnHour).isZero();
        assertThat(olderThanAnHour.stdout()).isEqualTo("[]\n");
    }

    @Test
    void lookupStopsAtMax() throws IOException {
        Result r = events("lookup", "--event-source", "sts.amazonaws.com", "--max", "3", "-o", "jsonl");

        assertThat(r.exit()).as("%s", r).isZero();
        List<JsonNode> records = jsonLines(r.stdout());
        assertThat(records).hasSize(3);
        assertThat(texts(records, "eventName")).containsOnly("GetCallerIdentity");
        assertThat(callerIdentityRequestIds).containsAll(texts(records, "requestID"));
    }

    // ---- export -------------------------------------------------------------------------------------------

    @Test
    void exportOfMoreThanAPageHasEveryEventExactlyOnce(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sts.json");

        Result r =
                events("export", "--format", "json", "--event-source", "sts.amazonaws.com", "--out", file.toString());

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .matches("exported 110 events \\(3 pages(, \\d+ retr(y|ies))?\\) to \\S+ in \\d+\\.\\d s\\n");
        JsonNode root = JSON.readTree(file.toFile());
        assertThat(root.size()).as("only Records").isEqualTo(1);
        JsonNode records = root.get("Records");
        assertThat(records).hasSize(CALLER_IDENTITY_CALLS);
        Set<String> requestIds = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        List<String> times = new ArrayList<>();
        for (JsonNode record : records) {
            assertThat(record.get("eventName").asText()).isEqualTo("GetCallerIdentity");
            requestIds.add(record.get("requestID").asText());
            eventIds.add(record.get("eventID").asText());
            times.add(record.get("eventTime").asText());
        }
        assertThat(requestIds).isEqualTo(callerIdentityRequestIds);
        assertThat(eventIds).hasSize(CALLER_IDENTITY_CALLS);
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(dir.resolve("sts.json.part")).doesNotExist();
    }

    @Test
    void exportWritesCsvWithTheConsoleColumns() {
        Result r = events("export", "--format", "csv", "--event-source", "iam.amazonaws.com", "--read-only", "false");

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.stderr()).matches("exported 4 events \\(1 page\\) to standard output in \\d+\\.\\d s\\n");
        assertThat(r.stdout()).endsWith("\r\n").doesNotContain("\r\n\r\n");
        assertThat(r.stdout())
                .contains(
                        ",\"[{\"\"ResourceType\"\":\"\"AWS::IAM::User\"\",\"\"ResourceName\"\":\"\"cli-alice\"\"}]\",");
        List<List<String>> rows = parseCsv(r.stdout());
        assertThat(rows.get(0))
                .containsExactly(
                        "eventTime",
                        "eventName",
                        "eventSource",
                        "userName",
                        "awsRegion",
                        "sourceIPAddress",
                        "userAgent",
                        "accessKeyId",
                        "readOnly",
                        "errorCode",
                        "errorMessage",
                        "resources",
                        "eventId",
                        "requestId");
        assertThat(rows).hasSize(5);
        assertThat(rows.subList(1, 5))
                .extracting(row -> row.get(1))
                .containsExactly("CreateUser", "DeleteUser", "CreateUser", "CreateUser");

        List<String> alice = rows.get(4);
        assertThat(alice.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(alice.subList(1, 6))
                .containsExactly("CreateUser", "iam.amazonaws.com", "admin", "us-east-1", "127.0.0.1");
        assertThat(alice.get(6)).startsWith("aws-sdk-java/");
        assertThat(alice.subList(7, 12))
                .containsExactly(
                        admin.accessKeyId(),
                        "false",
                        "",
                        "",
                        "[{\"ResourceType\":\"AWS::IAM::User\",\"ResourceName\":\"cli-alice\"}]");
        assertThat(alice.get(12)).matches("[0-9a-f-]{36}");
        assertThat(alice.get(13)).isEqualTo(createRequestIds.get("cli-alice"));

        List<String> failed = rows.get(2);
        assertThat(failed.get(1)).isEqualTo("DeleteUser");
        assertThat(failed.get(9)).isEqualTo("NoSuchEntity");
        assertThat(failed.get(10))
                .isEqualTo(deleteFailure.awsErrorDetails().errorMessage())
                .isEqualTo("The user with name cli-nobody cannot be found.");
        assertThat(failed.get(13)).isEqualTo(deleteFailure.requestId());
    }

    /** Reads RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field).as("the text ends with a complete record").isEmpty();
        assertThat(row).isEmpty();
        return rows;
    }

    // ---- credentials and errors ---------------------------------------------------------------------------

    @Test
    void keysInTheEnvironmentAreUsedWithoutTheDataDirectory(@TempDir Path empty) {
        Map<String, String> env = baseEnvironment();
        env.put("AWS_ACCESS_KEY_ID", admin.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", admin.secretAccessKey());

        Result r = run(
                env,
                List.of(
                        "lookup",
                        "--event-name",
                        "CreateUser",
                        "--resource-name",
                        "cli-bob",
                        "-o",
                        "jsonl",
                        "--endpoint",
                        server.endpoint().toString(),
                        "--data",
                        empty.toString()));

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.stdout()).contains(createRequestIds.get("cli-bob"));
    }

    @Test
    void anUnknownKeyExitsWithOneAndTheAwsErrorCode() {
        Map<String, String> env = baseEnvironment();
        env.put("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000000");
        env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret");

        Result r = run(env, List.of("lookup", "--endpoint", server.endpoint().toString()));

        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("cairn: LookupEvents failed: UnrecognizedClientException: ");
    }

    @Test
    void usageErrorsExitWithTwo() {
        Result badFlag = events("lookup", "--read-only", "maybe");
        assertThat(badFlag.exit()).as("%s", badFlag).isEqualTo(2);
        assertThat(badFlag.stderr()).startsWith("--read-only 'maybe' must be true or false");

        Result badFormat = events("export", "--format", "xml");
        assertThat(badFormat.exit()).as("%s", badFormat).isEqualTo(2);
        assertThat(badFormat.stderr()).contains("--format");
    }

    @Test
    void aServerThatIsNotThereExitsWithOne() {
        Result r = run(
                baseEnvironment(),
                List.of(
                        "lookup",
                        "--endpoint",
                        "http://127.0.0.1:1",
                        "--data",
                        server.dataDirectory().toString()));

        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.stderr()).startsWith("cairn: cannot connect to http://127.0.0.1:1");
    }

    @Test
    void eventsHelpListsLookupAndExport() {
        Result r = run(baseEnvironment(), List.of("--help"));

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(new LinkedHashSet<>(r.stdout().lines().map(String::strip).toList()))
                .anyMatch(l -> l.startsWith("lookup"))
                .anyMatch(l -> l.startsWith("export"));
    }
}

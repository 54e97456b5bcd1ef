package dev.cairn.cli.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.cli.aws.CloudTrailClient;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryResource;
import dev.cairn.protocol.sigv4.SigningCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code events lookup} and {@code events export} run end to end against a {@link FakeHistory}. */
class EventsCommandsTest {
    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock(NOW);
    private final FakeHistory history = new FakeHistory(clock);
    private CloudTrailClient.Transport transport = history;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final StringWriter usage = new StringWriter();
    private boolean terminal;

    private static HistoryEvent iam(String id, String time, String name, String user, boolean readOnly, String target) {
        return FakeHistory.event(
                id,
                Instant.parse(time),
                name,
                "iam.amazonaws.com",
                user,
                readOnly,
                List.of(new HistoryResource("AWS::IAM::User", target)),
                Map.of());
    }

    private static final HistoryEvent CREATE_ALICE =
            iam("e1", "2026-01-15T10:00:00Z", "CreateUser", "admin", false, "alice");
    private static final HistoryEvent CREATE_BOB =
            iam("e2", "2026-01-15T10:05:00Z", "CreateUser", "admin", false, "bob");
    private static final HistoryEvent GET_ALICE = iam("e3", "2026-01-15T10:10:00Z", "GetUser", "admin", true, "alice");
    private static final HistoryEvent WHO_AM_I = FakeHistory.event(
            "e4",
            Instant.parse("2026-01-15T10:15:00Z"),
            "GetCallerIdentity",
            "sts.amazonaws.com",
            "admin",
            true,
            List.of(),
            Map.of());
    private static final HistoryEvent DELETE_CAROL = FakeHistory.event(
            "e5",
            Instant.parse("2026-01-15T10:20:00Z"),
            "DeleteUser",
            "iam.amazonaws.com",
            "ops",
            false,
            List.of(new HistoryResource("AWS::IAM::User", "carol")),
            Map.of(
                    "errorCode", "NoSuchEntity",
                    "errorMessage", "The user with name carol cannot be found.",
                    "userAgent", "aws-cli/2.15 \"quoted\", with comma"));

    @BeforeEach
    void fiveEvents() {
        for (HistoryEvent e : List.of(CREATE_ALICE, CREATE_BOB, GET_ALICE, WHO_AM_I, DELETE_CAROL)) {
            history.add(e);
        }
    }

    private CliContext context() {
        return new CliContext(
                Map.of("AWS_ACCESS_KEY_ID", FakeHistory.KEY_ID, "AWS_SECRET_ACCESS_KEY", FakeHistory.SECRET),
                clock,
                new PrintStream(stdout, true, UTF_8),
                new PrintStream(stderr, true, UTF_8),
                terminal,
                (endpoint, region, credentials) -> new LookupEventsClient(
                        endpoint, region, credentials, transport, clock, d -> {}, "cairn-cli/test"));
    }

    private int lookup(String... args) {
        return run(new EventsLookupCommand(context()), args);
    }

    private int export(String... args) {
        return run(new EventsExportCommand(context()), args);
    }

    private int run(Object command, String... args) {
        return new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setErr(new PrintWriter(usage, true))
                .execute(args);
    }

    private String out() {
        return stdout.toString(UTF_8);
    }

    private String err() {
        return stderr.toString(UTF_8);
    }

    private static String row(String... cells) {
        return String.format("%-20s  %-10s  %-5s  %-17s  %-9s  %s", (Object[]) cells)
                .stripTrailing();
    }

    // ---- lookup -----------------------------------------------------------------------------------------

    @Test
    void lookupPrintsATableOfTheMatchingEventsNewestFirst() {
        int exit = lookup("--event-name", "CreateUser");

        assertThat(exit).as(err()).isZero();
        assertThat(out())
                .isEqualTo(String.join(
                        "\n",
                        row("TIME", "EVENT NAME", "USER", "SOURCE", "READ-ONLY", "RESOURCES"),
                        row(
                                "2026-01-15T10:05:00Z",
                                "CreateUser",
                                "admin",
                                "iam.amazonaws.com",
                                "false",
                                "bob (AWS::IAM::User)"),
                        row(
                                "2026-01-15T10:00:00Z",
                                "CreateUser",
                                "admin",
                                "iam.amazonaws.com",
                                "false",
                                "alice (AWS::IAM::User)"),
                        ""));
        assertThat(err()).isEmpty();
    }

    @Test
    void lookupAndsTheAttributesSendingOnlyTheMostSelective() throws Exception {
        int exit = lookup("--event-name", "CreateUser", "--resource-name", "alice", "--output", "json");

        assertThat(exit).as(err()).isZero();
        assertThat(out()).isEqualTo("[\n" + CREATE_ALICE.cloudTrailEvent() + "\n]\n");
        assertThat(history.requests).hasSize(1);
        assertThat(history.requests.get(0).get("LookupAttributes").toString())
                .isEqualTo("[{\"AttributeKey\":\"ResourceName\",\"AttributeValue\":\"alice\"}]");
    }

    @Test
    void lookupWithAttributesNoEventHasPrintsAnEmptyArray() {
        int exit = lookup("--event-name", "CreateUser", "--read-only", "TRUE", "-o", "json");

        assertThat(exit).as(err()).isZero();
        assertThat(out()).isEqualTo("[]\n");
    }

    @Test
    void lookupKeepsReadingPagesUntilEnoughEventsMatch() {
        for (int i = 0; i < 120; i++) {
            history.add(iam("r" + (1000 + i), "2026-01-15T11:00:00Z", "GetUser", "admin", true, "alice"));
        }

        int exit = lookup("--username", "admin", "--read-only", "false", "--max", "2", "-o", "jsonl");

        assertThat(exit).as(err()).isZero();
        assertThat(out()).isEqualTo(CREATE_BOB.cloudTrailEvent() + "\n" + CREATE_ALICE.cloudTrailEvent() + "\n");
        assertThat(history.requests).hasSize(3);
        assertThat(history.requests).allMatch(r -> r.get("MaxResults").asInt() == 50);
    }

    @Test
    void lookupWithoutClientSideFilteringAsksForNoMoreThanItPrints() {
        int exit = lookup("--max", "2", "-o", "jsonl");

        assertThat(exit).as(err()).isZero();
        assertThat(out()).isEqualTo(DELETE_CAROL.cloudTrailEvent() + "\n" + WHO_AM_I.cloudTrailEvent() + "\n");
        assertThat(history.requests).hasSize(1);
        assertThat(history.requests.get(0).toString()).isEqualTo("{\"MaxResults\":2}");
    }

    @Test
    void lookupHonoursTheTimeRangeBothEndsIncluded() {
        int exit = lookup("--start", "2026-01-15T10:05:00Z", "--end", "2026-01-15T10:15:00Z", "-o", "jsonl");

        assertThat(exit).as(err()).isZero();
        assertThat(out())
                .isEqualTo(WHO_AM_I.cloudTrailEvent() + "\n" + GET_ALICE.cloudTrailEvent() + "\n"
                        + CREATE_BOB.cloudTrailEvent() + "\n");
    }

    @Test
    void aRelativeStartCountsBackFromNow() {
        HistoryEvent recent = iam("e9", "2026-01-15T11:30:00Z", "CreateUser", "admin", false, "dave");
        history.add(recent);

        int exit = lookup("--start", "1h", "-o", "jsonl");

        assertThat(exit).as(err()).isZero();
        assertThat(out()).isEqualTo(recent.cloudTrailEvent() + "\n");
        assertThat(history.requests.get(0).get("StartTime").decimalValue()).isEqualByComparingTo("1768474800");
    }

    @Test
    void anAwsErrorExitsWithOneAndPrintsItsCodeAndMessage() {
        history.failNext(400, "InvalidLookupAttributesException", "AttributeValue is too long.");

        int exit = lookup("--event-name", "CreateUser");

        assertThat(exit).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err())
                .isEqualTo("cairn: LookupEvents failed: InvalidLookupAttributesException: AttributeValue is too"
                        + " long. (HTTP 400)\n");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        assertThat(lookup("--read-only", "maybe")).isEqualTo(2);
        assertThat(lookup("--start", "1h", "--end", "2h")).isEqualTo(2);
        assertThat(lookup("--max", "0")).isEqualTo(2);
        assertThat(lookup("--output", "xml")).isEqualTo(2);
        assertThat(lookup("--endpoint", "ftp://example.com")).isEqualTo(2);
        assertThat(lookup("--start", "yesterday")).isEqualTo(2);
        assertThat(lookup("--region", "US East")).isEqualTo(2);

        assertThat(usage.toString())
                .contains("--read-only 'maybe' must be true or false")
                .contains("--start 2026-01-15T11:00:00Z is after --end 2026-01-15T10:00:00Z")
                .contains("--max 0 must be at least 1")
                .contains("--endpoint 'ftp://example.com' must be an http:// or https:// URL")
                .contains("--start 'yesterday' is not a time")
                .contains("--region 'US East' is not a region name");
        assertThat(history.requests).isEmpty();
    }

    @Test
    void missingCredentialsExitWithOneAndSayWhereTheCliLooked(@TempDir Path empty) {
        CliContext noKeys = new CliContext(
                Map.of(),
                clock,
                new PrintStream(stdout, true, UTF_8),
                new PrintStream(stderr, true, UTF_8),
                false,
                (endpoint, region, credentials) -> {
                    throw new AssertionError("no client without credentials");
                });

        int exit = run(new EventsLookupCommand(noKeys), "--data", empty.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err())
                .startsWith("cairn: no credentials: " + empty.resolve("credentials") + " does not exist")
                .contains("--data");
    }

    // ---- export -----------------------------------------------------------------------------------------

    @Test
    void exportWritesTheRecordsAsATrailLogFileAndASummary() {
        int exit = export("--format", "json");

        assertThat(exit).as(err()).isZero();
        assertThat(out())
                .isEqualTo("{\"Records\":[\n" + DELETE_CAROL.cloudTrailEvent() + ",\n" + WHO_AM_I.cloudTrailEvent()
                        + ",\n" + GET_ALICE.cloudTrailEvent() + ",\n" + CREATE_BOB.cloudTrailEvent() + ",\n"
                        + CREATE_ALICE.cloudTrailEvent() + "\n]}\n");
        assertThat(err()).isEqualTo("exported 5 events (1 page) to standard output in 0.0 s\n");
        assertThat(new String(history.signedRequests.get(0).body(), UTF_8))
                .as("the end is fixed at the start of the export")
                .isEqualTo("{\"EndTime\":1768478400.000,\"MaxResults\":50}");
    }

    @Test
    void exportOfNothingIsStillValidJson() throws Exception {
        int exit = export("--event-name", "NoSuchCall");

        assertThat(exit).as(err()).isZero();
        assertThat(out()).isEqualTo("{\"Records\":[]}\n");
        assertThat(JSON.readTree(out()).get("Records")).isEmpty();
    }

    @Test
    void exportWritesCsvWithTheConsoleColumnsQuotedAsRfc4180Says() {
        int exit = export("--format", "csv", "--username", "ops");

        assertThat(exit).as(err()).isZero();
        assertThat(out())
                .isEqualTo("eventTime,eventName,eventSource,userName,awsRegion,sourceIPAddress,userAgent,accessKeyId,"
                        + "readOnly,errorCode,errorMessage,resources,eventId,requestId\r\n"
                        + "2026-01-15T10:20:00Z,DeleteUser,iam.amazonaws.com,ops,us-east-1,127.0.0.1,"
                        + "\"aws-cli/2.15 \"\"quoted\"\", with comma\",AKIAOPS,false,NoSuchEntity,"
                        + "The user with name carol cannot be found.,"
                        + "\"[{\"\"ResourceType\"\":\"\"AWS::IAM::User\"\",\"\"ResourceName\"\":\"\"carol\"\"}]\","
                        + "e5,req-e5\r\n");
    }

    @Test
    void exportOfMoreThanAPageHasEveryEventExactlyOnce() throws Exception {
        for (int i = 0; i < 120; i++) {
            history.add(FakeHistory.event(
                    "p" + (1000 + i),
                    NOW.minus(Duration.ofSeconds(i)),
                    "GetCallerIdentity",
                    "sts.amazonaws.com",
                    "admin",
                    true,
                    List.of(),
                    Map.of()));
        }

        int exit = export("--event-source", "sts.amazonaws.com", "--read-only", "true");

        assertThat(exit).as(err()).isZero();
        JsonNode records = JSON.readTree(out()).get("Records");
        Set<String> ids = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (JsonNode r : records) {
            ids.add(r.get("eventID").asText());
            order.add(r.get("eventTime").asText());
        }
        assertThat(records).hasSize(121);
        assertThat(ids).hasSize(121).contains("e4", "p1000", "p1119");
        assertThat(order).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(history.requests).hasSize(3);
        assertThat(err()).isEqualTo("exported 121 events (3 pages) to standard output in 0.0 s\n");
    }

    @Test
    void exportToAFileReplacesItOnlyWhenComplete(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.csv");
        Files.writeString(file, "old");

        int exit = export("--format", "csv", "--out", file.toString(), "--event-name", "CreateUser");

        assertThat(exit).as(err()).isZero();
        assertThat(out()).isEmpty();
        assertThat(Files.readAllLines(file)).hasSize(3).first().asString().startsWith("eventTime,eventName,");
        assertThat(dir.resolve("events.csv.part")).doesNotExist();
        assertThat(err()).isEqualTo("exported 2 events (1 page) to " + file + " in 0.0 s\n");
    }

    @Test
    void aFailedExportLeavesNoFileBehind(@TempDir Path dir) {
        for (int i = 0; i < 60; i++) {
            history.add(iam("r" + (1000 + i), "2026-01-15T11:00:00Z", "GetUser", "admin", true, "alice"));
        }
        int[] calls = {0};
        transport = (uri, request) -> {
            if (calls[0]++ == 1) {
                history.failNext(400, "AccessDeniedException", "no more for you");
            }
            return history.send(uri, request);
        };
        Path file = dir.resolve("events.json");

        int exit = export("--out", file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("events.json.part")).doesNotExist();
        assertThat(err()).isEqualTo("cairn: LookupEvents failed: AccessDeniedException: no more for you (HTTP 400)\n");
    }

    @Test
    void onATerminalAProgressLineIsDrawnThenClearedForTheSummary(@TempDir Path dir) {
        terminal = true;
        Path file = dir.resolve("out.json");

        int exit = export("--start", "2026-01-15T09:00:00Z", "--out", file.toString());

        assertThat(exit).as(err()).isZero();
        String line = "[########################] 100%  5 events  0/s  back to 2026-01-15T09:00:00Z";
        assertThat(err())
                .isEqualTo("\r" + line + "\r" + " ".repeat(line.length()) + "\r" + "exported 5 events (1 page) to "
                        + file + " in 0.0 s\n");
    }

    @Test
    void theProgressLineShowsHowFarBackFromTheEndTheWalkHasGone(@TempDir Path dir) {
        for (int i = 0; i < 120; i++) {
            history.add(iam(
                    "p" + (1000 + i), NOW.minus(Duration.ofMinutes(i)).toString(), "GetUser", "admin", true, "alice"));
        }
        terminal = true;
        Path file = dir.resolve("out.json");

        int exit = export("--start", "2026-01-15T09:00:00Z", "--out", file.toString());

        assertThat(exit).as(err()).isZero();
        // The clock stands still, so only the first page is drawn: 49 of 180 minutes walked.
        String line = "[#######-----------------]  27%  50 events  0/s  back to 2026-01-15T11:11:00Z";
        assertThat(err())
                .isEqualTo("\r" + line + "\r" + " ".repeat(line.length()) + "\r" + "exported 125 events (3 pages) to "
                        + file + " in 0.0 s\n");
    }

    @Test
    void progressCanBeTurnedOffOnATerminalAndOnOffOne(@TempDir Path dir) {
        String file = dir.resolve("out.json").toString();
        terminal = true;
        assertThat(export("--progress", "never", "--out", file)).isZero();
        assertThat(err()).doesNotContain("\r");

        stderr.reset();
        terminal = false;
        assertThat(export("--progress", "always", "--out", file)).isZero();
        assertThat(err()).startsWith("\r[");
    }

    @Test
    void credentialsFromTheEnvironmentAreUsed() {
        SigningCredentials[] used = new SigningCredentials[1];
        CliContext recording = new CliContext(
                Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "s3cret", "AWS_SESSION_TOKEN", "tok"),
                clock,
                new PrintStream(stdout, true, UTF_8),
                new PrintStream(stderr, true, UTF_8),
                false,
                (endpoint, region, credentials) -> {
                    used[0] = credentials;
                    return new LookupEventsClient(
                            endpoint, region, credentials, transport, clock, d -> {}, "cairn-cli/test");
                });

        run(new EventsLookupCommand(recording), "--region", "eu-west-1");

        assertThat(used[0]).isEqualTo(new SigningCredentials("AKIAENV", "s3cret", "tok"));
        assertThat(history.signedRequests.get(0).headers().first("authorization"))
                .contains("/eu-west-1/cloudtrail/");
    }
}

package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.event.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.User;

/**
 * A full disk fails calls closed, with a 503, and the server recovers once space is back.
 *
 * <p>The server's data directory is a {@value #TMPFS_SIZE} tmpfs (the test mounts it: root only; set
 * {@code CAIRN_IT_SKIP_MOUNT=1} to skip the test where mounting is not allowed). CairnProcess chooses the data
 * directory, so the server is started once, stopped, its directory copied aside, the tmpfs mounted over it, the
 * files copied back, and the server started again. The test then fills the file system with a filler file, checks
 * that CreateUser (mutating), ListUsers and GetCallerIdentity (read-only) fail with a query-protocol 503
 * {@code ServiceUnavailable} and that a failed CreateUser created nothing, that the metrics count the failures, and
 * that the log says so without a stack trace per call, and that {@code /_cairn/health} answers 503 degraded; then it
 * deletes the filler and checks that calls succeed and are recorded again, and that health answers 200 again.
 *
 * <p>Slack. "Full" is measured in pages: the last page of the journal's active segment (and of the metadata log)
 * is partly empty, and a record that fits there needs no new page, so right after the filler hits ENOSPC a few calls
 * can still be recorded, legitimately. The test first drains that slack (calls until each kind has failed once; since
 * an event of one kind always has about the same size and the slack only shrinks, a kind that failed once cannot
 * succeed again), checks that every call answered 200 meanwhile really was recorded, and only then requires every
 * call to fail. Before each call the filler is topped up: the history index, failing on the full disk, rolls back
 * and deletes the files it was writing, which would otherwise be new slack.
 *
 * <p>Even so the server frees space by itself while the disk is full: the indexer retries every second and rolls
 * back again, and a journal append that fails is truncated away, giving back the tail of its last page. A call
 * may use that space, legitimately. So while full, most calls (two thirds) must fail, and a call that succeeds
 * must be recorded and applied, as every acknowledged call is checked to be at the end.
 */
class DiskFullIT {
    private static final String TMPFS_SIZE = "64m";
    private static final String SKIP_MOUNT = "CAIRN_IT_SKIP_MOUNT";
    /** Calls of each kind while the disk stays full, after the slack is drained. */
    private static final int ROUNDS_WHILE_FULL = 10;
    /** At most this many calls of one kind may still succeed after ENOSPC: the slack is below one page. */
    private static final int MAX_DRAIN_CALLS = 12;
    /** Attempts, 100 ms apart, for the first call of each kind after the filler is deleted. */
    private static final int RECOVERY_ATTEMPTS = 50;

    private static final int PAGE = 4096;
    /** Pages held back in a reserve file, given back one at a time. */
    private static final int RESERVE_PAGES = 64;

    private static CairnProcess server;
    private static Path data;
    private static boolean mounted;
    private static RawHttp http;
    private static AwsBasicCredentials admin;

    /** The kinds of call, each with the body of its signed query-protocol request. */
    enum Kind {
        CREATE_USER("iam", true),
        LIST_USERS("iam", false),
        GET_CALLER_IDENTITY("sts", false);

        final String service;
        final boolean mutating;

        Kind(String service, boolean mutating) {
            this.service = service;
            this.mutating = mutating;
        }

        String eventName() {
            return switch (this) {
                case CREATE_USER -> "CreateUser";
                case LIST_USERS -> "ListUsers";
                case GET_CALLER_IDENTITY -> "GetCallerIdentity";
            };
        }
    }

    /** One call and its answer; {@code user} is the name a CreateUser asked for. */
    record Outcome(
            Kind kind,
            @Nullable String user,
            int status,
            @Nullable String code,
            @Nullable String message,
            @Nullable String requestId) {
        boolean ok() {
            return status == 200;
        }

        boolean serviceUnavailable() {
            return status == 503 && "ServiceUnavailable".equals(code);
        }

        @Override
        public String toString() {
            return kind.eventName() + (user == null ? "" : "(" + user + ")") + " -> " + status
                    + (code == null ? "" : " " + code + " '" + message + "'") + " [" + requestId + "]";
        }
    }

    @BeforeAll
    static void startServerOnASmallFileSystem() {
        server = CairnProcess.start("DiskFullIT");
        server.stop();
        data = server.dataDirectory();
        Path seed = data.resolveSibling(data.getFileName() + "-seed");
        JournalScan.copyTree(data, seed);
        Result mount = run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE + ",mode=0700", "tmpfs", data.toString());
        if (mount.code() != 0) {
            String why = "DiskFullIT mounts a " + TMPFS_SIZE + " tmpfs on " + data
                    + " and needs root (or CAP_SYS_ADMIN) for it; 'mount' exited with " + mount.code() + ": "
                    + mount.output().strip();
            if ("1".equals(System.getenv(SKIP_MOUNT))) {
                Assumptions.abort(why + " (skipped: " + SKIP_MOUNT + "=1)");
            }
            fail(why + " -- run the tests as root, or set " + SKIP_MOUNT + "=1 to skip this test");
        }
        mounted = true;
        copyInto(seed, data);
        server.restart();
        http = new RawHttp(server);
        admin = server.adminCredentials();
    }

    @AfterEach
    void deleteFillers() {
        if (mounted) {
            delete(filler());
            delete(reserve());
        }
    }

    @AfterAll
    static void stopServerAndUnmount() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (mounted) {
                try {
                    delete(filler());
                    delete(reserve());
                    // Keep what the server left, for diagnosis: the tmpfs goes with the unmount.
                    JournalScan.copyTree(data, data.resolveSibling(data.getFileName() + "-tmpfs"));
                } finally {
                    Result umount = run("umount", data.toString());
                    if (umount.code() != 0) {
                        Result lazy = run("umount", "-l", data.toString());
                        assertThat(lazy.code())
                                .as("umount %s: %s; umount -l: %s", data, umount.output(), lazy.output())
                                .isZero();
                    }
                    mounted = false;
                }
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void callsFailClosedWhileTheDiskIsFullAndSucceedOnceSpaceIsBack() throws Exception {
        List<Outcome> acknowledged = new ArrayList<>();
        List<Outcome> refused = new ArrayList<>();

        // Before: every kind of call works.
        for (Kind kind : Kind.values()) {
            Outcome outcome = call(kind, "before");
            assertThat(outcome.ok()).as("%s before the disk is full", outcome).isTrue();
            acknowledged.add(outcome);
        }
        double failedBefore = metric("cairn_events_failed_total");
        long logBefore = Files.size(server.logFile());

        // Full.
        long filled = fill(filler());
        long usable = Files.getFileStore(data).getUsableSpace();
        for (int i = 0; i < 20 && usable >= 4096; i++) { // the server frees space as it fails, see topUp
            Thread.sleep(50);
            filled += fill(filler());
            usable = Files.getFileStore(data).getUsableSpace();
        }
        System.out.printf("DiskFullIT: filler of %d bytes; %d bytes usable left on %s%n", filled, usable, data);
        assertThat(usable).as("usable bytes left on %s after the filler", data).isLessThan(4096);
        long fullSince = System.nanoTime();

        // Drain the slack: each kind until it fails once. Answers are 200 or 503 ServiceUnavailable, nothing else.
        for (Kind kind : Kind.values()) {
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < MAX_DRAIN_CALLS; i++) {
                topUp();
                Outcome outcome = call(kind, String.format("drain%02d", i));
                outcomes.add(outcome);
                assertThat(outcome.ok() || outcome.serviceUnavailable())
                        .as("%s while the disk is full: 200 (recorded in the slack) or 503 ServiceUnavailable", outcome)
                        .isTrue();
                if (!outcome.ok()) {
                    refused.add(outcome);
                    break;
                }
                acknowledged.add(outcome);
            }
            System.out.printf("DiskFullIT: draining %s: %s%n", kind, outcomes);
            assertThat(outcomes.getLast().ok())
                    .as("%s still succeeds after %d calls on a full disk: %s", kind, MAX_DRAIN_CALLS, outcomes)
                    .isFalse();
        }

        // Calls fail closed now, mutating or not, but for what the server frees by itself (see the class notes).
        long strictSince = System.nanoTime();
        List<Outcome> whileFull = new ArrayList<>();
        for (int round = 0; round < ROUNDS_WHILE_FULL; round++) {
            for (Kind kind : Kind.values()) {
                topUp();
                whileFull.add(call(kind, String.format("full-%02d", round)));
            }
        }
        double strictSeconds = (System.nanoTime() - strictSince) / 1e9;
        System.out.printf(
                "DiskFullIT: %d calls in %.2f s while full: %s%n", whileFull.size(), strictSeconds, summary(whileFull));
        assertThat(whileFull)
                .as("calls while the disk is full, after the slack was drained")
                .allSatisfy(o -> assertThat(o.ok() || o.serviceUnavailable())
                        .as("%s is a 200 (recorded, checked below) or a 503 ServiceUnavailable", o)
                        .isTrue());
        long refusedWhileFull =
                whileFull.stream().filter(Outcome::serviceUnavailable).count();
        assertThat(refusedWhileFull)
                .as("calls refused while the disk is full: %s", summary(whileFull))
                .isGreaterThanOrEqualTo(whileFull.size() * 2L / 3);
        for (Outcome outcome : whileFull) {
            (outcome.ok() ? acknowledged : refused).add(outcome);
        }

        // Health says so, with a 503 that makes a load balancer drain the server.
        HttpResponse<String> health = http.get("/_cairn/health");
        System.out.printf("DiskFullIT: health while full: %d %s%n", health.statusCode(), health.body());
        assertThat(health.statusCode())
                .as("health while full: %s", health.body())
                .isEqualTo(503);
        assertThat(health.body())
                .as("health body while full")
                .startsWith("{\"status\":\"degraded\",\"journal\":\"failing since ");
        double failedWhileFull = metric("cairn_events_failed_total");
        assertThat(failedWhileFull - failedBefore)
                .as("cairn_events_failed_total grew by at least the calls refused")
                .isGreaterThanOrEqualTo(refused.size());
        double fullSeconds = (System.nanoTime() - fullSince) / 1e9;

        // The log: an ERROR about the journal, but not a stack trace per failed call. (Lines are not bounded here:
        // the journal's GroupCommit logs a WARN and an INFO for every failed append, see the counts printed.)
        LogSummary log = LogSummary.of(server.logFile(), logBefore);
        System.out.printf(
                "DiskFullIT: log while full (%.1f s, %d refused calls): %s%n", fullSeconds, refused.size(), log);
        assertThat(log.errorLines())
                .as("ERROR lines of the server while the disk was full")
                .anySatisfy(line -> assertThat(line).containsIgnoringCase("journal"))
                .hasSizeLessThanOrEqualTo((int) Math.ceil(fullSeconds) + 3);
        assertThat(log.stackTraces())
                .as(
                        "stack traces logged in %.1f s for %d refused calls (at most one a second, and a few): %s",
                        fullSeconds, refused.size(), log)
                .isLessThanOrEqualTo((int) Math.ceil(fullSeconds) + 3)
                .isLessThan(refused.size());

        // Space is back: calls succeed again, maybe after a retry.
        delete(filler());
        double recordedBefore = metric("cairn_events_recorded_total");
        Map<Kind, Integer> attempts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            for (int attempt = 1; ; attempt++) {
                Outcome outcome = call(kind, String.format("after%02d", attempt));
                if (outcome.ok()) {
                    acknowledged.add(outcome);
                    attempts.put(kind, attempt);
                    break;
                }
                refused.add(outcome);
                assertThat(attempt)
                        .as("%s still fails %d attempts after the filler was deleted", outcome, attempt)
                        .isLessThan(RECOVERY_ATTEMPTS);
                Thread.sleep(100);
            }
        }
        System.out.printf("DiskFullIT: attempts until each kind succeeded again: %s%n", attempts);
        HttpResponse<String> healthAfter = http.get("/_cairn/health");
        System.out.printf("DiskFullIT: health after recovery: %d %s%n", healthAfter.statusCode(), healthAfter.body());
        assertThat(healthAfter.statusCode())
                .as("health once calls are recorded again: %s", healthAfter.body())
                .isEqualTo(200);
        assertThat(healthAfter.body()).isEqualTo("{\"status\":\"ready\"}");
        assertThat(metric("cairn_events_recorded_total"))
                .as("cairn_events_recorded_total after the recovery")
                .isGreaterThanOrEqualTo(recordedBefore + Kind.values().length);

        // State: every acknowledged CreateUser made its user, no refused one did.
        Set<String> users = userNames();
        for (Outcome outcome : acknowledged) {
            if (outcome.kind() == Kind.CREATE_USER) {
                assertThat(users)
                        .as("users, after the acknowledged %s", outcome)
                        .contains(outcome.user());
            }
        }
        for (Outcome outcome : refused) {
            if (outcome.kind() == Kind.CREATE_USER) {
                assertThat(users).as("users, after the refused %s", outcome).doesNotContain(outcome.user());
            }
        }

        // The journal: every acknowledged call is there; what of the refused ones is there is reported.
        server.stop();
        assertThat(Files.readString(server.logFile()))
                .as("the server's log, after a stop that followed the full disk")
                .doesNotContain("Exception in thread")
                .contains("Cairn stopped in ");
        JournalScan journal =
                JournalScan.read(data.resolve("journal"), data.resolveSibling(data.getFileName() + "-journal-copy"));
        System.out.printf("DiskFullIT: %s%n", journal);
        assertThat(journal.duplicateEventIds())
                .as("eventIDs found more than once")
                .isEmpty();
        Map<String, AuditEvent> events = journal.latestByRequestId();
        for (Outcome outcome : acknowledged) {
            AuditEvent event = events.get(outcome.requestId());
            assertThat(event).as("the event of the acknowledged %s", outcome).isNotNull();
            assertThat(event.eventName())
                    .as("eventName of %s", event)
                    .isEqualTo(outcome.kind().eventName());
            assertThat(event.errorCode()).as("errorCode of %s", event).isNull();
            assertThat(event.readOnly()).as("readOnly of %s", event).isEqualTo(!outcome.kind().mutating);
        }
        // A refused call may have an event only if the event says it failed (a CreateUser whose event was written
        // but whose change was not gets a correction, written into the space of the released disk reserve).
        List<String> refusedButRecorded = new ArrayList<>();
        for (Outcome outcome : refused) {
            AuditEvent event = events.get(outcome.requestId());
            if (event != null && event.errorCode() == null) {
                refusedButRecorded.add(outcome + " recorded as a successful " + event.eventName());
            }
        }
        assertThat(refusedButRecorded)
                .as("calls answered 503 whose event says they succeeded")
                .isEmpty();
        server.restart(); // for @AfterAll, which stops it
    }

    /**
     * The journal has room but the metadata log does not: the event is written, the change cannot be stored, and
     * the caller gets a 503. The event must not then say that the call succeeded.
     *
     * <p>To get there, the test fills the disk except for a reserve file of {@value #RESERVE_PAGES} pages, then
     * calls CreateUser over and over, giving one page back (shrinking the reserve) after each refused call: the
     * journal, whose records are larger, usually takes that page, and whenever the metadata log crosses a page
     * boundary while no page is free, the change cannot be stored after its event was written. (About one call in
     * twenty-five with today's record sizes.)
     *
     * <p>Such a call's event is written before the commit fails. The server then appends a correction (the same
     * requestID with errorCode ServiceUnavailable and an addendum naming the original event); on a full disk the
     * correction meets ENOSPC too, so the server releases its disk reserve and writes it there.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aCreateUserWhoseChangeCannotBeStoredIsNotRecordedAsASuccess() throws Exception {
        try (FileChannel channel =
                FileChannel.open(reserve(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(RESERVE_PAGES * PAGE), 0);
        }
        fill(filler());
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < RESERVE_PAGES * 2; i++) {
            if (!outcomes.isEmpty() && !outcomes.getLast().ok()) {
                try (FileChannel channel = FileChannel.open(reserve(), StandardOpenOption.WRITE)) {
                    channel.truncate(Math.max(0, channel.size() - PAGE));
                }
            }
            Outcome outcome = call(Kind.CREATE_USER, String.format("page%03d", i));
            assertThat(outcome.ok() || outcome.serviceUnavailable())
                    .as("%s: 200 or 503 ServiceUnavailable", outcome)
                    .isTrue();
            outcomes.add(outcome);
        }
        delete(filler());
        delete(reserve());

        Set<String> users = userNames();
        server.stop();
        JournalScan journal = JournalScan.read(
                data.resolve("journal"), data.resolveSibling(data.getFileName() + "-journal-copy-pages"));
        server.restart();
        Map<String, AuditEvent> events = journal.latestByRequestId();
        List<String> refusedButRecordedAsSuccess = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            AuditEvent event = events.get(outcome.requestId());
            if (outcome.ok()) {
                assertThat(users).as("users, after %s", outcome).contains(outcome.user());
                assertThat(event).as("the event of %s", outcome).isNotNull();
                assertThat(event.errorCode())
                        .as("errorCode of the event of %s", outcome)
                        .isNull();
            } else {
                assertThat(users).as("users, after %s", outcome).doesNotContain(outcome.user());
                if (event != null && event.errorCode() == null) {
                    refusedButRecordedAsSuccess.add(outcome.toString());
                }
            }
        }
        System.out.printf(
                "DiskFullIT: %d CreateUser calls one page at a time: %s%n", outcomes.size(), summary(outcomes));
        assertThat(refusedButRecordedAsSuccess)
                .as("CreateUser calls answered 503 whose event says they succeeded")
                .isEmpty();
    }

    // ---- calls ---------------------------------------------------------------------------------

    private static Outcome call(Kind kind, String tag) {
        String user = kind == Kind.CREATE_USER ? "diskfull-" + tag : null;
        String body = switch (kind) {
            case CREATE_USER -> "Action=CreateUser&Version=2010-05-08&UserName=" + user;
            case LIST_USERS -> "Action=ListUsers&Version=2010-05-08&MaxItems=1";
            case GET_CALLER_IDENTITY -> "Action=GetCallerIdentity&Version=2011-06-15";
        };
        HttpResponse<String> response = http.send(http.signedForm(kind.service, body, admin));
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElse(null);
        String code = response.statusCode() == 200 ? null : RawHttp.xml(response.body(), "Code");
        String message = response.statusCode() == 200 ? null : RawHttp.xml(response.body(), "Message");
        if (response.statusCode() != 200 && response.statusCode() != 503) {
            fail(kind + " answered " + response.statusCode() + ": " + response.body());
        }
        return new Outcome(kind, user, response.statusCode(), code, message, requestId);
    }

    private static Set<String> userNames() {
        try (IamClient iam = Clients.iam(server)) {
            Set<String> names = new TreeSet<>();
            for (User user : iam.listUsersPaginator(r -> r.maxItems(1000)).users()) {
                names.add(user.userName());
            }
            return names;
        }
    }

    /** Returns the sum of a metric's samples in {@code GET /_cairn/metrics}, 0 if it has none. */
    private static double metric(String name) {
        HttpResponse<String> response = http.get("/_cairn/metrics");
        assertThat(response.statusCode()).as("GET /_cairn/metrics").isEqualTo(200);
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    // ---- the file system ---------------------------------------------------------------------------

    private static Path filler() {
        return data.resolve("filler");
    }

    /** Fills again what the server freed since the disk was filled; logs how much that was. */
    private static void topUp() throws IOException {
        long freed = fill(filler());
        if (freed > 0) {
            System.out.printf("DiskFullIT: the server freed %d bytes on the full disk; filled again%n", freed);
        }
    }

    private static Path reserve() {
        return data.resolve("reserve");
    }

    /**
     * Appends to {@code file} until the file system refuses a single byte; returns the bytes written. Called
     * again before each call while the disk is full, it takes back what the server freed meanwhile: the history
     * index, failing on the full disk, rolls back and deletes the files it was writing.
     */
    private static long fill(Path file) throws IOException {
        long written = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int chunk = 1 << 20; chunk >= 1; chunk /= 16) {
                ByteBuffer buffer = ByteBuffer.allocate(chunk);
                while (true) {
                    buffer.clear();
                    try {
                        while (buffer.hasRemaining()) {
                            written += channel.write(buffer);
                        }
                    } catch (IOException e) {
                        break; // ENOSPC: on with smaller chunks
                    }
                }
            }
        }
        return written;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** Copies the contents of {@code from} into the existing directory {@code to}, with their permissions. */
    private static void copyInto(Path from, Path to) {
        try (Stream<Path> children = Files.list(from)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                JournalScan.copyTree(child, to.resolve(child.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " into " + to, e);
        }
    }

    private record Result(int code, String output) {}

    private static Result run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not finish within 20 s: " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, "cannot run " + String.join(" ", command) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static String summary(List<Outcome> outcomes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            counts.merge(
                    o.kind().eventName() + " " + o.status() + (o.code() == null ? "" : " " + o.code()),
                    1,
                    Integer::sum);
        }
        return counts.toString();
    }

    /** The server's log from a byte offset on: its ERROR lines and how many stack traces it holds. */
    record LogSummary(List<String> errorLines, List<String> warnLines, int stackTraces, int lines) {
        static LogSummary of(Path log, long from) throws IOException {
            byte[] all = Files.readAllBytes(log);
            String text = new String(
                    all,
                    (int) Math.min(from, all.length),
                    all.length - (int) Math.min(from, all.length),
                    StandardCharsets.UTF_8);
            List<String> errors = new ArrayList<>();
            List<String> warns = new ArrayList<>();
            int traces = 0;
            boolean inTrace = false;
            String[] lines = text.split("\n");
            for (String line : lines) {
                if (line.contains(" ERROR ")) {
                    errors.add(line);
                } else if (line.contains(" WARN ")) {
                    warns.add(line);
                }
                // A stack frame, "\tat ...", or "\t\tat ..." in a suppressed exception.
                boolean frame = !line.isEmpty()
                        && Character.isWhitespace(line.charAt(0))
                        && line.stripLeading().startsWith("at ");
                if (frame && !inTrace) {
                    traces++;
                }
                // "Caused by" and "Suppressed" sections continue the same trace.
                inTrace = frame
                        || (inTrace
                                && (line.startsWith("Caused by: ")
                                        || line.stripLeading().startsWith("Suppressed: ")
                                        || line.stripLeading().startsWith("... ")));
            }
            return new LogSummary(errors, warns, traces, lines.length);
        }

        @Override
        public String toString() {
            return lines + " lines, " + errorLines.size() + " ERROR, " + warnLines.size() + " WARN, " + stackTraces
                    + " stack traces";
        }
    }
}

package dev.cairn.trail.validation;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.StoredObject;
import dev.cairn.signing.SigningKey;
import dev.cairn.testkit.bucket.InMemoryObjectStore;
import dev.cairn.testkit.time.ManualClock;
import dev.cairn.trail.digest.DigestChain;
import dev.cairn.trail.digest.DigestTarget;
import dev.cairn.trail.digest.DigestWriter;
import dev.cairn.trail.digest.LogFileEntry;
import dev.cairn.trail.digest.LogFileKeys;
import dev.cairn.trail.digest.SignedDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A trail's bucket in memory, filled the way delivery fills it: gzip'd log files and hourly digests written
 * by {@link DigestWriter} and signed with {@link TestKeys}, each put at the time it would be delivered.
 * Tests then tamper with the objects and validate.
 */
final class TestTrail {

    static final String BUCKET = "trail-bucket";
    static final String PREFIX = "myprefix";
    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-east-1";
    static final String TRAIL = "mytrail";
    static final String TRAIL_ARN = "arn:aws:cloudtrail:" + REGION + ":" + ACCOUNT + ":trail/" + TRAIL;
    static final Instant T0 = Instant.parse("2024-05-01T09:01:31Z");
    static final Duration HOUR = Duration.ofHours(1);
    static final DigestTarget TARGET = new DigestTarget(TRAIL, REGION, ACCOUNT, REGION, BUCKET, PREFIX);

    final ManualClock clock = new ManualClock(T0);
    final InMemoryObjectStore store = new InMemoryObjectStore(clock);
    final TestKeys keys = new TestKeys();
    final List<SignedDigest> digests = new ArrayList<>();
    final List<LogFileEntry> logs = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7);
    private Instant nextStart = T0;

    @Nullable
    private DigestChain last;

    TestTrail() {
        store.createBucket(BUCKET, ACCOUNT, REGION);
    }

    /**
     * Returns the chain of spec 3.12: a chain start in an empty hour ({@code 09:01:31} to {@code 10:01:31}),
     * an hour with two log files, and another empty hour, ending at {@code 12:01:31}.
     */
    static TestTrail threeHours() {
        TestTrail trail = new TestTrail();
        trail.digest(List.of());
        LogFileEntry first = trail.log("2024-05-01T10:15:00Z", "2024-05-01T10:09:58Z", "2024-05-01T10:12:01Z");
        LogFileEntry second = trail.log("2024-05-01T10:45:00Z", "2024-05-01T10:40:00Z", "2024-05-01T10:41:30Z");
        trail.digest(List.of(first, second));
        trail.digest(List.of());
        return trail;
    }

    /** Puts a log file delivered at {@code deliveredAt} with events at {@code eventTimes}, oldest first. */
    LogFileEntry log(String deliveredAt, String... eventTimes) {
        Instant at = Instant.parse(deliveredAt);
        clock.set(at);
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < eventTimes.length; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"eventVersion\":\"1.09\",\"eventTime\":\"")
                    .append(eventTimes[i])
                    .append("\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\",\"eventID\":\"")
                    .append(LogFileKeys.randomUnique(random))
                    .append("\"}");
        }
        byte[] uncompressed = json.append("]}").toString().getBytes(UTF_8);
        String key = LogFileKeys.logFileKey(PREFIX, ACCOUNT, REGION, at, LogFileKeys.randomUnique(random));
        store.put(
                BUCKET, key, gzip(uncompressed), new ObjectAttributes("application/json", "gzip", java.util.Map.of()));
        LogFileEntry entry = LogFileEntry.of(
                BUCKET,
                key,
                uncompressed,
                Instant.parse(eventTimes[eventTimes.length - 1]),
                Instant.parse(eventTimes[0]));
        logs.add(entry);
        return entry;
    }

    /** Puts the next hourly digest of the chain, listing {@code listed}. */
    SignedDigest digest(List<LogFileEntry> listed) {
        Instant start = last == null ? nextStart : last.endTime();
        return digest(start, start.plus(HOUR), listed, last);
    }

    /** Puts a digest for {@code (start, end]} that links to {@code previous}, and makes it the chain's last. */
    SignedDigest digest(Instant start, Instant end, List<LogFileEntry> listed, @Nullable DigestChain previous) {
        clock.set(end);
        SigningKey key = keys.current(REGION, end);
        SignedDigest digest = DigestWriter.write(TARGET, start, end, listed, previous, key);
        store.put(digest.bucket(), digest.key(), digest.gzip(), digest.attributes());
        digests.add(digest);
        last = digest.chain();
        return digest;
    }

    /** Makes the next digest start a new chain at {@code start}, as after logging was stopped and started. */
    void restartChain(Instant start) {
        last = null;
        nextStart = start;
    }

    /** Returns the chain link to the last digest. */
    DigestChain last() {
        if (last == null) {
            throw new IllegalStateException("no digest yet");
        }
        return last;
    }

    StoredObject get(String key) {
        return store.get(BUCKET, key);
    }

    /** Replaces an object's bytes, keeping its attributes. */
    void replace(String key, byte[] content) {
        store.put(BUCKET, key, content, store.head(BUCKET, key).attributes());
    }

    void delete(String key) {
        store.delete(BUCKET, key);
    }

    /** Returns a validator over this bucket with {@code keys}' public keys. */
    LogValidator validator() {
        return new LogValidator(store, keys::publicKeys);
    }

    ValidationRequest request(String from, String to) {
        return new ValidationRequest(
                BUCKET, PREFIX, ACCOUNT, TRAIL, REGION, REGION, Instant.parse(from), Instant.parse(to));
    }

    /** Validates {@code [from, to]} and records what the validator reported. */
    Recorded validate(String from, String to) {
        Recorded recorded = new Recorded();
        recorded.report = validator().validate(request(from, to), recorded);
        return recorded;
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A listener that keeps every line reported, in order, and the counts of the listing. */
    static final class Recorded implements ValidationListener {
        final List<String> lines = new ArrayList<>();
        int listedStandard = -1;
        int listedBackfill = -1;

        @Nullable
        ValidationReport report;

        @Override
        public void digestsListed(int standard, int backfill) {
            listedStandard = standard;
            listedBackfill = backfill;
        }

        @Override
        public void digestChecked(DigestResult result) {
            lines.add(result.line());
        }

        @Override
        public void logFileChecked(LogFileResult result) {
            lines.add(result.line());
        }

        @Override
        public void gap(DigestGap gap) {
            lines.add(gap.line());
        }

        ValidationReport report() {
            if (report == null) {
                throw new IllegalStateException("not validated");
            }
            return report;
        }

        List<String> invalid() {
            return lines.stream().filter(l -> l.contains("\tINVALID: ")).toList();
        }
    }
}

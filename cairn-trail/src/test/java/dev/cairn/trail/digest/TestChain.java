package dev.cairn.trail.digest;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.signing.SigningKey;
import dev.cairn.signing.SigningKeyStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A trail's delivered objects in a pretend bucket: three hourly digests (a chain start in an empty hour, an
 * hour with two log files, another empty hour) and the two log files, as delivery would put them.
 */
final class TestChain {

    static final String BUCKET = "trail-bucket";
    static final String PREFIX = "myprefix";
    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-east-1";
    static final String TRAIL = "mytrail";
    static final String TRAIL_ARN = "arn:aws:cloudtrail:" + REGION + ":" + ACCOUNT + ":trail/" + TRAIL;
    static final Instant START = Instant.parse("2024-05-01T09:01:31Z");
    static final DigestTarget TARGET = new DigestTarget(TRAIL, REGION, ACCOUNT, REGION, BUCKET, PREFIX);

    /** One object: its location, content and user metadata. */
    record StoredObject(String bucket, String key, byte[] content, Map<String, String> metadata) {}

    final Map<String, StoredObject> objects = new LinkedHashMap<>();
    final List<SignedDigest> digests = new ArrayList<>();
    final List<LogFileEntry> logFiles = new ArrayList<>();

    private TestChain() {}

    /** Delivers the chain, signing each digest with {@code keys}' key of {@link #REGION} at its end time. */
    static TestChain deliver(SigningKeyStore keys) {
        TestChain chain = new TestChain();
        SplittableRandom random = new SplittableRandom(7);
        Instant hour1 = START.plus(Duration.ofHours(1));
        Instant hour2 = START.plus(Duration.ofHours(2));
        Instant hour3 = START.plus(Duration.ofHours(3));

        SignedDigest first = chain.putDigest(START, hour1, List.of(), null, keys.current(REGION, hour1));

        List<LogFileEntry> hour2Logs = List.of(
                chain.putLog(
                        Instant.parse("2024-05-01T10:15:00Z"), random, "2024-05-01T10:09:58Z", "2024-05-01T10:12:01Z"),
                chain.putLog(
                        Instant.parse("2024-05-01T10:45:00Z"), random, "2024-05-01T10:40:00Z", "2024-05-01T10:41:30Z"));
        SignedDigest second = chain.putDigest(hour1, hour2, hour2Logs, first.chain(), keys.current(REGION, hour2));

        chain.putDigest(hour2, hour3, List.of(), second.chain(), keys.current(REGION, hour3));
        return chain;
    }

    @Nullable
    StoredObject get(String bucket, String key) {
        return objects.get(bucket + "/" + key);
    }

    void put(StoredObject object) {
        objects.put(object.bucket() + "/" + object.key(), object);
    }

    void remove(String bucket, String key) {
        objects.remove(bucket + "/" + key);
    }

    private SignedDigest putDigest(
            Instant start, Instant end, List<LogFileEntry> logs, @Nullable DigestChain previous, SigningKey key) {
        SignedDigest digest = DigestWriter.write(TARGET, start, end, logs, previous, key);
        put(new StoredObject(digest.bucket(), digest.key(), digest.gzip(), digest.metadata()));
        digests.add(digest);
        return digest;
    }

    private LogFileEntry putLog(Instant deliveredAt, SplittableRandom random, String... eventTimes) {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < eventTimes.length; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"eventVersion\":\"1.09\",\"eventTime\":\"")
                    .append(eventTimes[i])
                    .append("\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\",\"awsRegion\":\"")
                    .append(REGION)
                    .append("\",\"eventID\":\"")
                    .append(LogFileKeys.randomUnique(random))
                    .append("\"}");
        }
        byte[] uncompressed = json.append("]}").toString().getBytes(UTF_8);
        String key = LogFileKeys.logFileKey(PREFIX, ACCOUNT, REGION, deliveredAt, LogFileKeys.randomUnique(random));
        put(new StoredObject(BUCKET, key, gzip(uncompressed), Map.of()));
        LogFileEntry entry = LogFileEntry.of(
                BUCKET,
                key,
                uncompressed,
                Instant.parse(eventTimes[eventTimes.length - 1]),
                Instant.parse(eventTimes[0]));
        logFiles.add(entry);
        return entry;
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
}

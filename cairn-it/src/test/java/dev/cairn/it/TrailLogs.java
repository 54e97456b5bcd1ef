package dev.cairn.it;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The CloudTrail log files one trail delivered to a bucket, read through the server's S3 API as a consumer
 * of the bucket reads them: listed under {@code [prefix/]AWSLogs/}, each key checked against the layout of
 * spec §2.1 and each file's records against its key (one account and one region per file). Log files do
 * not change once written, so each is fetched once.
 */
final class TrailLogs {
    /** Spec §2.1's key layout: prefix, account, region, date folders, file name with account and region again. */
    static final Pattern LOG_FILE_KEY =
            Pattern.compile("^(?:(.+)/)?AWSLogs/(\\d{12})/CloudTrail/([a-z0-9-]+)/(\\d{4})/(\\d{2})/(\\d{2})/"
                    + "\\2_CloudTrail_\\3_(\\d{8}T\\d{4}Z)_([A-Za-z0-9]{16})\\.json\\.gz$");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final @Nullable String prefix;
    private final Map<String, LogFile> read = new HashMap<>();

    /**
     * One delivered log file: its key, the account and region its key names, when the bucket says it was
     * written, and its records.
     */
    record LogFile(String key, String account, String region, Instant lastModified, List<JsonNode> records) {}

    /**
     * @param prefix the trail's S3 key prefix, or null when it has none
     */
    TrailLogs(S3Client s3, String bucket, @Nullable String prefix) {
        this.s3 = requireNonNull(s3, "s3 is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.prefix = prefix;
    }

    /** An S3 client of the server (path style, retrying as the SDK does by default), signing for {@code region}. */
    static S3Client s3(CairnProcess server, AwsCredentials credentials, Region region) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(region)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    static S3Client s3(CairnProcess server) {
        return s3(server, server.adminCredentials(), Region.US_EAST_1);
    }

    String bucket() {
        return bucket;
    }

    /** The folder under which the trail's account folders are, {@code [prefix/]AWSLogs/}. */
    String root() {
        return prefix == null ? "AWSLogs/" : prefix + "/AWSLogs/";
    }

    /** Every log file in the bucket now, in key order; fails on a key or a record that breaks the layout. */
    List<LogFile> files() {
        List<LogFile> files = new ArrayList<>();
        for (S3Object object : objects(k -> k.contains("/CloudTrail/"))) {
            LogFile file = read.get(object.key());
            if (file == null) {
                file = parse(object.key(), object.lastModified());
                read.put(object.key(), file);
            }
            files.add(file);
        }
        return files;
    }

    /** Every record of every log file, in key order. */
    List<JsonNode> records() {
        List<JsonNode> records = new ArrayList<>();
        for (LogFile file : files()) {
            records.addAll(file.records());
        }
        return records;
    }

    /** The request IDs of every delivered record. */
    Set<String> requestIds() {
        Set<String> ids = new TreeSet<>();
        for (JsonNode record : records()) {
            String id = text(record, "requestID");
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Each delivered record by its request ID (the last one read when a record was delivered twice). */
    Map<String, JsonNode> byRequestId() {
        Map<String, JsonNode> records = new HashMap<>();
        for (JsonNode record : records()) {
            String id = text(record, "requestID");
            if (id != null) {
                records.put(id, record);
            }
        }
        return records;
    }

    /** The keys of the log files holding each eventID, for the eventIDs found in more than one file. */
    Map<String, List<String>> duplicateEventIds() {
        Map<String, List<String>> filesByEventId = new HashMap<>();
        for (LogFile file : files()) {
            for (JsonNode record : file.records()) {
                filesByEventId
                        .computeIfAbsent(record.get("eventID").asText(), id -> new ArrayList<>())
                        .add(file.key());
            }
        }
        Map<String, List<String>> duplicates = new TreeMap<>();
        filesByEventId.forEach((id, keys) -> {
            if (keys.size() > 1) {
                duplicates.put(id, keys);
            }
        });
        return duplicates;
    }

    /** Waits until the records of all {@code requestIds} were delivered, and returns them by request ID. */
    Map<String, JsonNode> awaitRequestIds(Collection<String> requestIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, JsonNode> found = byRequestId();
            if (found.keySet().containsAll(requestIds)) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                Set<String> missing = new LinkedHashSet<>(requestIds);
                missing.removeAll(found.keySet());
                throw new AssertionError(missing.size() + " of " + requestIds.size()
                        + " calls were not delivered to s3://"
                        + bucket + "/" + root() + " within " + timeout + " (" + found.size() + " records there): "
                        + abbreviate(missing));
            }
            Thread.sleep(250);
        }
    }

    /** The keys of the digest files in the bucket, sorted. */
    List<String> digestKeys() {
        return keys(k -> k.contains("/CloudTrail-Digest/"));
    }

    /** The log file keys each digest in the bucket lists. */
    Set<String> logFilesListedInDigests() {
        Set<String> listed = new TreeSet<>();
        for (String key : digestKeys()) {
            for (JsonNode file : readJson(key).get("logFiles")) {
                listed.add(file.get("s3Object").asText());
            }
        }
        return listed;
    }

    private List<String> keys(Predicate<String> filter) {
        return objects(filter).stream().map(S3Object::key).toList();
    }

    private List<S3Object> objects(Predicate<String> filter) {
        return s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(root())).contents().stream()
                .filter(o -> filter.test(o.key()))
                .sorted(Comparator.comparing(S3Object::key))
                .toList();
    }

    private LogFile parse(String key, Instant lastModified) {
        Matcher m = LOG_FILE_KEY.matcher(key);
        assertThat(m.matches())
                .as("log file key %s in s3://%s has the layout of spec §2.1", key, bucket)
                .isTrue();
        assertThat(m.group(1)).as("prefix of %s", key).isEqualTo(prefix);
        String account = m.group(2);
        String region = m.group(3);
        JsonNode root = readJson(key);
        assertThat(root.fieldNames()).toIterable().as("members of %s", key).containsExactly("Records");
        List<JsonNode> records = new ArrayList<>();
        root.get("Records").forEach(records::add);
        assertThat(records).as("records of %s", key).isNotEmpty();
        for (JsonNode record : records) {
            assertThat(text(record, "recipientAccountId"))
                    .as("recipientAccountId of a record in %s: %s", key, record)
                    .isEqualTo(account);
            assertThat(text(record, "awsRegion"))
                    .as("awsRegion of a record in %s: %s", key, record)
                    .isEqualTo(region);
        }
        return new LogFile(key, account, region, lastModified, List.copyOf(records));
    }

    private JsonNode readJson(String key) {
        byte[] gzip = s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("s3://" + bucket + "/" + key + " is not gzip'd JSON", e);
        }
    }

    /** The text of a top-level member, or null when it is absent or not text. */
    static @Nullable String text(JsonNode record, String member) {
        JsonNode value = record.get(member);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static String abbreviate(Collection<String> ids) {
        return ids.size() <= 20 ? ids.toString() : List.copyOf(ids).subList(0, 20) + " ...";
    }
}

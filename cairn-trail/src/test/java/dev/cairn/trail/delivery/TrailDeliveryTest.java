package dev.cairn.trail.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.StoredObject;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.RawJson;
import dev.cairn.event.UserIdentity;
import dev.cairn.testkit.bucket.InMemoryObjectStore;
import dev.cairn.testkit.journal.InMemoryJournal;
import dev.cairn.testkit.time.ManualClock;
import dev.cairn.trail.DeliveryStatus;
import dev.cairn.trail.Trail;
import dev.cairn.trail.TrailCatalog;
import dev.cairn.trail.keys.FileSigningKeyStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrailDeliveryTest {
    static final String ACCOUNT = "111122223333";
    static final String OTHER_ACCOUNT = "444455556666";
    static final String BUCKET = "trail-bucket";
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final Duration FLUSH = Duration.ofSeconds(5);
    static final Pattern JSON_RECORDS = Pattern.compile("\\{\"eventVersion\":");
    static final Pattern LOG_KEY = Pattern.compile("logs/AWSLogs/" + ACCOUNT
            + "/CloudTrail/([a-z0-9-]+)/\\d{4}/\\d{2}/\\d{2}/" + ACCOUNT
            + "_CloudTrail_\\1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz");

    @TempDir
    Path data;

    final ManualClock clock = new ManualClock(T0);
    final InMemoryJournal journal = new InMemoryJournal();
    InMemoryObjectStore store = new InMemoryObjectStore(clock);
    final Catalog catalog = new Catalog(journal);
    final List<TrailDelivery> deliveries = new ArrayList<>();
    FileSigningKeyStore keys;

    @BeforeEach
    void bucket() {
        store.createBucket(BUCKET, ACCOUNT, "us-east-1");
        keys = FileSigningKeyStore.open(data.resolve("keys"));
    }

    @AfterEach
    void stop() {
        deliveries.forEach(TrailDelivery::close);
    }

    @Test
    void selectedEventsBecomeOneSingleMemberGzipFileUnderTheAwsKeyLayout() throws IOException {
        Trail trail = catalog.put(trail("main").build());
        TrailDelivery delivery = start();
        awaitWatching(delivery);
        List<AuditEvent> sent = List.of(event("us-east-1", "CreateUser", false), event("us-east-1", "ListUsers", true));
        sent.forEach(this::append);

        List<ObjectInfo> files = awaitLogFiles(1);

        String key = files.get(0).key();
        assertThat(key).matches(LOG_KEY);
        assertThat(key).contains("/us-east-1/2026/11/23/" + ACCOUNT + "_CloudTrail_us-east-1_20261123T1000Z_");
        StoredObject file = store.get(BUCKET, key);
        assertThat(file.info().attributes().contentType()).isEqualTo("application/json");
        assertThat(file.info().attributes().contentEncoding()).isEqualTo("gzip");
        assertThat(gzipMembers(file.content())).isEqualTo(1);
        String json = gunzip(file.content());
        // The trail's own StartLogging comes first, then the events as journaled, byte for byte.
        assertThat(json).startsWith("{\"Records\":[{").contains("\"eventName\":\"StartLogging\"");
        assertThat(json)
                .endsWith("}," + new String(CloudTrailJson.serialize(sent.get(0)), StandardCharsets.UTF_8) + ","
                        + new String(CloudTrailJson.serialize(sent.get(1)), StandardCharsets.UTF_8) + "]}");
        assertThat(JSON_RECORDS.matcher(json).results().count()).isEqualTo(3);
        assertThat(delivery.status(trail.arn()).latestDeliveryTime()).isNotNull();
        assertThat(delivery.status(trail.arn()).latestDeliveryError()).isNull();
    }

    @Test
    void aBatchWaitsForTheFlushIntervalUnlessItIsFull() {
        catalog.put(trail("main").build());
        TrailDelivery delivery = start();
        awaitWatching(delivery);
        append(event("us-east-1", "CreateUser", false));
        sleep(Duration.ofMillis(600));
        assertThat(logFiles()).isEmpty();

        clock.advance(FLUSH);

        assertThat(awaitLogFiles(1)).hasSize(1);
    }

    @Test
    void onlyTheTrailsAccountAndCoveredRegionsAreDeliveredAndAMultiRegionTrailWritesAFilePerRegion()
            throws IOException {
        catalog.put(trail("single").build());
        catalog.put(trail("multi").multiRegion(true).prefix("multi").build());
        TrailDelivery delivery = start();
        awaitWatching(delivery);
        append(event("us-east-1", "CreateUser", false));
        append(event("eu-west-1", "RunInstances", false));
        append(other(event("us-east-1", "CreateUser", false)));

        clock.advance(FLUSH);

        eventually(() -> {
            clock.advance(Duration.ofMillis(500));
            assertThat(allKeys()).hasSize(3);
        });
        List<String> keys = allKeys();
        assertThat(keys.stream().filter(k -> k.startsWith("logs/")))
                .singleElement()
                .satisfies(k -> assertThat(k).contains("/us-east-1/"));
        assertThat(keys.stream().filter(k -> k.startsWith("multi/")))
                .hasSize(2)
                .anySatisfy(k -> assertThat(k).contains("/CloudTrail/eu-west-1/"))
                .anySatisfy(k -> assertThat(k).contains("/CloudTrail/us-east-1/"));
        for (String key : keys) {
            assertThat(gunzip(store.get(BUCKET, key).content())).doesNotContain(OTHER_ACCOUNT + "\"}");
        }
    }

    @Test
    void eventsOfAStoppedTrailAreNotDelivered() throws IOException {
        Trail trail = catalog.put(trail("main").build());
        TrailDelivery delivery = start();
        awaitWatching(delivery);
        append(event("us-east-1", "BeforeStop", false));
        clock.advance(Duration.ofSeconds(1));
        catalog.put(
                trail("main").started(T0).logging(false).stopped(clock.now()).build());
        clock.advance(Duration.ofSeconds(1));
        append(event("us-east-1", "AfterStop", false));
        clock.advance(FLUSH);

        eventually(() -> {
            clock.advance(Duration.ofMillis(500));
            assertThat(allDelivered()).contains("\"StopLogging\"");
        });
        sleep(Duration.ofMillis(500));
        clock.advance(FLUSH);
        sleep(Duration.ofMillis(500));

        assertThat(allDelivered()).contains("BeforeStop").doesNotContain("AfterStop");
        assertThat(trail.arn()).isNotEmpty();
    }

    @Test
    void anEventOfTheSecondInWhichLoggingStartedIsDelivered() throws IOException {
        catalog.put(trail("main").started(T0.plusMillis(700)).build());
        TrailDelivery delivery = start();
        awaitWatching(delivery);
        clock.advance(Duration.ofMillis(800));
        append(event("us-east-1", "SameSecond", false).toBuilder().eventTime(T0).build());

        List<ObjectInfo> files = awaitLogFiles(1);

        assertThat(gunzip(store.get(BUCKET, files.get(0).key()).content())).contains("SameSecond");
    }

    @Test
    void aFailedWriteIsRetriedShownInTheStatusAndNothingIsLost() throws IOException {
        Trail trail = catalog.put(trail("main").build());
        TrailDelivery delivery = start();
        awaitWatching(delivery);
        store.failWrites(true);
        append(event("us-east-1", "CreateUser", false));
        clock.advance(FLUSH);

        eventually(() -> {
            clock.advance(Duration.ofMillis(500));
            assertThat(delivery.status(trail.arn()).latestDeliveryError()).isEqualTo("InternalError");
        });
        assertThat(logFiles()).isEmpty();
        store.failWrites(false);
        clock.advance(Duration.ofSeconds(2));

        List<ObjectInfo> files = awaitLogFiles(1);
        assertThat(gunzip(store.get(BUCKET, files.get(0).key()).content())).contains("CreateUser");
        DeliveryStatus status = delivery.status(trail.arn());
        assertThat(status.latestDeliveryError()).isNull();
        assertThat(status.latestDeliveryTime()).isNotNull();
    }

    @Test
    void afterARestartDeliveryResumesFromItsPositionWithoutDeliveringAgain() throws IOException {
        catalog.put(trail("main").build());
        TrailDelivery first = start();
        awaitWatching(first);
        append(event("us-east-1", "First", false));
        clock.advance(FLUSH);
        awaitLogFiles(1);
        first.close();
        append(event("us-east-1", "WhileDown", false));

        TrailDelivery second = start();
        sleep(Duration.ofMillis(300));
        clock.advance(FLUSH);

        List<ObjectInfo> files = awaitLogFiles(2);
        sleep(Duration.ofMillis(300));
        assertThat(logFiles()).hasSize(2);
        String all = gunzip(store.get(BUCKET, files.get(0).key()).content())
                + gunzip(store.get(BUCKET, files.get(1).key()).content());
        assertThat(all.split("\"eventName\":\"First\"", -1)).hasSize(2);
        assertThat(all).contains("WhileDown");
        assertThat(second).isNotNull();
    }

    @Test
    void aTrailCreatedAfterStartDeliversEventsFromItsStartLogging() throws IOException {
        TrailDelivery delivery = start();
        awaitWatching(delivery);
        append(event("us-east-1", "BeforeTheTrail", false));
        clock.advance(Duration.ofSeconds(1));
        catalog.put(trail("late").started(clock.now()).build());
        append(event("us-east-1", "AfterTheTrail", false));
        delivery.poke();
        sleep(Duration.ofMillis(300));
        clock.advance(FLUSH);

        List<ObjectInfo> files = awaitLogFiles(1);

        assertThat(gunzip(store.get(BUCKET, files.get(0).key()).content()))
                .contains("AfterTheTrail")
                .doesNotContain("BeforeTheTrail");
    }

    @Test
    void aDeletedTrailDeliversWhatIsLeftAndForgetsItsPosition() throws IOException {
        Trail trail = catalog.put(trail("main").build());
        TrailDelivery delivery = start();
        awaitWatching(delivery);
        append(event("us-east-1", "LastCall", false));
        sleep(Duration.ofMillis(300));
        catalog.remove(trail.arn());
        delivery.poke();

        List<ObjectInfo> files = awaitLogFiles(1);

        assertThat(gunzip(store.get(BUCKET, files.get(0).key()).content())).contains("LastCall");
        eventually(() -> assertThat(journal.committed(DeliveryStateFile.consumerName(trail.arn())))
                .isEmpty());
    }

    // fixtures

    TrailDelivery start() {
        TrailDelivery delivery = new TrailDelivery(
                journal,
                catalog,
                store,
                keys,
                clock,
                TrailDeliveryConfig.defaults()
                        .withFlushInterval(FLUSH)
                        .withCatalogRefresh(Duration.ofMillis(50))
                        .withRetry(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                data.resolve("trails"),
                DeliveryListener.NONE);
        delivery.start();
        deliveries.add(delivery);
        return delivery;
    }

    void awaitWatching(TrailDelivery delivery) {
        eventually(() ->
                assertThat(journal.committed(TrailDelivery.WATCH_CONSUMER)).isPresent());
        sleep(Duration.ofMillis(200));
    }

    void append(AuditEvent event) {
        String account = event.recipientAccountId();
        journal.append(account == null ? "" : account, CloudTrailJson.serialize(event));
    }

    List<ObjectInfo> awaitLogFiles(int count) {
        eventually(() -> {
            clock.advance(Duration.ofMillis(500));
            assertThat(logFiles()).hasSize(count);
        });
        return logFiles();
    }

    List<ObjectInfo> logFiles() {
        return store.list(BUCKET, ListRequest.all()).objects().stream()
                .filter(o -> o.key().contains("/CloudTrail/"))
                .toList();
    }

    /** Returns the JSON of every log file delivered so far, one after the other. */
    String allDelivered() {
        StringBuilder all = new StringBuilder();
        for (ObjectInfo file : logFiles()) {
            try {
                all.append(gunzip(store.get(BUCKET, file.key()).content()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    List<String> allKeys() {
        return store.list(BUCKET, ListRequest.all()).objects().stream()
                .map(ObjectInfo::key)
                .toList();
    }

    AuditEvent eventAt(ManualClock at, String name) {
        return event("us-east-1", name, false).toBuilder().eventTime(at.now()).build();
    }

    AuditEvent event(String region, String name, boolean readOnly) {
        return AuditEvent.builder()
                .userIdentity(UserIdentity.builder()
                        .type("IAMUser")
                        .arn("arn:aws:iam::" + ACCOUNT + ":user/alice")
                        .accountId(ACCOUNT)
                        .principalId("AIDAEXAMPLE")
                        .userName("alice")
                        .build())
                .eventTime(clock.now())
                .eventSource("ec2.amazonaws.com")
                .eventName(name)
                .awsRegion(region)
                .eventID(UUID.randomUUID().toString())
                .readOnly(readOnly)
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId(ACCOUNT)
                .eventCategory("Management")
                .build();
    }

    static AuditEvent other(AuditEvent event) {
        return event.toBuilder().recipientAccountId(OTHER_ACCOUNT).build();
    }

    TrailBuilder trail(String name) {
        return new TrailBuilder(name, clock.now());
    }

    static final class TrailBuilder {
        final String name;
        Instant started;
        Instant stopped;
        boolean logging = true;
        boolean multiRegion;
        boolean validation;
        String prefix = "logs";

        TrailBuilder(String name, Instant started) {
            this.name = name;
            this.started = started;
        }

        TrailBuilder logging(boolean value) {
            logging = value;
            return this;
        }

        TrailBuilder started(Instant value) {
            started = value;
            return this;
        }

        TrailBuilder stopped(Instant value) {
            stopped = value;
            return this;
        }

        TrailBuilder multiRegion(boolean value) {
            multiRegion = value;
            return this;
        }

        TrailBuilder validation(boolean value) {
            validation = value;
            return this;
        }

        TrailBuilder prefix(String value) {
            prefix = value;
            return this;
        }

        Trail build() {
            return new Trail(
                    name,
                    ACCOUNT,
                    "us-east-1",
                    BUCKET,
                    prefix,
                    null,
                    true,
                    multiRegion,
                    validation,
                    null,
                    null,
                    null,
                    false,
                    null,
                    List.of(),
                    Map.of(),
                    logging,
                    started,
                    stopped,
                    T0);
        }
    }

    /**
     * The trails, kept as the server keeps them: a change of a trail's logging is journaled as its
     * StartLogging or StopLogging event before the change is visible, as the call pipeline does.
     */
    static final class Catalog implements TrailCatalog {
        final Map<String, Trail> trails = new ConcurrentHashMap<>();
        final InMemoryJournal journal;

        Catalog(InMemoryJournal journal) {
            this.journal = journal;
        }

        Trail put(Trail trail) {
            Trail before = trails.get(trail.arn());
            boolean wasLogging = before != null && before.logging();
            if (trail.logging() && !wasLogging) {
                journal.append(trail.accountId(), CloudTrailJson.serialize(loggingCall(trail, "StartLogging")));
            } else if (!trail.logging() && wasLogging) {
                journal.append(trail.accountId(), CloudTrailJson.serialize(loggingCall(trail, "StopLogging")));
            }
            trails.put(trail.arn(), trail);
            return trail;
        }

        static AuditEvent loggingCall(Trail trail, String name) {
            Instant time = name.equals("StartLogging") ? trail.startLoggingTime() : trail.stopLoggingTime();
            return AuditEvent.builder()
                    .userIdentity(UserIdentity.builder()
                            .type("IAMUser")
                            .arn("arn:aws:iam::" + ACCOUNT + ":user/alice")
                            .accountId(ACCOUNT)
                            .principalId("AIDAEXAMPLE")
                            .userName("alice")
                            .build())
                    .eventTime(time == null ? T0 : time)
                    .eventSource("cloudtrail.amazonaws.com")
                    .eventName(name)
                    .awsRegion(trail.homeRegion())
                    .requestParameters(RawJson.of("{\"name\":\"" + trail.name() + "\"}"))
                    .eventID(UUID.randomUUID().toString())
                    .readOnly(false)
                    .eventType("AwsApiCall")
                    .managementEvent(true)
                    .recipientAccountId(trail.accountId())
                    .eventCategory("Management")
                    .build();
        }

        void remove(String arn) {
            trails.remove(arn);
        }

        @Override
        public List<Trail> all() {
            return List.copyOf(trails.values());
        }

        @Override
        public Optional<Trail> byArn(String arn) {
            return Optional.ofNullable(trails.get(arn));
        }
    }

    static String gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Counts the gzip members: validate-logs reads only the first. */
    static int gzipMembers(byte[] gzip) {
        int members = 0;
        int offset = 0;
        while (offset < gzip.length) {
            members++;
            int header = 10;
            Inflater inflater = new Inflater(true);
            inflater.setInput(gzip, offset + header, gzip.length - offset - header);
            byte[] sink = new byte[65536];
            try {
                while (!inflater.finished()) {
                    inflater.inflate(sink);
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalStateException(e);
            }
            offset = offset + header + (int) inflater.getBytesRead() + 8;
            inflater.end();
        }
        return members;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Retries {@code assertion} until it passes or 10 s have passed, then rethrows its last failure. */
    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(Duration.ofMillis(20));
            }
        }
    }
}

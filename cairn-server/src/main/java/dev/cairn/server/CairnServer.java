package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.folder.FolderObjectStore;
import dev.cairn.history.EventStore;
import dev.cairn.history.indexer.HistoryIndexer;
import dev.cairn.history.indexer.HistoryIndexerConfig;
import dev.cairn.history.lucene.LuceneEventStore;
import dev.cairn.identity.IdGenerator;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.journal.Journal;
import dev.cairn.journal.segment.SegmentJournal;
import dev.cairn.journal.segment.SegmentJournalConfig;
import dev.cairn.metadata.MetadataStore;
import dev.cairn.metadata.TransactionalMetadataStore;
import dev.cairn.metadata.embedded.LogMetadataStore;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.sigv4.SigV4Verifier;
import dev.cairn.server.auth.Authenticator;
import dev.cairn.server.bootstrap.AdminCredentials;
import dev.cairn.server.bootstrap.SecretFile;
import dev.cairn.server.bucket.ExternalBucket;
import dev.cairn.server.bucket.ExternalBuckets;
import dev.cairn.server.call.CallPipeline;
import dev.cairn.server.call.CallRecorder;
import dev.cairn.server.cloudtrail.CloudTrailService;
import dev.cairn.server.cloudtrail.EventHistory;
import dev.cairn.server.edge.AdminEndpoints;
import dev.cairn.server.edge.EdgeVerticle;
import dev.cairn.server.iam.IamService;
import dev.cairn.server.metrics.CallMetrics;
import dev.cairn.server.metrics.TrailMetrics;
import dev.cairn.server.organizations.OrganizationsService;
import dev.cairn.server.recording.DiskReserve;
import dev.cairn.server.recording.JournalHealth;
import dev.cairn.server.recording.JournalRecorder;
import dev.cairn.server.s3.S3Api;
import dev.cairn.server.sts.StsService;
import dev.cairn.time.Clock;
import dev.cairn.trail.DeliveryStatusBoard;
import dev.cairn.trail.TrailRepository;
import dev.cairn.trail.delivery.TrailDelivery;
import dev.cairn.trail.delivery.TrailDeliveryConfig;
import dev.cairn.trail.keys.FileSigningKeyStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Cairn: the HTTP edge on one port, the services behind it, and the stores they keep their
 * state in. {@link #start} returns once the port is bound and {@code /_cairn/health} answers ready;
 * {@link #close} stops accepting calls, lets those in flight finish, and closes the stores.
 */
public final class CairnServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CairnServer.class);

    private final CairnConfig config;
    private final MetadataStore metadata;
    private final Journal journal;
    private @Nullable AutoCloseable retention;
    private @Nullable AutoCloseable buckets;
    private @Nullable TrailDelivery delivery;
    private final EventStore events;
    private final HistoryIndexer indexer;
    private final IdentityDirectory directory;
    private final AdminCredentials admin;
    private final PrometheusMeterRegistry meters;
    private final Vertx vertx;
    private final ExecutorService calls;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int port;

    private CairnServer(
            CairnConfig config,
            MetadataStore metadata,
            Journal journal,
            EventStore events,
            HistoryIndexer indexer,
            IdentityDirectory directory,
            AdminCredentials admin,
            PrometheusMeterRegistry meters,
            Vertx vertx,
            ExecutorService calls,
            int port) {
        this.config = config;
        this.metadata = metadata;
        this.journal = journal;
        this.events = events;
        this.indexer = indexer;
        this.directory = directory;
        this.admin = admin;
        this.meters = meters;
        this.vertx = vertx;
        this.calls = calls;
        this.port = port;
    }

    /** Starts a server with the system clock. */
    public static CairnServer start(CairnConfig config) {
        return start(config, Clock.system());
    }

    /** Starts a server; blocks until it is ready to serve or fails to start. */
    public static CairnServer start(CairnConfig config, Clock clock) {
        requireNonNull(config, "config is null");
        if (config.allowReset() && config.auth() == AuthMode.STRICT) {
            log.warn(
                    "POST /_cairn/reset is enabled with strict authentication: anyone who can reach the port can erase all state");
        }
        // A refused bucket configuration stops the start before anything is created or opened.
        List<ExternalBucket> externalBuckets = ExternalBuckets.read(config.bucketConfig(), config.accountId());
        createPrivateDirectory(config.dataDirectory());
        TransactionalMetadataStore metadata = new TransactionalMetadataStore(
                LogMetadataStore.open(config.dataDirectory().resolve("metadata")));
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(metadata);
        try {
            SegmentJournal journal = SegmentJournal.open(
                    config.dataDirectory().resolve("journal"), SegmentJournalConfig.defaults(), clock);
            opened.add(journal);
            AutoCloseable retention = scheduleJournalRetention(journal);
            opened.add(retention);
            IdentityDirectory directory = new IdentityDirectory(metadata, clock, new IdGenerator());
            directory.purgeExpired(clock.now().minus(Duration.ofDays(1)));
            AdminCredentials admin = AdminCredentials.ensure(directory, config.accountId(), config.dataDirectory());

            LuceneEventStore events =
                    LuceneEventStore.open(config.dataDirectory().resolve("history"));
            opened.add(events);
            HistoryIndexer indexer = new HistoryIndexer(
                    journal, events, clock, HistoryIndexerConfig.defaults().withRetention(config.historyRetention()));
            opened.add(indexer);
            indexer.start();

            OperationRegistry registry = new OperationRegistry();
            new StsService(directory).register(registry);
            new IamService(directory).register(registry);
            new OrganizationsService(directory, metadata, config.accountId(), clock).register(registry);
            byte[] tokenKey = SecretFile.loadOrCreate(config.dataDirectory().resolve("keys/lookup-token.key"), 32);
            // One instance of each store per data directory: the object store locks its folder.
            FolderObjectStore folder =
                    FolderObjectStore.open(config.dataDirectory().resolve("buckets"), clock);
            opened.add(folder);
            // Buckets the bucket configuration maps to S3-compatible endpoints live there, all others in the folder.
            ObjectStore buckets = ExternalBuckets.route(folder, externalBuckets);
            opened.add(buckets);
            FileSigningKeyStore signingKeys = FileSigningKeyStore.open(
                    config.dataDirectory().resolve("keys/signing"), config.signingKeyRotation());
            TrailRepository trails = new TrailRepository(metadata);
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            TrailDelivery delivery = new TrailDelivery(
                    journal,
                    trails,
                    buckets,
                    signingKeys,
                    clock,
                    TrailDeliveryConfig.defaults()
                            .withFlushInterval(config.trailFlushInterval())
                            .withDigestInterval(config.digestInterval()),
                    config.dataDirectory().resolve("trails"),
                    new TrailMetrics(meters));
            opened.add(delivery);
            delivery.start();
            DeliveryStatusBoard deliveryStatus = delivery;
            new CloudTrailService(
                            readYourWrites(journal, indexer),
                            tokenKey,
                            clock,
                            config.historyRetention(),
                            config.lookupEventsPerSecond(),
                            trails,
                            buckets,
                            signingKeys,
                            deliveryStatus,
                            config.accountId())
                    .register(registry);

            bindStoreMetrics(meters, journal, indexer);
            // Every recorder appends through the watched journal, whose failures /_cairn/health reports.
            // Released to make room for a correction when the disk is full (a call refused after its event).
            DiskReserve reserve = DiskReserve.open(config.dataDirectory(), DiskReserve.DEFAULT_BYTES);
            JournalHealth journalHealth = new JournalHealth(clock, reserve);
            Journal recording = journalHealth.watch(journal);
            CallRecorder recorder =
                    new JournalRecorder(recording, clock, meters, config.rejectedEventsPerSecond(), reserve);
            new JvmMemoryMetrics().bindTo(meters);
            new JvmThreadMetrics().bindTo(meters);
            new ProcessorMetrics().bindTo(meters);
            SigV4Verifier verifier = new SigV4Verifier(clock, config.maxClockSkew());
            Authenticator authenticator =
                    new Authenticator(verifier, directory, config.auth(), config.accountId(), clock);
            CallMetrics callMetrics = new CallMetrics(meters);
            // S3, on the same port: requests whose SigV4 scope names the service s3 go to the buckets.
            S3Api s3 = new S3Api(
                    buckets,
                    authenticator,
                    directory,
                    config.auth(),
                    recording,
                    meters,
                    callMetrics,
                    clock,
                    config.maxRequestBytes(),
                    config.rejectedEventsPerSecond(),
                    config.accountId(),
                    reserve);
            CallPipeline pipeline = new CallPipeline(
                    registry, authenticator, recorder, metadata, callMetrics, config.accountId(), clock, List.of(s3));

            int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
            Vertx vertx = Vertx.vertx(
                    new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
            opened.add(() -> vertx.close().await(10, TimeUnit.SECONDS));
            ExecutorService calls = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("cairn-call-", 0).factory());
            Holder holder = new Holder(journalHealth);
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(config.host())
                    .setPort(config.port())
                    .setTcpNoDelay(true)
                    .setReusePort(true)
                    .setHttp2ClearTextEnabled(true)
                    .setIdleTimeout(120)
                    .setIdleTimeoutUnit(TimeUnit.SECONDS);
            int actualPort = bind(vertx, options, config, pipeline, holder, calls, loops);
            CairnServer server = new CairnServer(
                    config, metadata, journal, events, indexer, directory, admin, meters, vertx, calls, actualPort);
            server.retention = retention;
            server.buckets = buckets;
            server.delivery = delivery;
            holder.server = server;
            server.ready.set(true);
            log.info(
                    "Cairn ready on http://{}:{} (auth {}, data {}, native transport {})",
                    config.host(),
                    actualPort,
                    config.auth().name().toLowerCase(java.util.Locale.ROOT),
                    config.dataDirectory(),
                    vertx.isNativeTransportEnabled());
            if (!config.trustedProxies().isEmpty()) {
                log.info("X-Forwarded-For gives sourceIPAddress for requests from {}", config.trustedProxies());
            }
            return server;
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened.reversed()) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Deletes journal segments that every consumer has read and that are older than the journal's
     * retention, at start and then hourly, on a daemon thread; returns what stops it.
     */
    private static AutoCloseable scheduleJournalRetention(SegmentJournal journal) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cairn-journal-retention").factory());
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        int deleted = journal.applyRetention();
                        if (deleted > 0) {
                            log.info("journal retention deleted {} segment(s) every consumer had read", deleted);
                        }
                    } catch (RuntimeException e) {
                        log.warn("journal retention failed; it runs again in an hour", e);
                    }
                },
                1,
                60,
                TimeUnit.MINUTES);
        return timer::shutdownNow;
    }

    /** Exposes the journal's and the history indexer's counters as gauges. */
    private static void bindStoreMetrics(MeterRegistry meters, Journal journal, HistoryIndexer indexer) {
        Gauge.builder("cairn.journal.appended.records", journal, j -> j.stats().appendedRecords())
                .description("Records made durable in the journal since start")
                .register(meters);
        Gauge.builder("cairn.journal.syncs", journal, j -> j.stats().syncs())
                .description("fsyncs of the journal since start (group commit shares each)")
                .register(meters);
        Gauge.builder("cairn.journal.failed.appends", journal, j -> j.stats().failedAppends())
                .description("Appends the journal could not make durable since start")
                .register(meters);
        Gauge.builder("cairn.history.indexed.events", indexer, HistoryIndexer::indexedEvents)
                .description("Events added to event history since start")
                .register(meters);
        Gauge.builder("cairn.history.lag", indexer, HistoryIndexer::lag)
                .description(
                        "How far event history trails the journal, in journal offsets (bytes for the embedded one)")
                .register(meters);
        Gauge.builder("cairn.history.deleted.events", indexer, HistoryIndexer::deletedEvents)
                .description("Events removed from event history by retention since start")
                .register(meters);
    }

    /**
     * The event history as LookupEvents sees it: before each lookup, wait until the indexer has caught up
     * with the journal's end, so that every call answered before the lookup is found.
     */
    private static EventHistory readYourWrites(Journal journal, HistoryIndexer indexer) {
        return query -> {
            try {
                if (!indexer.awaitIndexed(journal.end(), Duration.ofSeconds(10))) {
                    throw new AwsException(
                            CommonError.SERVICE_UNAVAILABLE, "Event history is catching up; try again in a moment.");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwsException(CommonError.SERVICE_UNAVAILABLE, "The server is stopping.");
            }
            return indexer.lookup(query);
        };
    }

    private static int bind(
            Vertx vertx,
            HttpServerOptions options,
            CairnConfig config,
            CallPipeline pipeline,
            Holder holder,
            ExecutorService calls,
            int loops) {
        if (options.getPort() == 0) {
            // Port 0 with several verticles would bind several ports: pick one first.
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(config.host()))) {
                options.setPort(socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on " + config.host(), e);
            }
        }
        int port = options.getPort();
        try {
            vertx.deployVerticle(
                            () -> new EdgeVerticle(
                                    options,
                                    pipeline,
                                    holder,
                                    calls,
                                    config.maxRequestBytes(),
                                    config.trustedProxies()),
                            new DeploymentOptions().setInstances(loops))
                    .await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "the HTTP edge did not bind " + config.host() + ":" + port + " within 30 s", e);
        }
        return port;
    }

    /** The admin endpoints, bound to the server once it exists. */
    private static final class Holder implements AdminEndpoints {
        private final JournalHealth journalHealth;
        volatile @Nullable CairnServer server;

        Holder(JournalHealth journalHealth) {
            this.journalHealth = journalHealth;
        }

        @Override
        public JournalHealth.Snapshot journal() {
            return journalHealth.snapshot();
        }

        @Override
        public boolean ready() {
            CairnServer s = server;
            return s != null && s.ready.get();
        }

        @Override
        public String scrape() {
            CairnServer s = server;
            return s == null ? "" : s.meters.scrape();
        }

        @Override
        public HttpResponse reset() {
            CairnServer s = server;
            if (s == null) {
                return HttpResponse.of(503, "application/json", "{\"message\":\"not ready\"}");
            }
            return s.reset();
        }
    }

    private HttpResponse reset() {
        if (!config.allowReset()) {
            return HttpResponse.of(
                    403,
                    "application/json",
                    "{\"message\":\"reset is disabled; start the server with --allow-reset to enable it\"}");
        }
        synchronized (this) {
            journal.clear();
            events.clear();
            metadata.clear();
            AdminCredentials.ensure(directory, config.accountId(), config.dataDirectory());
        }
        log.info("all state was reset through the reset endpoint");
        return HttpResponse.of(200, "application/json", "{\"status\":\"reset\"}");
    }

    /** Returns the port the server listens on. */
    public int port() {
        return port;
    }

    public CairnConfig config() {
        return config;
    }

    /** Returns the admin credentials the server wrote on first start. */
    public AdminCredentials adminCredentials() {
        return admin;
    }

    public IdentityDirectory identities() {
        return directory;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready.set(false);
        Instant started = Instant.now();
        log.info("Cairn stopping: finishing calls in flight (up to {})", config.shutdownGrace());
        try {
            vertx.close().await(config.shutdownGrace().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("the HTTP edge did not stop cleanly", e);
        }
        calls.shutdown();
        try {
            if (!calls.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("calls still running after {}; stopping anyway", config.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Each part is closed even if one before it fails: a history index that failed on a full disk must not
        // keep the journal and the metadata log from closing.
        if (retention != null) {
            closeQuietly("the journal retention task", retention);
        }
        if (delivery != null) {
            closeQuietly("trail delivery", delivery);
        }
        closeQuietly("the history indexer", indexer);
        closeQuietly("the event history index", events);
        closeQuietly("the journal", journal);
        if (buckets != null) {
            closeQuietly("the object store", buckets);
        }
        closeQuietly("the metadata log", metadata);
        closeQuietly("the metrics", meters::close);
        log.info(
                "Cairn stopped in {} ms",
                Duration.between(started, Instant.now()).toMillis());
    }

    /** Closes one part of the server at shutdown; a failure is logged, and the shutdown goes on. */
    private static void closeQuietly(String what, AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            log.warn("could not close {} cleanly: {}", what, e.toString());
        }
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir.toAbsolutePath(), e);
        }
    }
}

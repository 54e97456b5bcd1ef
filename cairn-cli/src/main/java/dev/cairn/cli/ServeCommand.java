package dev.cairn.cli;

import dev.cairn.server.AuthMode;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.server.bucket.BucketConfigException;
import dev.cairn.server.edge.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn serve}: runs the server in the foreground until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Start the Cairn server in the foreground (stop it with Ctrl-C or SIGTERM).")
final class ServeCommand implements Runnable {
    private static final AtomicBoolean SERVING = new AtomicBoolean();

    @Option(
            names = "--host",
            defaultValue = "${env:CAIRN_HOST:-127.0.0.1}",
            description = "Address to listen on (env CAIRN_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "${env:CAIRN_PORT:-4566}",
            description = "TCP port; 0 picks a free one (env CAIRN_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data",
            defaultValue = "${env:CAIRN_DATA:-cairn-data}",
            description = "Data directory (env CAIRN_DATA; default ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--account-id",
            defaultValue = "${env:CAIRN_ACCOUNT_ID:-123456789012}",
            description =
                    "Default account, where the admin user lives (env CAIRN_ACCOUNT_ID; default ${DEFAULT-VALUE}).")
    String accountId;

    @Option(
            names = "--auth",
            defaultValue = "${env:CAIRN_AUTH:-strict}",
            description = "SigV4 mode: strict (verify every signature) or open (accept any well-formed signature, "
                    + "for local testing) (env CAIRN_AUTH; default ${DEFAULT-VALUE}).")
    AuthMode auth;

    @Option(
            names = "--allow-reset",
            defaultValue = "${env:CAIRN_ALLOW_RESET:-false}",
            description = "Enable POST /_cairn/reset (and /moto-api/reset), which erases all state; for test "
                    + "suites. Refused with --auth strict unless --force is given (env CAIRN_ALLOW_RESET).")
    boolean allowReset;

    @Option(
            names = "--force",
            defaultValue = "${env:CAIRN_FORCE:-false}",
            description = "Allow --allow-reset together with --auth strict (env CAIRN_FORCE).")
    boolean force;

    @Option(
            names = "--max-request-bytes",
            defaultValue = "${env:CAIRN_MAX_REQUEST_BYTES:-10485760}",
            description = "Largest request body accepted (env CAIRN_MAX_REQUEST_BYTES; default ${DEFAULT-VALUE}).")
    long maxRequestBytes;

    @Option(
            names = "--history-retention-days",
            defaultValue = "${env:CAIRN_HISTORY_RETENTION_DAYS:-90}",
            description = "How many days LookupEvents reaches back; older events are deleted "
                    + "(env CAIRN_HISTORY_RETENTION_DAYS; default ${DEFAULT-VALUE}).")
    int historyRetentionDays;

    @Option(
            names = "--lookup-events-rate",
            defaultValue = "${env:CAIRN_LOOKUP_EVENTS_RATE:-0}",
            description = "LookupEvents calls allowed per account and region per second, as AWS allows 2; "
                    + "0 turns the limit off (env CAIRN_LOOKUP_EVENTS_RATE; default ${DEFAULT-VALUE}).")
    double lookupEventsPerSecond;

    @Option(
            names = "--trail-flush-interval",
            defaultValue = "${env:CAIRN_TRAIL_FLUSH_INTERVAL:-60s}",
            converter = DurationConverter.class,
            description = "How long an event may wait before its trail writes it to a log file, from 1s to 1h "
                    + "(env CAIRN_TRAIL_FLUSH_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration trailFlushInterval;

    @Option(
            names = "--digest-interval",
            defaultValue = "${env:CAIRN_DIGEST_INTERVAL:-1h}",
            converter = DurationConverter.class,
            description = "How long each trail digest file covers, in whole seconds; AWS uses 1h "
                    + "(env CAIRN_DIGEST_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration digestInterval;

    @Option(
            names = "--signing-key-rotation",
            defaultValue = "${env:CAIRN_SIGNING_KEY_ROTATION:-30d}",
            converter = DurationConverter.class,
            description = "How long a region's digest-signing key signs before a new one replaces it "
                    + "(env CAIRN_SIGNING_KEY_ROTATION; default ${DEFAULT-VALUE}).")
    Duration signingKeyRotation;

    @Option(
            names = "--bucket-config",
            defaultValue = "${env:CAIRN_BUCKET_CONFIG}",
            description = "INI file mapping buckets to external S3-compatible endpoints ([bucket NAME] sections "
                    + "with endpoint, region, path_style, access_key_id, secret_access_key or "
                    + "secret_access_key_env); other buckets stay in the data directory (env CAIRN_BUCKET_CONFIG).")
    @Nullable
    Path bucketConfig;

    @Option(
            names = "--trusted-proxies",
            defaultValue = "${env:CAIRN_TRUSTED_PROXIES:-}",
            description = "Comma-separated addresses and CIDR blocks of the proxies in front of Cairn; only a request "
                    + "from one of them has its X-Forwarded-For believed for sourceIPAddress (env "
                    + "CAIRN_TRUSTED_PROXIES; default none).")
    String trustedProxies;

    static boolean serving() {
        return SERVING.get();
    }

    @Override
    public void run() {
        if (allowReset && auth == AuthMode.STRICT && !force) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this),
                    "--allow-reset lets anyone who reaches the port erase all state; with --auth strict it also needs "
                            + "--force (or use --auth open for a local test server)");
        }
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(trustedProxies == null ? "" : trustedProxies);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--trusted-proxies: " + e.getMessage(), e);
        }
        CairnConfig defaults = CairnConfig.defaults();
        CairnConfig config = new CairnConfig(
                host,
                port,
                data,
                accountId,
                auth,
                allowReset,
                maxRequestBytes,
                defaults.maxClockSkew(),
                defaults.shutdownGrace(),
                defaults.rejectedEventsPerSecond(),
                Duration.ofDays(historyRetentionDays),
                lookupEventsPerSecond,
                trailFlushInterval,
                digestInterval,
                signingKeyRotation,
                bucketConfig,
                proxies);
        CairnServer server;
        try {
            server = CairnServer.start(config);
        } catch (BucketConfigException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage(), e);
        }
        SERVING.set(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "cairn-shutdown"));
        Banner.print(server);
    }
}

package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.server.edge.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one Cairn server. Defaults are those of {@link #defaults()}: 127.0.0.1:4566, data in
 * {@code ./cairn-data}, account 123456789012, strict SigV4, no reset endpoint.
 *
 * @param host the address to listen on
 * @param port the TCP port; 0 picks a free one
 * @param dataDirectory where metadata, credentials and (later) the journal live
 * @param accountId the default account, in which the admin user is created
 * @param auth the SigV4 mode
 * @param allowReset whether {@code POST /_cairn/reset} may empty all state
 * @param maxRequestBytes the largest request body accepted
 * @param maxClockSkew how far a signed request's time may be from the server's
 * @param shutdownGrace how long shutdown waits for calls in flight
 * @param rejectedEventsPerSecond how many calls refused at authentication are recorded per second at most
 * @param historyRetention how long event history keeps events (90 days by default)
 * @param lookupEventsPerSecond LookupEvents calls allowed per account and region per second; 0 for no limit
 * @param trailFlushInterval how long an event may wait before its trail writes it in a log file (1 s to 1 h;
 *     60 s by default)
 * @param digestInterval how long each trail digest file covers (1 h by default)
 * @param signingKeyRotation how long a region's digest-signing key signs before a new one replaces it (30 days)
 * @param bucketConfig the bucket configuration file that maps buckets to external S3-compatible endpoints
 *     (see {@link dev.cairn.server.bucket.BucketConfigFile}), or null to keep every bucket in the data folder
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} gives the client's address; none by default
 */
public record CairnConfig(
        String host,
        int port,
        Path dataDirectory,
        String accountId,
        AuthMode auth,
        boolean allowReset,
        long maxRequestBytes,
        Duration maxClockSkew,
        Duration shutdownGrace,
        int rejectedEventsPerSecond,
        Duration historyRetention,
        double lookupEventsPerSecond,
        Duration trailFlushInterval,
        Duration digestInterval,
        Duration signingKeyRotation,
        @Nullable Path bucketConfig,
        TrustedProxies trustedProxies) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    public CairnConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(auth, "auth is null");
        requireNonNull(maxClockSkew, "maxClockSkew is null");
        requireNonNull(shutdownGrace, "shutdownGrace is null");
        requireNonNull(trustedProxies, "trustedProxies is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " must be between 0 and 65535");
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account id '" + accountId + "' must be exactly 12 digits");
        }
        requireNonNull(historyRetention, "historyRetention is null");
        if (historyRetention.isNegative() || historyRetention.isZero()) {
            throw new IllegalArgumentException("history retention " + historyRetention + " must be positive");
        }
        if (lookupEventsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "lookupEventsPerSecond " + lookupEventsPerSecond + " must not be negative (0 turns the limit off)");
        }
        if (rejectedEventsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "rejectedEventsPerSecond " + rejectedEventsPerSecond + " must not be negative");
        }
        requireNonNull(trailFlushInterval, "trailFlushInterval is null");
        requireNonNull(digestInterval, "digestInterval is null");
        requireNonNull(signingKeyRotation, "signingKeyRotation is null");
        if (trailFlushInterval.compareTo(Duration.ofSeconds(1)) < 0
                || trailFlushInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(
                    "the trail flush interval " + trailFlushInterval + " must be from 1 s to 1 h");
        }
        if (digestInterval.compareTo(Duration.ofSeconds(1)) < 0 || digestInterval.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException(
                    "the digest interval " + digestInterval + " must be a whole number of seconds, at least 1 s");
        }
        if (signingKeyRotation.compareTo(digestInterval) < 0) {
            throw new IllegalArgumentException("the signing key rotation " + signingKeyRotation
                    + " must be at least the digest interval " + digestInterval);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes " + maxRequestBytes + " must be at least 1024");
        }
    }

    public static CairnConfig defaults() {
        return new CairnConfig(
                "127.0.0.1",
                4566,
                Path.of("cairn-data"),
                "123456789012",
                AuthMode.STRICT,
                false,
                10L * 1024 * 1024,
                Duration.ofMinutes(15),
                Duration.ofSeconds(10),
                100,
                Duration.ofDays(90),
                0,
                Duration.ofSeconds(60),
                Duration.ofHours(1),
                Duration.ofDays(30),
                null,
                TrustedProxies.none());
    }
}

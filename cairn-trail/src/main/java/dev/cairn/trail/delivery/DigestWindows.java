package dev.cairn.trail.delivery;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.signing.SigningKey;
import dev.cairn.signing.SigningKeyStore;
import dev.cairn.time.Clock;
import dev.cairn.trail.DeliveryStatus;
import dev.cairn.trail.Trail;
import dev.cairn.trail.digest.DigestChain;
import dev.cairn.trail.digest.DigestTarget;
import dev.cairn.trail.digest.DigestWriter;
import dev.cairn.trail.digest.LogFileEntry;
import dev.cairn.trail.digest.SignedDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The digest chains of one trail: one per region whose log files it delivers, each an open window of
 * {@code digestInterval} that collects the log files delivered in it and, when it ends, becomes a signed
 * digest file that names the previous one. A digest is written for every window, also one without files.
 *
 * <p>Notes. A chain starts (all {@code previous*} null) when the trail starts logging with validation on,
 * for its home region at once and for another region at its first log file. When logging stops, validation
 * is turned off or the trail is deleted, each chain ends with a last, shorter digest that lists what is
 * left. A file belongs to the window in which it was delivered, {@code [start, end)}, not to the window of
 * its events. A server that was down for several windows writes the missed, empty digests on restart, so
 * the chain stays contiguous; after more than {@value #MAX_CATCH_UP} of them it starts a new chain
 * instead.
 */
final class DigestWindows {
    private static final Logger log = LoggerFactory.getLogger(DigestWindows.class);
    static final int MAX_CATCH_UP = 10_000;

    private final ObjectStore store;
    private final SigningKeyStore keys;
    private final Clock clock;
    private final TrailDeliveryConfig config;
    private final DeliveryListener listener;
    private final String arn;
    private final Consumer<DeliveryStatus> statusBoard;
    private final DeliveryStateFile files;

    DigestWindows(
            ObjectStore store,
            SigningKeyStore keys,
            Clock clock,
            TrailDeliveryConfig config,
            DeliveryListener listener,
            String arn,
            Consumer<DeliveryStatus> statusBoard,
            DeliveryStateFile files) {
        this.store = requireNonNull(store, "store is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.config = requireNonNull(config, "config is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.arn = requireNonNull(arn, "arn is null");
        this.statusBoard = requireNonNull(statusBoard, "statusBoard is null");
        this.files = requireNonNull(files, "files is null");
    }

    /**
     * Lists a delivered log file in its region's open window, opening a chain if the trail validates; a
     * file delivered after validation stopped is still listed while its chain has not ended.
     */
    void delivered(Trail trail, DeliveryState s, DeliveredFile file) {
        RegionChain chain = s.chains.get(file.region());
        if (chain == null) {
            if (!validating(trail)) {
                return;
            }
            chain = new RegionChain(seconds(file.deliveredAt()), null);
            s.chains.put(file.region(), chain);
        }
        chain.files.add(file);
    }

    /**
     * Writes the digests whose window has ended, opens the home region's chain of a validating trail, and
     * ends the chains of a trail that no longer validates. Returns false when asked to stop while a write
     * was failing.
     *
     * @param sleeper waits between retries; returns false when the deliverer is asked to stop
     */
    boolean deliverDue(Trail trail, DeliveryState s, Predicate<Duration> sleeper) {
        return deliverDue(trail, s, sleeper, true);
    }

    /**
     * As {@link #deliverDue(Trail, DeliveryState, Predicate)}, but ends no chain unless {@code mayEnd}: a
     * chain ends only once every file of the trail's last events was written.
     */
    boolean deliverDue(Trail trail, DeliveryState s, Predicate<Duration> sleeper, boolean mayEnd) {
        Instant now = clock.now();
        boolean validating = validating(trail);
        if (validating && !s.chains.containsKey(trail.homeRegion())) {
            s.chains.put(trail.homeRegion(), new RegionChain(seconds(now), null));
            files.save(s);
        }
        Duration interval = config.digestInterval();
        for (Iterator<Map.Entry<String, RegionChain>> it = s.chains.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, RegionChain> entry = it.next();
            RegionChain chain = entry.getValue();
            if (Duration.between(chain.windowStart, now).dividedBy(interval) > MAX_CATCH_UP) {
                log.warn(
                        "trail {}: the digest chain of {} was interrupted for more than {} windows; a new chain starts",
                        arn,
                        entry.getKey(),
                        MAX_CATCH_UP);
                chain.windowStart = seconds(now);
                chain.previous = null;
            }
            while (!chain.windowStart.plus(interval).isAfter(now)) {
                if (!write(trail, s, entry.getKey(), chain, chain.windowStart.plus(interval), sleeper)) {
                    return false;
                }
            }
            if (!validating && mayEnd) {
                Instant end = seconds(now);
                if (!end.isAfter(chain.windowStart)) {
                    continue; // within the window's first second: end it on a later pass
                }
                if (!write(trail, s, entry.getKey(), chain, end, sleeper)) {
                    return false;
                }
                it.remove();
                files.save(s);
                log.info("trail {}: the digest chain of {} ended", arn, entry.getKey());
            }
        }
        return true;
    }

    /** Ends every chain of a deleted trail with a last digest. */
    boolean finish(Trail trail, DeliveryState s, Predicate<Duration> sleeper) {
        for (Iterator<Map.Entry<String, RegionChain>> it = s.chains.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, RegionChain> entry = it.next();
            RegionChain chain = entry.getValue();
            Instant end = seconds(clock.now());
            if (!end.isAfter(chain.windowStart)) {
                end = chain.windowStart.plusSeconds(1);
            }
            if (!write(trail, s, entry.getKey(), chain, end, sleeper)) {
                return false;
            }
            it.remove();
        }
        return true;
    }

    private boolean write(
            Trail trail, DeliveryState s, String region, RegionChain chain, Instant end, Predicate<Duration> sleeper) {
        List<LogFileEntry> listed = new ArrayList<>();
        List<DeliveredFile> later = new ArrayList<>();
        for (DeliveredFile f : chain.files) {
            if (f.deliveredAt().isBefore(end)) {
                listed.add(new LogFileEntry(f.bucket(), f.key(), f.sha256(), f.newestEventTime(), f.oldestEventTime()));
            } else {
                later.add(f);
            }
        }
        DigestTarget target = new DigestTarget(
                trail.name(), trail.homeRegion(), trail.accountId(), region, trail.s3BucketName(), trail.s3KeyPrefix());
        @Nullable
        DigestChain previous =
                chain.previous == null ? null : DigestChain.decode(chain.previous.getBytes(StandardCharsets.UTF_8));
        Duration wait = config.minRetry();
        int failures = 0;
        while (true) {
            try {
                SigningKey key = keys.current(region, clock.now());
                SignedDigest digest = DigestWriter.write(target, chain.windowStart, end, listed, previous, key);
                store.put(digest.bucket(), digest.key(), digest.gzip(), digest.attributes());
                chain.previous = new String(digest.chain().encode(), StandardCharsets.UTF_8);
                chain.windowStart = end;
                chain.files.clear();
                chain.files.addAll(later);
                s.status = new DeliveryStatus(
                        s.status.latestDeliveryTime(),
                        s.status.latestDeliveryAttemptTime(),
                        s.status.latestDeliveryError(),
                        clock.now(),
                        null);
                statusBoard.accept(s.status);
                files.save(s);
                listener.digestDelivered(arn);
                if (failures > 0) {
                    log.info(
                            "trail {}: digest delivered to s3://{}/{} after {} failed attempt(s)",
                            arn,
                            digest.bucket(),
                            digest.key(),
                            failures);
                }
                return true;
            } catch (ObjectStoreException e) {
                failures++;
                failed(s, e.error().s3Code(), region, failures, e.getMessage());
            } catch (RuntimeException e) {
                failures++;
                failed(s, "InternalError", region, failures, e.toString());
            }
            if (!sleeper.test(wait)) {
                return false;
            }
            wait = wait.multipliedBy(2).compareTo(config.maxRetry()) > 0 ? config.maxRetry() : wait.multipliedBy(2);
        }
    }

    private void failed(DeliveryState s, String code, String region, int failures, @Nullable String message) {
        s.status = new DeliveryStatus(
                s.status.latestDeliveryTime(),
                s.status.latestDeliveryAttemptTime(),
                s.status.latestDeliveryError(),
                s.status.latestDigestDeliveryTime(),
                code);
        statusBoard.accept(s.status);
        listener.digestFailed(arn, code);
        if (failures == 1 || failures % 10 == 0) {
            log.warn(
                    "trail {}: cannot deliver the digest of {} ({}, attempt {}): {}; retrying",
                    arn,
                    region,
                    code,
                    failures,
                    message);
        }
    }

    private static boolean validating(Trail trail) {
        return trail.logging() && trail.logFileValidationEnabled();
    }

    private static Instant seconds(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS);
    }
}

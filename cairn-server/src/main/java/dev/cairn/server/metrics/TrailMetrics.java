package dev.cairn.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.cairn.trail.delivery.DeliveryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what trail delivery writes and what fails, by trail ARN: {@code cairn_trail_log_files_total},
 * {@code cairn_trail_delivered_events_total}, {@code cairn_trail_delivered_bytes_total}, {@code
 * cairn_trail_delivery_failures_total} (with the S3 error code), {@code cairn_trail_digests_total}, {@code
 * cairn_trail_digest_failures_total}, {@code cairn_trail_skipped_events_total} (not selected, on purpose)
 * and {@code cairn_trail_unreadable_records_total} (not on purpose).
 */
public final class TrailMetrics implements DeliveryListener {
    private final MeterRegistry registry;

    public TrailMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public void logFileDelivered(String trailArn, int events, long compressedBytes) {
        counter("cairn.trail.log.files", "Log files written", trailArn).increment();
        counter("cairn.trail.delivered.events", "Events written in log files", trailArn)
                .increment(events);
        counter("cairn.trail.delivered.bytes", "Compressed bytes of log files written", trailArn)
                .increment(compressedBytes);
    }

    @Override
    public void logFileFailed(String trailArn, String errorCode) {
        Counter.builder("cairn.trail.delivery.failures")
                .description("Failed attempts to write a log file; each is retried")
                .tag("trail", trailArn)
                .tag("code", errorCode)
                .register(registry)
                .increment();
    }

    @Override
    public void digestDelivered(String trailArn) {
        counter("cairn.trail.digests", "Digest files written", trailArn).increment();
    }

    @Override
    public void digestFailed(String trailArn, String errorCode) {
        Counter.builder("cairn.trail.digest.failures")
                .description("Failed attempts to write a digest file; each is retried")
                .tag("trail", trailArn)
                .tag("code", errorCode)
                .register(registry)
                .increment();
    }

    @Override
    public void eventsSkipped(String trailArn, int events) {
        counter("cairn.trail.skipped.events", "Events a trail read and did not select, on purpose", trailArn)
                .increment(events);
    }

    @Override
    public void recordUnreadable(String trailArn) {
        counter(
                        "cairn.trail.unreadable.records",
                        "Journal records a trail could not read as events and did not deliver",
                        trailArn)
                .increment();
    }

    private Counter counter(String name, String description, String trailArn) {
        return Counter.builder(name)
                .description(description)
                .tag("trail", trailArn)
                .register(registry);
    }
}

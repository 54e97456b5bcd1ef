package dev.cairn.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times calls by service, operation and HTTP status, as
 * {@code cairn_calls_total} and {@code cairn_call_duration_seconds}.
 */
public final class CallMetrics {
    private record Key(String service, String operation, int status) {}

    private record Meters(Counter count, Timer duration) {}

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String service, String operation, int status, long nanos) {
        Meters m = meters.computeIfAbsent(new Key(service, operation, status), this::create);
        m.count().increment();
        m.duration().record(nanos, TimeUnit.NANOSECONDS);
    }

    private Meters create(Key key) {
        String status = Integer.toString(key.status());
        return new Meters(
                Counter.builder("cairn.calls")
                        .description("Control-plane calls by service, operation and HTTP status")
                        .tag("service", key.service())
                        .tag("operation", key.operation())
                        .tag("status", status)
                        .register(registry),
                Timer.builder("cairn.call.duration")
                        .description("Time from a control-plane request's arrival to its answer")
                        .tag("service", key.service())
                        .tag("operation", key.operation())
                        .tag("status", status)
                        .register(registry));
    }
}

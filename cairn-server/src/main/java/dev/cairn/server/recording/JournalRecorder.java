package dev.cairn.server.recording;

import static java.util.Objects.requireNonNull;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalException;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.server.call.CallRecorder;
import dev.cairn.server.call.CompletedCall;
import dev.cairn.server.throttle.TokenBucket;
import dev.cairn.time.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every call as a CloudTrail event in the {@link Journal}, and returns only once the event is
 * durable: the caller is answered after that, or, when the journal cannot write, gets a 503
 * {@code ServiceUnavailable} instead of the operation's answer (fail-closed).
 *
 * <p>Calls refused at authentication are recorded too, at most {@code rejectedPerSecond} a second with
 * bursts of ten times that, so that a flood of bad signatures cannot fill the disk; the rest are counted
 * in {@code cairn_rejected_events_dropped_total} and dropped. A refused call's answer never waits on
 * the journal failing: it keeps its authentication error.
 */
public final class JournalRecorder implements CallRecorder {
    private static final Logger log = LoggerFactory.getLogger(JournalRecorder.class);

    /** Operations whose calls are never recorded (API Gateway's test invocations, as in AWS). */
    static final Set<String> NEVER_RECORDED = Set.of("TestInvokeMethod", "TestInvokeAuthorizer");

    private final Journal journal;
    private final EventFactory events;
    private final TokenBucket rejectedLimit;
    private final Counter recorded;
    private final Counter failed;
    private final Counter rejectedRecorded;
    private final Counter rejectedDropped;
    private final AtomicLong lastFailureLog = new AtomicLong();
    private final ThreadLocal<@Nullable AuditEvent> recordedEvents = new ThreadLocal<>();
    private final Clock clock;

    public JournalRecorder(Journal journal, Clock clock, MeterRegistry meters, int rejectedPerSecond) {
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.events = new EventFactory(clock);
        this.rejectedLimit = new TokenBucket(clock, rejectedPerSecond, rejectedPerSecond * 10.0);
        this.recorded = Counter.builder("cairn.events.recorded")
                .description("Events made durable in the journal")
                .register(meters);
        this.failed = Counter.builder("cairn.events.failed")
                .description("Calls failed with 503 because their event could not be made durable")
                .register(meters);
        this.rejectedRecorded = Counter.builder("cairn.rejected.events.recorded")
                .description("Events of calls refused at authentication")
                .register(meters);
        this.rejectedDropped = Counter.builder("cairn.rejected.events.dropped")
                .description("Events of calls refused at authentication, dropped by the rate limit (intended)")
                .register(meters);
    }

    @Override
    public void record(CompletedCall call) {
        if (NEVER_RECORDED.contains(call.call().operation().name())) {
            return;
        }
        AuditEvent event = events.fromCall(call);
        try {
            append(event);
            recorded.increment();
            if (!call.call().operation().readOnly()) {
                recordedEvents.set(event); // kept for reverted(), which runs on this thread if at all
            }
        } catch (JournalException e) {
            failed.increment();
            logFailure(call.call().requestId(), e);
            throw new AwsException(
                    CommonError.SERVICE_UNAVAILABLE,
                    "The service cannot record calls right now; the call was not carried out.");
        }
    }

    @Override
    public void reverted(CompletedCall call, AwsException error) {
        AuditEvent original = recordedEvents.get();
        recordedEvents.remove();
        if (original == null
                || !java.util.Objects.equals(original.requestID(), call.call().requestId())) {
            return;
        }
        try {
            append(events.reverted(original, error));
        } catch (JournalException e) {
            failed.increment();
            logFailure(call.call().requestId(), e);
        }
    }

    @Override
    public void rejected(RejectedCall call) {
        if (!rejectedLimit.tryAcquire()) {
            rejectedDropped.increment();
            return;
        }
        try {
            append(events.fromRejected(call));
            rejectedRecorded.increment();
        } catch (JournalException e) {
            failed.increment();
            logFailure(call.requestId(), e);
        }
    }

    private void append(AuditEvent event) {
        String account = event.recipientAccountId();
        journal.append(account == null ? "" : account, CloudTrailJson.serialize(event));
    }

    /** Logs journal failures at most once a second, so a full disk does not also flood the log. */
    private void logFailure(String requestId, JournalException e) {
        long now = clock.monotonicNanos();
        long last = lastFailureLog.get();
        if (now - last >= 1_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
            log.error(
                    "cannot record request {} in the journal; calls fail with 503 until it can write ({} so far)",
                    requestId,
                    (long) failed.count(),
                    e);
        }
    }
}

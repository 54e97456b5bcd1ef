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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 *
 * <p>Notes on calls recorded in two accounts (a cross-account AssumeRole, see {@link EventFactory}). The
 * journal's partition key is the account, and one append takes one key, so the two copies are two
 * appends: the caller's account first, then the role owner's. The call is answered only after both
 * returned. If the second fails, the call gets the 503 and its transaction is dropped (no session is
 * issued), exactly as when a single event cannot be written; the first copy, already durable and saying
 * the call succeeded, gets a correction (CloudTrail's {@code addendum}, as for a failed commit), best
 * effort. If the correction cannot be written because the disk is full, the {@link DiskReserve} is
 * released and the correction tried once more; if it still cannot be written, the caller's account keeps
 * a success event for a call that was refused: the event log may say more than happened, never less
 * (decision 0003). Appending both under one key would make them atomic, but would put the owner's copy
 * in the caller's partition, where a consumer of the owner's partition never sees it.
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
    private final ThreadLocal<@Nullable List<AuditEvent>> recordedEvents = new ThreadLocal<>();
    private final Clock clock;
    private final DiskReserve reserve;

    public JournalRecorder(Journal journal, Clock clock, MeterRegistry meters, int rejectedPerSecond) {
        this(journal, clock, meters, rejectedPerSecond, DiskReserve.none());
    }

    /**
     * Returns a recorder that releases {@code reserve} when a correction cannot otherwise be written, and
     * has it written again once events are journaled again.
     */
    public JournalRecorder(
            Journal journal, Clock clock, MeterRegistry meters, int rejectedPerSecond, DiskReserve reserve) {
        this.reserve = requireNonNull(reserve, "reserve is null");
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
        List<AuditEvent> records = events.recordsOf(call);
        List<AuditEvent> written = new ArrayList<>(records.size());
        try {
            reserve.admit(clock.monotonicNanos());
            for (AuditEvent event : records) {
                append(event);
                written.add(event);
                recorded.increment();
            }
        } catch (JournalException e) {
            failed.increment();
            logFailure(call.call().requestId(), e);
            AwsException unavailable = new AwsException(
                    CommonError.SERVICE_UNAVAILABLE,
                    "The service cannot record calls right now; the call was not carried out.");
            correct(call.call().requestId(), written, unavailable);
            throw unavailable;
        }
        if (!call.call().operation().readOnly()) {
            recordedEvents.set(records); // kept for reverted(), which runs on this thread if at all
        }
    }

    @Override
    public void reverted(CompletedCall call, AwsException error) {
        List<AuditEvent> originals = recordedEvents.get();
        recordedEvents.remove();
        if (originals == null
                || originals.isEmpty()
                || !Objects.equals(originals.getFirst().requestID(), call.call().requestId())) {
            return;
        }
        correct(call.call().requestId(), originals, error);
    }

    /** Appends the corrections of copies already written of a call that did not take effect; best effort. */
    private void correct(String requestId, List<AuditEvent> written, AwsException error) {
        if (written.isEmpty()) {
            return;
        }
        for (AuditEvent correction : events.reverted(written, error)) {
            try {
                reserve.appendCorrection(clock.now(), () -> append(correction));
            } catch (JournalException e) {
                failed.increment();
                logFailure(requestId, e);
            }
        }
    }

    @Override
    public void rejected(RejectedCall call) {
        if (reserve.released() || !rejectedLimit.tryAcquire()) {
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

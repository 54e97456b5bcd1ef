package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.RawJson;
import dev.cairn.event.Resource;
import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalException;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Input;
import dev.cairn.protocol.operation.Operation;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.server.call.CompletedCall;
import dev.cairn.server.recording.DiskReserve;
import dev.cairn.server.recording.EventFactory;
import dev.cairn.server.recording.RejectedCall;
import dev.cairn.server.throttle.TokenBucket;
import dev.cairn.time.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records S3 calls as CloudTrail events in the {@link Journal}, in the shape S3 gives them, and returns
 * only once the event is durable; when the journal cannot write, {@link #record} fails with 503
 * {@code ServiceUnavailable} (fail-closed, as every other call).
 *
 * <p>Notes on S3's conventions kept here (from AWS's sample records): {@code eventSource}
 * {@code s3.amazonaws.com}; {@code userAgent} in square brackets; {@code requestParameters} with
 * {@code bucketName}, {@code Host} (capital H) and {@code key}, plus the query parameters;
 * {@code responseElements} null; {@code additionalEventData} with the signature version, the
 * authentication method, {@code x-amz-id-2} and the bytes transferred; object calls are data events
 * ({@code eventCategory} Data, {@code managementEvent} false) whose {@code resources} are the object and its
 * bucket, and bucket calls are management events whose resource is the bucket. The user identity comes
 * from the shared {@link EventFactory}, so it is the same as in every other service's events.
 */
final class S3Recorder {
    private static final Logger log = LoggerFactory.getLogger(S3Recorder.class);

    /** S3 as a service model, for the shared event factory and for refused calls. */
    static final ServiceModel SERVICE = ServiceModel.restJson("s3", "2006-03-01");

    private final Journal journal;
    private final EventFactory events;
    private final Map<S3Operation, Operation> operations = new EnumMap<>(S3Operation.class);
    private final TokenBucket rejectedLimit;
    private final Counter recorded;
    private final Counter failed;
    private final Counter rejectedRecorded;
    private final Counter rejectedDropped;
    private final AtomicLong lastFailureLog = new AtomicLong();
    private final Clock clock;
    private final DiskReserve reserve;

    S3Recorder(Journal journal, Clock clock, MeterRegistry meters, int rejectedPerSecond, DiskReserve reserve) {
        this.journal = requireNonNull(journal, "journal is null");
        this.reserve = requireNonNull(reserve, "reserve is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.events = new EventFactory(clock);
        for (S3Operation op : S3Operation.values()) {
            operations.put(op, new Operation(SERVICE, op.eventName(), op.readOnly(), call -> null));
        }
        this.rejectedLimit = new TokenBucket(clock, rejectedPerSecond, rejectedPerSecond * 10.0);
        // The same meters as the other services' recorder: one count of events, whatever the service.
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

    /**
     * Makes the event of {@code call}, ended with {@code error} or successfully, durable and returns it.
     *
     * @throws S3Exception {@code ServiceUnavailable} when the journal cannot write it
     */
    AuditEvent record(S3Call call, @Nullable AwsException error) {
        AuditEvent event = event(call, error);
        try {
            reserve.admit(clock.monotonicNanos());
            append(event);
            recorded.increment();
            return event;
        } catch (JournalException e) {
            failed.increment();
            logFailure(call.requestId, e);
            throw S3Error.SERVICE_UNAVAILABLE.withDetail(
                    "The service cannot record calls right now; the call was not carried out.");
        }
    }

    /**
     * Records that a call recorded as {@code original} did not take effect after all and ended with
     * {@code error}: CloudTrail's correction, an {@code addendum} with reason UPDATED_DATA. Best effort.
     */
    void reverted(AuditEvent original, AwsException error) {
        AuditEvent correction = events.reverted(original, error);
        try {
            reserve.appendCorrection(clock.now(), () -> append(correction));
            recorded.increment();
        } catch (JournalException e) {
            failed.increment();
            logFailure(original.requestID() == null ? "-" : original.requestID(), e);
        }
    }

    /**
     * Records a call refused at authentication, at most {@code rejectedPerSecond} a second (the rest are
     * counted and dropped). Best effort: the call keeps its own error.
     */
    void rejected(RejectedCall call, S3Operation operation) {
        if (reserve.released() || !rejectedLimit.tryAcquire()) {
            rejectedDropped.increment();
            return;
        }
        AuditEvent.Builder event = events.fromRejected(call).toBuilder().userAgent(bracketed(call.userAgent()));
        if (operation.data()) {
            event.managementEvent(false).eventCategory("Data").readOnly(operation.readOnly());
        }
        try {
            append(event.build());
            rejectedRecorded.increment();
        } catch (JournalException e) {
            failed.increment();
            logFailure(call.requestId(), e);
        }
    }

    /** Returns the event of {@code call} without recording it. */
    AuditEvent event(S3Call call, @Nullable AwsException error) {
        Call base = new Call(
                call.requestId,
                operations.get(call.operation),
                new Input(JsonNodeFactory.instance.objectNode(), S3Error.INVALID_ARGUMENT),
                call.caller,
                call.region,
                call.received,
                call.sourceIp,
                call.userAgent);
        AuditEvent.Builder event = events.fromCall(new CompletedCall(base, null, error)).toBuilder()
                .userAgent(bracketed(call.userAgent))
                .requestParameters(json(call.requestParameters))
                .responseElements(RawJson.NULL)
                .additionalEventData(additionalEventData(call))
                .resources(resources(call));
        if (call.operation.data()) {
            event.managementEvent(false).eventCategory("Data");
        }
        return event.build();
    }

    private static RawJson additionalEventData(S3Call call) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("SignatureVersion", "SigV4");
        data.put("bytesTransferredIn", call.bytesIn);
        data.put("AuthenticationMethod", call.presigned ? "QueryString" : "AuthHeader");
        data.put("x-amz-id-2", call.hostId);
        data.put("bytesTransferredOut", call.bytesOut);
        return json(data);
    }

    private static @Nullable List<Resource> resources(S3Call call) {
        if (call.bucket == null) {
            return null;
        }
        List<Resource> resources = new ArrayList<>(2);
        String bucketArn = "arn:aws:s3:::" + call.bucket;
        if (call.operation == S3Operation.LIST_OBJECTS || call.operation == S3Operation.LIST_OBJECTS_V2) {
            resources.add(Resource.underPrefix("AWS::S3::Object", bucketArn + "/"));
        } else if (call.operation.data() && call.key != null) {
            resources.add(Resource.s3(bucketArn + "/" + call.key, null, "AWS::S3::Object"));
        }
        resources.add(Resource.s3(bucketArn, call.bucketOwner, "AWS::S3::Bucket"));
        return resources;
    }

    /** S3 records the user agent in square brackets, as in {@code [aws-cli/2.18.5]}. */
    private static @Nullable String bracketed(@Nullable String userAgent) {
        if (userAgent == null) {
            return null;
        }
        String agent = userAgent.length() > 1022 ? userAgent.substring(0, 1022) : userAgent;
        return "[" + agent + "]";
    }

    private static RawJson json(ObjectNode members) {
        try {
            return RawJson.of(new String(JsonProtocol.MAPPER.writeValueAsBytes(members), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize event members", e);
        }
    }

    private void append(AuditEvent event) {
        String account = event.recipientAccountId();
        journal.append(account == null ? "" : account, CloudTrailJson.serialize(event));
    }

    /** Logs journal failures at most once a second, so that a full disk does not also flood the log. */
    private void logFailure(String requestId, JournalException e) {
        long now = clock.monotonicNanos();
        long last = lastFailureLog.get();
        if (now - last >= 1_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
            log.error(
                    "cannot record S3 request {} in the journal; calls fail with 503 until it can write ({} so far)",
                    requestId,
                    (long) failed.count(),
                    e);
        }
    }
}

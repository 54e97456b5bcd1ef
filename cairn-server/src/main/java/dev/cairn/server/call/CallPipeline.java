package dev.cairn.server.call;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.metadata.MetadataStoreException;
import dev.cairn.metadata.TransactionalMetadataStore;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.protocol.json.RestJsonProtocol;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Input;
import dev.cairn.protocol.operation.Operation;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.operation.Protocol;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.protocol.query.QueryProtocol;
import dev.cairn.protocol.sigv4.SigV4Credential;
import dev.cairn.server.auth.Authenticator;
import dev.cairn.server.metrics.CallMetrics;
import dev.cairn.server.recording.RejectedCall;
import dev.cairn.server.throttle.TokenBucket;
import dev.cairn.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's path for one request: route it to a service by {@code X-Amz-Target} (JSON 1.1) or
 * {@code Action} (query), authenticate it, decode its input, run the operation, record the call, and
 * encode the answer in the call's protocol. It never lets an exception escape as a 500 with a stack
 * trace: unexpected failures become {@code InternalFailure} and are logged with the request id.
 */
public final class CallPipeline {
    private static final Logger log = LoggerFactory.getLogger(CallPipeline.class);

    private final OperationRegistry registry;
    private final Authenticator authenticator;
    private final CallRecorder recorder;
    private final TransactionalMetadataStore metadata;
    private final ReentrantLock mutations = new ReentrantLock();
    private final TokenBucket commitFailureLog;
    private final CallMetrics metrics;
    private final String defaultAccountId;
    private final Clock clock;
    private final List<OwnService> ownServices;

    /**
     * A service that answers the requests it claims entirely by itself: its own routing, authentication
     * errors, recording and wire format (S3, routed by the SigV4 scope's service {@code s3}).
     */
    public interface OwnService {
        /** Returns whether this service answers {@code request}. */
        boolean claims(HttpRequest request, Authenticator.Parsed signed);

        /** Answers a claimed request; never throws. */
        HttpResponse handle(HttpRequest request, Authenticator.Parsed signed);
    }

    public CallPipeline(
            OperationRegistry registry,
            Authenticator authenticator,
            CallRecorder recorder,
            TransactionalMetadataStore metadata,
            CallMetrics metrics,
            String defaultAccountId,
            Clock clock) {
        this(registry, authenticator, recorder, metadata, metrics, defaultAccountId, clock, List.of());
    }

    /**
     * Creates a pipeline that first offers each request to {@code ownServices}, in order: the first that
     * claims it answers it.
     */
    public CallPipeline(
            OperationRegistry registry,
            Authenticator authenticator,
            CallRecorder recorder,
            TransactionalMetadataStore metadata,
            CallMetrics metrics,
            String defaultAccountId,
            Clock clock,
            List<OwnService> ownServices) {
        this.ownServices = List.copyOf(requireNonNull(ownServices, "ownServices is null"));
        this.registry = requireNonNull(registry, "registry is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.defaultAccountId = requireNonNull(defaultAccountId, "defaultAccountId is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.commitFailureLog = new TokenBucket(clock, 1, 5);
    }

    /** Where a request goes: its protocol, its service (null if none matched) and its operation name. */
    private record Route(
            Protocol protocol,
            @Nullable ServiceModel service,
            @Nullable String operation,
            ObjectNode members,
            @Nullable Operation matched) {}

    public HttpResponse handle(HttpRequest request) {
        String requestId = UUID.randomUUID().toString();
        long started = clock.monotonicNanos();
        Instant received = clock.now();
        Protocol protocol = guessProtocol(request);
        @Nullable ServiceModel service = null;
        String operationName = "-";
        try {
            Authenticator.Parsed signed = authenticator.parse(request);
            for (OwnService own : ownServices) {
                if (own.claims(request, signed)) {
                    return own.handle(request, signed);
                }
            }
            Route route = route(request, signed);
            protocol = route.protocol();
            service = route.service();
            // JSON services name the operation in a header and refuse an unknown one before authenticating;
            // query services authenticate first, then look up the Action.
            Operation operation = route.protocol() == Protocol.JSON_1_1 ? lookup(route) : null;
            Authenticator.Authenticated auth;
            try {
                auth = authenticator.authenticate(signed, protocol);
            } catch (AwsException e) {
                recordRejected(request, requestId, route, signed, e);
                throw e;
            }
            if (operation == null) {
                operation = lookup(route);
            }
            ServiceModel svc = operation.service();
            operationName = operation.name();
            // JSON bodies carry types (a string where a number belongs is a SerializationException); query text does
            // not.
            Input input = new Input(route.members(), validationError(svc), svc.protocol() != Protocol.QUERY);
            Call call = new Call(
                    requestId,
                    operation,
                    input,
                    auth.caller(),
                    auth.credential().region(),
                    received,
                    request.remoteAddress(),
                    request.headers().first("user-agent"));
            HttpResponse response = invoke(call);
            metrics.record(svc.signingName(), operationName, response.status(), clock.monotonicNanos() - started);
            return response;
        } catch (AwsException e) {
            metrics.record(
                    service == null ? "-" : service.signingName(),
                    operationName,
                    e.httpStatus(),
                    clock.monotonicNanos() - started);
            return encodeError(protocol, service, requestId, e);
        } catch (RuntimeException e) {
            log.error("request {} failed unexpectedly", requestId, e);
            metrics.record(
                    service == null ? "-" : service.signingName(),
                    operationName,
                    500,
                    clock.monotonicNanos() - started);
            return encodeError(protocol, service, requestId, internalFailure());
        }
    }

    /** Records a refused call that claimed a key; unsigned requests claim nothing and are not recorded. */
    private void recordRejected(
            HttpRequest request, String requestId, Route route, Authenticator.Parsed signed, AwsException error) {
        SigV4Credential credential = signed.credential();
        if (credential == null || route.service() == null) {
            return;
        }
        try {
            recorder.rejected(new RejectedCall(
                    requestId,
                    route.service(),
                    route.operation(),
                    credential.accessKeyId(),
                    authenticator.ownerOf(credential.accessKeyId()).orElse(null),
                    defaultAccountId,
                    credential.region(),
                    request.remoteAddress(),
                    request.headers().first("user-agent"),
                    error));
        } catch (RuntimeException e) {
            log.warn("request {}: could not record the refused call", requestId, e);
        }
    }

    private Operation lookup(Route route) {
        if (route.matched() != null) {
            return route.matched();
        }
        if (route.service() == null || route.operation() == null) {
            throw unknownOperation(route);
        }
        return registry.operation(route.service(), route.operation()).orElseThrow(() -> unknownOperation(route));
    }

    /**
     * Runs the operation and records the call. A mutating operation runs under the mutation lock inside
     * a metadata transaction, which is committed only after the call was recorded: a call whose event
     * cannot be written changes nothing (see {@link TransactionalMetadataStore}).
     */
    private HttpResponse invoke(Call call) {
        Operation operation = call.operation();
        boolean mutating = !operation.readOnly();
        if (mutating) {
            mutations.lock();
        }
        try (TransactionalMetadataStore.Transaction tx = mutating ? metadata.begin() : null) {
            ObjectNode output = null;
            AwsException error = null;
            try {
                output = operation.handler().handle(call);
            } catch (AwsException e) {
                error = e;
            } catch (RuntimeException e) {
                log.error(
                        "request {} ({}:{}) failed unexpectedly",
                        call.requestId(),
                        operation.service().signingName(),
                        operation.name(),
                        e);
                error = internalFailure();
            }
            // The audit hook: every call that reached an operation passes here exactly once.
            CompletedCall completed = new CompletedCall(call, output, error);
            recorder.record(completed);
            if (error != null) {
                throw error;
            }
            if (tx != null) {
                commit(tx, completed);
            }
            return encodeSuccess(operation, call.requestId(), output);
        } finally {
            if (mutating) {
                mutations.unlock();
            }
        }
    }

    /**
     * Commits a recorded mutation. When the store refuses, the call fails with 503 and a correction is
     * recorded for the event already written (CloudTrail's {@code addendum}, reason UPDATED_DATA), so that
     * the trail says the change did not happen.
     */
    private void commit(TransactionalMetadataStore.Transaction tx, CompletedCall completed) {
        try {
            tx.commit();
        } catch (MetadataStoreException e) {
            AwsException error =
                    new AwsException(CommonError.SERVICE_UNAVAILABLE, "The service cannot store changes right now.");
            if (commitFailureLog.tryAcquire()) {
                log.error(
                        "request {} was recorded but its changes could not be stored; the call fails with 503",
                        completed.call().requestId(),
                        e);
            }
            recorder.reverted(completed, error);
            throw error;
        }
    }

    private static HttpResponse encodeSuccess(Operation operation, String requestId, @Nullable ObjectNode output) {
        return switch (operation.service().protocol()) {
            case JSON_1_1 -> JsonProtocol.success(requestId, output);
            case REST_JSON ->
                RestJsonProtocol.success(
                        200, requestId, output == null ? JsonProtocol.MAPPER.createObjectNode() : output);
            case QUERY -> QueryProtocol.success(operation.service(), operation.name(), requestId, output);
        };
    }

    private static HttpResponse encodeError(
            Protocol protocol, @Nullable ServiceModel service, String requestId, AwsException error) {
        return switch (protocol) {
            case JSON_1_1 -> JsonProtocol.error(requestId, error);
            case REST_JSON -> RestJsonProtocol.error(requestId, error);
            case QUERY -> QueryProtocol.error(service, requestId, error);
        };
    }

    private Route route(HttpRequest request, Authenticator.Parsed signed) {
        String target = request.headers().first("x-amz-target");
        if (target != null) {
            int dot = target.lastIndexOf('.');
            ServiceModel service = dot < 0
                    ? null
                    : registry.serviceByTargetPrefix(target.substring(0, dot)).orElse(null);
            String operation = dot < 0 ? target : target.substring(dot + 1);
            ObjectNode members =
                    service == null ? JsonProtocol.MAPPER.createObjectNode() : JsonProtocol.parseBody(request.body());
            return new Route(Protocol.JSON_1_1, service, operation, members, null);
        }
        if (QueryProtocol.matches(request)) {
            Map<String, String> params = QueryProtocol.parameters(request);
            ServiceModel service = queryService(request, signed);
            String action = params.get("Action");
            return new Route(
                    Protocol.QUERY,
                    service,
                    action == null || action.isEmpty() ? null : action,
                    QueryProtocol.members(params),
                    null);
        }
        return restRoute(request, signed);
    }

    /**
     * REST-JSON: the scope's service selects the routes; the first route whose method and path template
     * match wins. Input members are the JSON body's, then the query string's, then the path labels.
     */
    private Route restRoute(HttpRequest request, Authenticator.Parsed signed) {
        ServiceModel service = scopeService(signed);
        if (service == null || service.protocol() != Protocol.REST_JSON) {
            return new Route(Protocol.REST_JSON, null, null, JsonProtocol.MAPPER.createObjectNode(), null);
        }
        var match = registry.route(service, request.method(), request.rawPath()).orElse(null);
        if (match == null) {
            return new Route(Protocol.REST_JSON, service, null, JsonProtocol.MAPPER.createObjectNode(), null);
        }
        ObjectNode members = JsonProtocol.parseBody(request.body());
        if (request.rawQuery() != null) {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            dev.cairn.protocol.query.FormDecoder.decode(request.rawQuery(), query);
            query.forEach(members::put);
        }
        match.labels().forEach(members::put);
        return new Route(Protocol.REST_JSON, service, match.operation().name(), members, match.operation());
    }

    private @Nullable ServiceModel scopeService(Authenticator.Parsed signed) {
        SigV4Credential credential = signed.credential();
        return credential == null
                ? null
                : registry.serviceBySigningName(credential.service()).orElse(null);
    }

    /** The query service is named by the credential scope; failing that, by the Host header. */
    private @Nullable ServiceModel queryService(HttpRequest request, Authenticator.Parsed signed) {
        ServiceModel byScope = scopeService(signed);
        if (byScope != null) {
            return byScope;
        }
        String host = request.headers().first("host");
        if (host != null) {
            String first = host.toLowerCase(Locale.ROOT).split("[.:]", 2)[0];
            return registry.serviceBySigningName(first)
                    .orElse(registry.serviceBySigningName("sts").orElse(null));
        }
        return registry.serviceBySigningName("sts").orElse(null);
    }

    private static Protocol guessProtocol(HttpRequest request) {
        if (request.headers().contains("x-amz-target")) {
            return Protocol.JSON_1_1;
        }
        return QueryProtocol.matches(request) ? Protocol.QUERY : Protocol.REST_JSON;
    }

    private static AwsException unknownOperation(Route route) {
        return switch (route.protocol()) {
            case QUERY ->
                route.operation() == null
                        ? new AwsException(CommonError.MISSING_ACTION, "Missing Action")
                        : new AwsException(
                                CommonError.INVALID_ACTION,
                                "Could not find operation " + route.operation() + " for version "
                                        + (route.service() == null
                                                ? "unknown"
                                                : route.service().apiVersion()));
            case JSON_1_1 -> new AwsException(CommonError.UNKNOWN_OPERATION, "Unknown operation " + route.operation());
            case REST_JSON ->
                new AwsException(CommonError.UNKNOWN_OPERATION.code(), 404, "No operation is served at this path");
        };
    }

    private static CommonError validationError(ServiceModel service) {
        return service.protocol() == Protocol.QUERY ? CommonError.VALIDATION_ERROR : CommonError.VALIDATION_EXCEPTION;
    }

    private static AwsException internalFailure() {
        return new AwsException(CommonError.INTERNAL_FAILURE, "We encountered an internal error. Please try again.");
    }
}

package dev.cairn.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.identity.IdGenerator;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.TransactionalMetadataStore;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.protocol.sigv4.SigV4Verifier;
import dev.cairn.server.AuthMode;
import dev.cairn.server.auth.Authenticator;
import dev.cairn.server.metrics.CallMetrics;
import dev.cairn.testkit.metadata.InMemoryMetadataStore;
import dev.cairn.testkit.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline in open-auth mode, so that requests need a well-formed signature but not a valid one. */
class CallPipelineTest {
    private static final ServiceModel JSON = ServiceModel.json11("demo", "2020-01-01", "Demo_20200101");
    private static final ServiceModel QUERY = ServiceModel.query("sts", "2011-06-15", true);
    private static final ServiceModel REST = ServiceModel.restJson("apigateway", "2015-07-09");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final List<CompletedCall> recorded = new ArrayList<>();
    private final List<CompletedCall> reverted = new ArrayList<>();
    private CallRecorder recorder = recorded::add;
    private final OperationRegistry registry = new OperationRegistry();
    private final InMemoryMetadataStore stored = new InMemoryMetadataStore();
    private final TransactionalMetadataStore metadata = new TransactionalMetadataStore(stored);
    private final CallPipeline pipeline;

    CallPipelineTest() {
        registry.service(JSON)
                .read(
                        "Echo",
                        call -> call.input()
                                .members()
                                .deepCopy()
                                .put("caller", call.caller().arn()))
                .write("Explode", call -> {
                    throw new IllegalStateException("secret internals");
                })
                .write("Store", call -> {
                    metadata.apply(MetadataBatch.builder()
                            .put("t", call.input().requiredString("Key"), new byte[] {1})
                            .build());
                    return null;
                })
                .write("StoreThenRefuse", call -> {
                    metadata.apply(MetadataBatch.builder()
                            .put("t", "refused", new byte[] {1})
                            .build());
                    throw new AwsException("LimitExceeded", 409, "no");
                })
                .write("Refuse", call -> {
                    throw new AwsException("TrailNotFoundException", 400, "Unknown trail: x");
                });
        registry.service(QUERY)
                .read(
                        "GetCallerIdentity",
                        call -> obj().put("Arn", call.caller().arn()));
        registry.service(REST)
                .rest(
                        "GET",
                        "/restapis/{restapi_id}/stages/{stage_name}",
                        "GetStage",
                        true,
                        call -> call.input().members().deepCopy());
        IdentityDirectory directory = new IdentityDirectory(metadata, clock, new IdGenerator());
        Authenticator authenticator =
                new Authenticator(new SigV4Verifier(clock), directory, AuthMode.OPEN, "123456789012", clock);
        pipeline = new CallPipeline(
                registry,
                authenticator,
                new CallRecorder() {
                    @Override
                    public void record(CompletedCall call) {
                        recorder.record(call);
                    }

                    @Override
                    public void reverted(CompletedCall call, AwsException error) {
                        reverted.add(call);
                    }
                },
                metadata,
                new CallMetrics(new SimpleMeterRegistry()),
                "123456789012",
                clock);
    }

    private static ObjectNode obj() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static Headers signed(String service) {
        return new Headers()
                .set("Host", "localhost")
                .set("X-Amz-Date", "20261123T100000Z")
                .set(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=AKIAPIPELINETEST0001/20261123/us-east-1/" + service
                                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    }

    private HttpResponse json(String operation, String body, Headers headers) {
        headers.set("X-Amz-Target", "Demo_20200101." + operation).set("Content-Type", "application/x-amz-json-1.1");
        return pipeline.handle(
                new HttpRequest("POST", "/", null, headers, body.getBytes(StandardCharsets.UTF_8), "10.0.0.1"));
    }

    private static String text(HttpResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aJsonCallIsRoutedByItsTargetAndAnsweredWithItsOutput() {
        HttpResponse r = json("Echo", "{\"Name\":\"x\"}", signed("demo"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r))
                .isEqualTo("{\"Name\":\"x\",\"caller\":\"arn:aws:iam::123456789012:user/AKIAPIPELINETEST0001\"}");
        assertThat(r.headers().first("x-amzn-RequestId")).isNotBlank();
    }

    @Test
    void anUnknownTargetIsRefusedBeforeAuthentication() {
        HttpResponse r = json("Nope", "{}", new Headers());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers().first("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
        assertThat(recorded).isEmpty();
    }

    @Test
    void anUnsignedCallIsRefusedAndNotRecorded() {
        HttpResponse r = json("Echo", "{}", new Headers());
        assertThat(r.headers().first("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(recorded).isEmpty();
    }

    @Test
    void malformedJsonIsASerializationException() {
        HttpResponse r = json("Echo", "{\"Name\":", signed("demo"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers().first("x-amzn-ErrorType")).isEqualTo("SerializationException");
    }

    @Test
    void anUnexpectedFailureIsAnInternalFailureWithoutItsDetails() {
        HttpResponse r = json("Explode", "{}", signed("demo"));
        assertThat(r.status()).isEqualTo(500);
        assertThat(text(r))
                .contains("InternalFailure")
                .doesNotContain("secret internals")
                .doesNotContain("at dev.");
        assertThat(recorded)
                .singleElement()
                .satisfies(c -> assertThat(c.error().code()).isEqualTo("InternalFailure"));
    }

    @Test
    void everyCallThatReachesAnOperationIsRecordedOnceWithItsOutcome() {
        json("Echo", "{}", signed("demo"));
        json("Refuse", "{}", signed("demo"));
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(0).succeeded()).isTrue();
        assertThat(recorded.get(0).call().operation().readOnly()).isTrue();
        assertThat(recorded.get(0).call().region()).isEqualTo("us-east-1");
        assertThat(recorded.get(0).call().sourceIp()).isEqualTo("10.0.0.1");
        assertThat(recorded.get(1).error().code()).isEqualTo("TrailNotFoundException");
        assertThat(recorded.get(1).call().operation().readOnly()).isFalse();
    }

    @Test
    void aRecorderThatCannotRecordFailsTheCall() {
        recorder = call -> {
            throw new AwsException(CommonError.SERVICE_UNAVAILABLE, "The audit journal cannot write");
        };
        HttpResponse r = json("Echo", "{}", signed("demo"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers().first("x-amzn-ErrorType")).isEqualTo("ServiceUnavailable");
    }

    @Test
    void aMutationIsStoredOnlyAfterItsCallWasRecorded() {
        recorder = call -> {
            assertThat(stored.get("t", "k1"))
                    .as("not stored before the call is recorded")
                    .isEmpty();
            recorded.add(call);
        };
        assertThat(json("Store", "{\"Key\":\"k1\"}", signed("demo")).status()).isEqualTo(200);
        assertThat(stored.get("t", "k1")).isPresent();
    }

    @Test
    void aMutationWhoseCallCannotBeRecordedChangesNothing() {
        recorder = call -> {
            throw new AwsException(CommonError.SERVICE_UNAVAILABLE, "The audit journal cannot write");
        };
        assertThat(json("Store", "{\"Key\":\"k2\"}", signed("demo")).status()).isEqualTo(503);
        assertThat(stored.get("t", "k2")).isEmpty();
    }

    @Test
    void aFailedMutationChangesNothing() {
        assertThat(json("StoreThenRefuse", "{}", signed("demo")).status()).isEqualTo(409);
        assertThat(stored.get("t", "refused")).isEmpty();
        assertThat(recorded)
                .singleElement()
                .satisfies(c -> assertThat(c.error().code()).isEqualTo("LimitExceeded"));
    }

    @Test
    void aMutationWhoseChangesCannotBeStoredFailsAfterBeingRecorded() {
        stored.failNextApplies(1);
        assertThat(json("Store", "{\"Key\":\"k3\"}", signed("demo")).status()).isEqualTo(503);
        assertThat(recorded).hasSize(1);
        assertThat(reverted).as("the recorded call is reverted").containsExactlyElementsOf(recorded);
        assertThat(stored.get("t", "k3")).isEmpty();
    }

    @Test
    void aQueryCallIsRoutedByTheScopeServiceAndItsAction() {
        Headers h = signed("sts").set("Content-Type", "application/x-www-form-urlencoded");
        HttpResponse r = pipeline.handle(new HttpRequest(
                "POST",
                "/",
                null,
                h,
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8),
                "::1"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r))
                .startsWith("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">");
    }

    @Test
    void anUnknownActionIsAnInvalidAction() {
        Headers h = signed("sts").set("Content-Type", "application/x-www-form-urlencoded");
        HttpResponse r = pipeline.handle(new HttpRequest(
                "POST", "/", null, h, "Action=Bogus&Version=2011-06-15".getBytes(StandardCharsets.UTF_8), "::1"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(text(r))
                .contains("<Code>InvalidAction</Code>")
                .contains("Could not find operation Bogus for version 2011-06-15");
    }

    @Test
    void aRestCallBindsItsPathLabelsAndQueryAsInput() {
        HttpResponse r = pipeline.handle(new HttpRequest(
                "GET", "/restapis/abc123/stages/prod", "embed=x", signed("apigateway"), new byte[0], "::1"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("{\"embed\":\"x\",\"restapi_id\":\"abc123\",\"stage_name\":\"prod\"}");
    }

    @Test
    void anUnroutedRestPathIsNotFound() {
        HttpResponse r =
                pipeline.handle(new HttpRequest("GET", "/nowhere", null, signed("apigateway"), new byte[0], "::1"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers().first("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
    }
}

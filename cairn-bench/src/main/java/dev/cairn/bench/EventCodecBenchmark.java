package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.RawJson;
import dev.cairn.event.SessionAttributes;
import dev.cairn.event.SessionContext;
import dev.cairn.event.SessionIssuer;
import dev.cairn.event.UserIdentity;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the CloudTrail record codec on a typical record: an IAM CreateUser call by an assumed role,
 * 1.4 KB of JSON. The target is 300,000 serializations per second on one core. The peer is jackson-databind
 * reading the same bytes into a tree and writing the tree, which keeps member order but checks no types.
 *
 * <p>Run: {@code java -cp <classpath> org.openjdk.jmh.Main EventCodecBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventCodecBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditEvent event;
    private byte[] json;
    private JsonNode tree;

    @Setup
    public void setUp() throws IOException {
        event = createUserRecord();
        json = CloudTrailJson.serialize(event);
        tree = MAPPER.readTree(json);
    }

    @Benchmark
    public byte[] serialize() {
        return CloudTrailJson.serialize(event);
    }

    @Benchmark
    public AuditEvent parse() {
        return CloudTrailJson.parse(json);
    }

    @Benchmark
    public byte[] peerSerializeDatabindTree() throws IOException {
        return MAPPER.writeValueAsBytes(tree);
    }

    @Benchmark
    public JsonNode peerParseDatabindTree() throws IOException {
        return MAPPER.readTree(json);
    }

    /** An IAM CreateUser record as Cairn's recorder builds one. */
    static AuditEvent createUserRecord() {
        UserIdentity identity = UserIdentity.builder()
                .type("AssumedRole")
                .principalId("AROAIDPPEZS35WEXAMPLE:ci-deploy-1718203311")
                .arn("arn:aws:sts::123456789012:assumed-role/DeployRole/ci-deploy-1718203311")
                .accountId("123456789012")
                .accessKeyId("ASIAIOSFODNN7EXAMPLE")
                .sessionContext(SessionContext.builder()
                        .sessionIssuer(SessionIssuer.builder()
                                .type("Role")
                                .principalId("AROAIDPPEZS35WEXAMPLE")
                                .arn("arn:aws:iam::123456789012:role/DeployRole")
                                .accountId("123456789012")
                                .userName("DeployRole")
                                .build())
                        .webIdFederationData(RawJson.EMPTY_OBJECT)
                        .attributes(SessionAttributes.of(Instant.parse("2024-06-12T14:41:51Z"), false))
                        .build())
                .build();
        return AuditEvent.builder()
                .userIdentity(identity)
                .eventTime(Instant.parse("2024-06-12T14:42:07Z"))
                .eventSource("iam.amazonaws.com")
                .eventName("CreateUser")
                .awsRegion("us-east-1")
                .sourceIPAddress("203.0.113.64")
                .userAgent("aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22")
                .requestParameters(RawJson.of("{\"userName\":\"build-agent-7\",\"path\":\"/ci/\"}"))
                .responseElements(RawJson.of("{\"user\":{\"path\":\"/ci/\",\"userName\":\"build-agent-7\","
                        + "\"userId\":\"AIDACKCEVSQ6C2EXAMPLE\",\"arn\":\"arn:aws:iam::123456789012:user/ci/build-agent-7\","
                        + "\"createDate\":\"Jun 12, 2024, 2:42:07 PM\"}}"))
                .requestID("3f6c2a4e-9b1d-4c8e-a7f2-5d0e1b2c3a4f")
                .eventID("b7d4398e-b2f0-4faa-9c76-e2d316a8d67f")
                .readOnly(false)
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId("123456789012")
                .eventCategory("Management")
                .tlsDetails(RawJson.of("{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\","
                        + "\"clientProvidedHostHeader\":\"iam.amazonaws.com\"}"))
                .build();
    }
}

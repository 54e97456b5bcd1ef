package dev.cairn.cli.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CloudTrailClientTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Clock clock = new Clock() {
        @Override
        public Instant now() {
            return Instant.parse("2026-01-15T12:00:00Z");
        }

        @Override
        public long monotonicNanos() {
            return 0;
        }
    };
    private final List<SignedRequest> sent = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    private CloudTrailClient client(CloudTrailClient.Transport transport) {
        return new CloudTrailClient(
                ENDPOINT, SigningCredentials.of("AKIDEXAMPLE", "secret"), transport, clock, sleeps::add, "test");
    }

    @Test
    void eachCallNamesItsOperationAndIsSignedInItsOwnRegion() throws Exception {
        CloudTrailClient client = client((uri, request) -> {
            sent.add(request);
            return answer(200, null, "{}");
        });

        client.call("eu-west-1", "ListPublicKeys", JSON.objectNode().put("StartTime", 1));
        client.call("us-east-1", "DescribeTrails", JSON.objectNode());

        assertThat(sent)
                .extracting(r -> r.headers().first("x-amz-target"))
                .containsExactly(
                        CloudTrailClient.TARGET_PREFIX + "ListPublicKeys",
                        CloudTrailClient.TARGET_PREFIX + "DescribeTrails");
        assertThat(sent.get(0).headers().first("authorization")).contains("/eu-west-1/cloudtrail/");
        assertThat(sent.get(1).headers().first("authorization")).contains("/us-east-1/cloudtrail/");
        assertThat(new String(sent.get(0).body(), UTF_8)).isEqualTo("{\"StartTime\":1}");
    }

    @Test
    void aConnectionDroppedOnEveryAttemptEndsWithTheLastFailure() {
        int[] calls = {0};
        CloudTrailClient client = client((uri, request) -> {
            throw new IOException("Connection reset " + ++calls[0]);
        });

        assertThatThrownBy(() -> client.call("us-east-1", "DescribeTrails", JSON.objectNode()))
                .isInstanceOf(IOException.class)
                .hasMessage("Connection reset " + CloudTrailClient.MAX_ATTEMPTS);
        assertThat(client.retries()).isEqualTo(CloudTrailClient.MAX_ATTEMPTS - 1);
        assertThat(sleeps).hasSize(CloudTrailClient.MAX_ATTEMPTS - 1);
    }

    @Test
    void errorCodesAreReadInEveryShapeAwsSends() {
        assertThat(CloudTrailClient.error(answer(
                                400,
                                null,
                                "{\"__type\":\"com.amazonaws.cloudtrail.v20131101#InvalidNextTokenException\","
                                        + "\"Message\":\"bad token\"}"))
                        .code())
                .isEqualTo("InvalidNextTokenException");
        AwsErrorException fromHeader =
                CloudTrailClient.error(answer(400, "AccessDeniedException:http://internal", "not json"));
        assertThat(fromHeader.code()).isEqualTo("AccessDeniedException");
        assertThat(fromHeader.awsMessage()).isEqualTo("not json");
        AwsErrorException bare = CloudTrailClient.error(answer(502, null, ""));
        assertThat(bare.code()).isEqualTo("HTTP502");
        assertThat(bare.awsMessage()).isEqualTo("(no message)");
    }

    private static CloudTrailClient.Answer answer(int status, @Nullable String errorType, String body) {
        return new CloudTrailClient.Answer(status, errorType, body.getBytes(UTF_8));
    }

    @Test
    void theDelayDoublesUpToTheCapWithEqualJitter() {
        assertThat(CloudTrailClient.delay(1, 0)).isEqualTo(Duration.ofMillis(100));
        assertThat(CloudTrailClient.delay(1, 0.999)).isEqualTo(Duration.ofMillis(199));
        assertThat(CloudTrailClient.delay(3, 0)).isEqualTo(Duration.ofMillis(400));
        assertThat(CloudTrailClient.delay(30, 0)).isEqualTo(Duration.ofMillis(2500));
        assertThat(CloudTrailClient.delay(30, 0.999)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theHostHeaderLeavesOutTheSchemesDefaultPort() {
        assertThat(CloudTrailClient.hostHeader(URI.create("http://127.0.0.1:4566")))
                .isEqualTo("127.0.0.1:4566");
        assertThat(CloudTrailClient.hostHeader(URI.create("http://cairn.local")))
                .isEqualTo("cairn.local");
        assertThat(CloudTrailClient.hostHeader(URI.create("http://cairn.local:80/")))
                .isEqualTo("cairn.local");
        assertThat(CloudTrailClient.hostHeader(URI.create("https://cairn.local:443")))
                .isEqualTo("cairn.local");
        assertThat(CloudTrailClient.hostHeader(URI.create("https://cairn.local:80")))
                .isEqualTo("cairn.local:80");
    }
}

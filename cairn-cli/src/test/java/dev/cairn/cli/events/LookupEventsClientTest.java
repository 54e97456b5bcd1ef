package dev.cairn.cli.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.cli.aws.AwsErrorException;
import dev.cairn.cli.aws.CloudTrailClient;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryResource;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.protocol.sigv4.SigV4Credential;
import dev.cairn.protocol.sigv4.SigV4Verifier;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.protocol.sigv4.SigningCredentials;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LookupEventsClientTest {
    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");

    private final TestClock clock = new TestClock(NOW);
    private final FakeHistory history = new FakeHistory(clock);
    private final List<Duration> sleeps = new ArrayList<>();

    private LookupEventsClient client(CloudTrailClient.Transport transport) {
        return new LookupEventsClient(
                ENDPOINT,
                "us-east-1",
                SigningCredentials.of(FakeHistory.KEY_ID, FakeHistory.SECRET),
                transport,
                clock,
                sleeps::add,
                "cairn-cli/test");
    }

    private static LookupRequest firstPage() {
        return new LookupRequest(null, null, null, 50, null);
    }

    private HistoryEvent event(String id, int minutesAgo) {
        return FakeHistory.event(
                id,
                NOW.minus(Duration.ofMinutes(minutesAgo)),
                "CreateUser",
                "iam.amazonaws.com",
                "admin",
                false,
                List.of(new HistoryResource("AWS::IAM::User", "user-" + id)),
                Map.of());
    }

    @Test
    void aCallIsSignedForCloudTrailWithTheTargetAndTheHostJavaSends() throws Exception {
        client(history).lookup(firstPage());

        SignedRequest sent = history.signedRequests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.rawPath()).isEqualTo("/");
        assertThat(sent.headers().first("host")).isEqualTo("127.0.0.1:4566");
        assertThat(sent.headers().first("content-type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(sent.headers().first("x-amz-target"))
                .isEqualTo("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");
        assertThat(sent.headers().first("user-agent")).isEqualTo("cairn-cli/test");
        SigV4Credential cred = new SigV4Verifier(clock).parse(sent);
        assertThat(cred.scope()).isEqualTo("20260115/us-east-1/cloudtrail/aws4_request");
        assertThat(cred.signedHeaders()).containsExactly("content-type", "host", "x-amz-date", "x-amz-target");
    }

    @Test
    void theBodyCarriesTheAttributeTheTimesAsEpochSecondsAndTheToken() {
        JsonNode body = LookupEventsClient.body(new LookupRequest(
                new LookupAttribute(LookupAttributeKey.EventName, "CreateUser"),
                Instant.parse("2026-01-15T10:00:00.250Z"),
                NOW,
                20,
                "tok"));

        assertThat(body.toString())
                .isEqualTo("{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"CreateUser\"}],"
                        + "\"StartTime\":1768471200.250,\"EndTime\":1768478400.000,\"MaxResults\":20,"
                        + "\"NextToken\":\"tok\"}");
        assertThat(LookupEventsClient.body(firstPage()).toString()).isEqualTo("{\"MaxResults\":50}");
    }

    @Test
    void aPageIsReadIntoEventsWithTheirFieldsAndTheNextToken() throws Exception {
        for (int i = 0; i < 3; i++) {
            history.add(event("e" + i, i));
        }
        LookupPage page = client(history).lookup(new LookupRequest(null, null, null, 2, null));

        assertThat(page.events()).extracting(HistoryEvent::eventId).containsExactly("e0", "e1");
        assertThat(page.events().get(0)).isEqualTo(event("e0", 0));
        assertThat(page.nextToken()).isEqualTo("2");
    }

    @Test
    void throttlingIsRetriedAfterABackoffThatGrows() throws Exception {
        history.add(event("e0", 0));
        history.failNext(400, "ThrottlingException", "Rate exceeded");
        history.failNext(400, "ThrottlingException", "Rate exceeded");
        history.failNext(503, "ServiceUnavailable", "journal full");
        LookupEventsClient client = client(history);

        LookupPage page = client.lookup(firstPage());

        assertThat(page.events()).hasSize(1);
        assertThat(client.retries()).isEqualTo(3);
        assertThat(history.signedRequests).hasSize(4);
        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void eachAttemptIsSignedAgainAtItsOwnTime() throws Exception {
        history.failNext(400, "ThrottlingException", "Rate exceeded");
        LookupEventsClient client = new LookupEventsClient(
                ENDPOINT,
                "us-east-1",
                SigningCredentials.of(FakeHistory.KEY_ID, FakeHistory.SECRET),
                history,
                clock,
                d -> clock.advance(Duration.ofMinutes(20)),
                "cairn-cli/test");

        client.lookup(firstPage());

        assertThat(history.signedRequests)
                .extracting(r -> r.headers().first("x-amz-date"))
                .containsExactly("20260115T120000Z", "20260115T122000Z");
    }

    @Test
    void throttlingThatPersistsIsReportedAfterTheLastAttempt() {
        for (int i = 0; i < CloudTrailClient.MAX_ATTEMPTS; i++) {
            history.failNext(400, "ThrottlingException", "Rate exceeded");
        }
        LookupEventsClient client = client(history);

        assertThatThrownBy(() -> client.lookup(firstPage())).isInstanceOfSatisfying(AwsErrorException.class, e -> {
            assertThat(e.code()).isEqualTo("ThrottlingException");
            assertThat(e.awsMessage()).isEqualTo("Rate exceeded");
        });
        assertThat(history.signedRequests).hasSize(CloudTrailClient.MAX_ATTEMPTS);
        assertThat(sleeps).hasSize(CloudTrailClient.MAX_ATTEMPTS - 1);
    }

    @Test
    void otherErrorsAreReportedAtOnceWithTheirCodeAndMessage() {
        history.failNext(400, "InvalidTimeRangeException", "StartTime is after EndTime");
        LookupEventsClient client = client(history);

        assertThatThrownBy(() -> client.lookup(firstPage())).isInstanceOfSatisfying(AwsErrorException.class, e -> {
            assertThat(e.code()).isEqualTo("InvalidTimeRangeException");
            assertThat(e.awsMessage()).isEqualTo("StartTime is after EndTime");
            assertThat(e.status()).isEqualTo(400);
        });
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aWrongSecretIsAnAwsError() {
        LookupEventsClient client = new LookupEventsClient(
                ENDPOINT,
                "us-east-1",
                SigningCredentials.of(FakeHistory.KEY_ID, "not-the-secret"),
                history,
                clock,
                sleeps::add,
                "cairn-cli/test");

        assertThatThrownBy(() -> client.lookup(firstPage()))
                .isInstanceOfSatisfying(
                        AwsErrorException.class, e -> assertThat(e.code()).isEqualTo("InvalidSignatureException"));
    }

    @Test
    void aRefusedConnectionIsNotRetried() {
        LookupEventsClient client = client((uri, request) -> {
            throw new ConnectException("Connection refused");
        });

        assertThatThrownBy(() -> client.lookup(firstPage()))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot connect to http://127.0.0.1:4566 (Connection refused); is `cairn serve` running"
                        + " there?");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aConnectionDroppedMidCallIsRetried() throws Exception {
        int[] calls = {0};
        LookupEventsClient client = client((uri, request) -> {
            if (calls[0]++ == 0) {
                throw new IOException("Connection reset");
            }
            return history.send(uri, request);
        });

        assertThat(client.lookup(firstPage()).events()).isEmpty();
        assertThat(client.retries()).isEqualTo(1);
    }

    @Test
    void aMalformedAnswerIsAnIoError() {
        LookupEventsClient client = client((uri, request) -> answer(200, null, "{\"Events\":[{\"EventName\":\"x\"}]}"));

        assertThatThrownBy(() -> client.lookup(firstPage()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no EventId");
    }

    private static CloudTrailClient.Answer answer(int status, String errorType, String body) {
        return new CloudTrailClient.Answer(status, errorType, body.getBytes(UTF_8));
    }
}

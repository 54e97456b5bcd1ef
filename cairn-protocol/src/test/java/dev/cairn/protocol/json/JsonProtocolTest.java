package dev.cairn.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonProtocolTest {

    @Test
    void anEmptyBodyIsAnEmptyObject() {
        assertThat(JsonProtocol.parseBody(new byte[0]).size()).isZero();
    }

    @Test
    void malformedJsonIsASerializationException() {
        assertThatThrownBy(() -> JsonProtocol.parseBody("{\"a\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("SerializationException");
                    assertThat(e.httpStatus()).isEqualTo(400);
                });
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> JsonProtocol.parseBody("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        AwsException.class, e -> assertThat(e.code()).isEqualTo("SerializationException"));
    }

    @Test
    void duplicateMembersAreRefused() {
        assertThatThrownBy(() -> JsonProtocol.parseBody("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AwsException.class);
    }

    @Test
    void errorsHaveTypeMessageAndTheErrorTypeHeader() {
        HttpResponse r = JsonProtocol.error("rid", new AwsException("TrailNotFoundException", 400, "Unknown trail: x"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers().first("x-amzn-ErrorType")).isEqualTo("TrailNotFoundException");
        assertThat(r.headers().first("x-amzn-RequestId")).isEqualTo("rid");
        assertThat(r.headers().first("content-type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"__type\":\"TrailNotFoundException\",\"message\":\"Unknown trail: x\"}");
    }

    @Test
    void anOperationWithoutOutputAnswersAnEmptyObject() {
        assertThat(new String(JsonProtocol.success("r", null).body(), StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }
}

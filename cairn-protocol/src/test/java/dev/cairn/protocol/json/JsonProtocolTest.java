package dev.cairn.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.error.ErrorCode;
import dev.cairn.protocol.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    @Test
    void extraMembersOfAnErrorFollowItsMessage() {
        AwsException error = new AwsException(
                new ErrorCode() {
                    @Override
                    public String code() {
                        return "ConstraintViolationException";
                    }

                    @Override
                    public int httpStatus() {
                        return 400;
                    }
                },
                "You have exceeded the allowed number of AWS accounts.",
                Map.of("Reason", "ACCOUNT_NUMBER_LIMIT_EXCEEDED"));
        HttpResponse r = JsonProtocol.error("rid", error);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"__type\":\"ConstraintViolationException\",\"message\":\"You have exceeded the allowed"
                        + " number of AWS accounts.\",\"Reason\":\"ACCOUNT_NUMBER_LIMIT_EXCEEDED\"}");
        HttpResponse rest = RestJsonProtocol.error("rid", error);
        assertThat(rest.headers().first("x-amzn-ErrorType")).isEqualTo("ConstraintViolationException");
        assertThat(new String(rest.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"You have exceeded the allowed number of AWS accounts.\","
                        + "\"Reason\":\"ACCOUNT_NUMBER_LIMIT_EXCEEDED\"}");
    }

    @Test
    void anErrorWithoutExtraMembersHasNone() {
        assertThat(new AwsException("X", 400, "m").members()).isEmpty();
    }

    @Test
    void anExtraMemberMayNotTakeTheNameOfTheMessage() {
        assertThatThrownBy(() -> CommonError.VALIDATION_EXCEPTION.withMessage("m", Map.of("message", "other")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message");
    }

    @Test
    void typeMismatchesAreWordedAsAwsJsonServicesWordThem() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        assertThat(JsonProtocol.typeMismatch(nodes.textNode("5"), "Integer"))
                .satisfies(e -> assertThat(e.code()).isEqualTo("SerializationException"))
                .hasMessage("class java.lang.String can not be converted to an Integer");
        assertThat(JsonProtocol.typeMismatch(nodes.numberNode(23), "String"))
                .hasMessage("class java.lang.Short can not be converted to an String");
        assertThat(JsonProtocol.typeMismatch(nodes.numberNode(2147483648L), "String"))
                .hasMessage("class java.lang.Long can not be converted to an String");
        assertThat(JsonProtocol.typeMismatch(nodes.numberNode(34.56), "String"))
                .hasMessage("class java.lang.Double can not be converted to an String");
        assertThat(JsonProtocol.typeMismatch(nodes.objectNode(), "Integer"))
                .hasMessage("Start of structure or map found where not expected.");
    }
}

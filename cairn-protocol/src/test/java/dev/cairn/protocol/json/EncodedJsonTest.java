package dev.cairn.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncodedJsonTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                "{\"eventVersion\":\"1.11\",\"userAgent\":\"aws-cli/2 \\\"quoted\\\"\"}",
                "back\\slash and \"quotes\"",
                "controls \n\r\t\u0000\u0001\u001f end",
                "non-ASCII: \u00e9t\u00e9, \u65e5\u672c, emoji \ud83d\ude00, \u2028 and \u007f"
            })
    void aStringWrittenAsALiteralReadsBackAsTheSameString(String value) throws Exception {
        ObjectNode tree = JsonProtocol.MAPPER.createObjectNode();
        EncodedJson.stringLiteral(value).putIn(tree, "s");
        tree.put("after", 1);

        byte[] written = JsonProtocol.MAPPER.writeValueAsBytes(tree);

        JsonNode read = JsonProtocol.MAPPER.readTree(written);
        assertThat(read.get("s").textValue()).isEqualTo(value);
        assertThat(read.get("after").intValue()).isEqualTo(1);
        assertThat(read.size()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 10_000, 100_000})
    void aLiteralLongerThanTheGeneratorsBufferIsWrittenWhole(int length) throws Exception {
        String value = "\"x\\\n".repeat(length); // every character escaped: the literal outgrows its first guess
        ObjectNode tree = JsonProtocol.MAPPER.createObjectNode();
        tree.put("before", "b".repeat(7_999)); // so that the literal starts near the end of a buffer
        EncodedJson.stringLiteral(value).putIn(tree, "s");

        byte[] written = JsonProtocol.MAPPER.writeValueAsBytes(tree);

        assertThat(JsonProtocol.MAPPER.readTree(written).get("s").textValue()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "\u00e9"})
    void theTextOfALiteralIsTheQuotedEscapedString(String value) {
        String expected = "\"" + value.replace("\"", "\\\"") + "\"";
        EncodedJson literal = EncodedJson.stringLiteral(value);

        assertThat(literal.getValue()).isEqualTo(expected);
        assertThat(literal.asUnquotedUTF8()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWrittenValueIsPutIntoATreeAsTheSameJson() throws Exception {
        EncodedJson events = EncodedJson.written(generator -> {
            try {
                generator.writeStartArray();
                for (int i = 0; i < 3; i++) {
                    generator.writeStartObject();
                    generator.writeStringField("EventId", "e" + i);
                    generator.writeNumberField("EventTime", 1_700_000_000L + i);
                    generator.writeFieldName("CloudTrailEvent");
                    EncodedJson.stringLiteral("{\"n\":" + i + "}").writeTo(generator);
                    generator.writeEndObject();
                }
                generator.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ObjectNode tree = JsonProtocol.MAPPER.createObjectNode();
        events.putIn(tree, "Events");
        tree.put("NextToken", "t");

        JsonNode read = JsonProtocol.MAPPER.readTree(JsonProtocol.MAPPER.writeValueAsBytes(tree));

        assertThat(read.toString())
                .isEqualTo(
                        "{\"Events\":[{\"EventId\":\"e0\",\"EventTime\":1700000000,\"CloudTrailEvent\":\"{\\\"n\\\":0}\"},"
                                + "{\"EventId\":\"e1\",\"EventTime\":1700000001,\"CloudTrailEvent\":\"{\\\"n\\\":1}\"},"
                                + "{\"EventId\":\"e2\",\"EventTime\":1700000002,\"CloudTrailEvent\":\"{\\\"n\\\":2}\"}],"
                                + "\"NextToken\":\"t\"}");
    }
}

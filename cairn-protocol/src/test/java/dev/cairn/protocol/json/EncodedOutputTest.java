package dev.cairn.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EncodedOutputTest {

    private static final String RECORD = "{\"eventName\":\"CreateUser\",\"userAgent\":\"a \\\"b\\\"\"}";

    private static Consumer<JsonGenerator> page(int events) {
        return out -> {
            try {
                out.writeStartObject();
                out.writeArrayFieldStart("Events");
                for (int i = 0; i < events; i++) {
                    out.writeStartObject();
                    out.writeStringField("EventId", "e" + i);
                    out.writeFieldName("CloudTrailEvent");
                    EncodedJson.stringLiteral(RECORD).writeTo(out);
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeStringField("NextToken", "t");
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void theJsonProtocolSendsTheWrittenBytesAsTheyAre() throws IOException {
        EncodedOutput output = EncodedOutput.written(16, page(200)); // outgrows its hint many times

        HttpResponse response = JsonProtocol.success("req-1", output);

        assertThat(response.body()).isSameAs(output.bytes());
        ObjectNode read = (ObjectNode) JsonProtocol.MAPPER.readTree(response.body());
        assertThat(read.get("Events")).hasSize(200);
        assertThat(read.get("Events").get(199).get("CloudTrailEvent").textValue())
                .isEqualTo(RECORD);
        assertThat(read.get("NextToken").textValue()).isEqualTo("t");
    }

    @Test
    void aGeneratorWritesItsBytesWhereverItIsPut() throws IOException {
        EncodedOutput output = EncodedOutput.written(1_024, page(2));
        ObjectNode tree = JsonProtocol.MAPPER.createObjectNode();
        tree.set("inner", output);

        String written = JsonProtocol.MAPPER.writeValueAsString(tree);

        assertThat(written).isEqualTo("{\"inner\":" + new String(output.bytes(), UTF_8) + "}");
        assertThat(output).isEqualTo(EncodedOutput.written(8, page(2))).isNotEqualTo(EncodedOutput.written(8, page(3)));
    }
}

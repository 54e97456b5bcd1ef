package dev.cairn.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.http.HttpResponse;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncodedOutputTest {

    private static final String RECORD = "{\"eventName\":\"CreateUser\",\"userAgent\":\"a \\\"b\\\" \u00e9\"}";

    /** A page of {@code events} items, each with the record as a string, and a next token. */
    private static byte[] page(int events) throws IOException {
        ObjectNode page = JsonProtocol.MAPPER.createObjectNode();
        ArrayNode items = page.putArray("Events");
        for (int i = 0; i < events; i++) {
            items.addObject().put("EventId", "e" + i).put("CloudTrailEvent", RECORD);
        }
        page.put("NextToken", "t");
        return JsonProtocol.MAPPER.writeValueAsBytes(page);
    }

    @Test
    void theJsonProtocolSendsTheBytesAsTheyAre() throws IOException {
        byte[] bytes = page(200);

        HttpResponse response = JsonProtocol.success("req-1", EncodedOutput.of(bytes));

        assertThat(response.body()).isSameAs(bytes);
        JsonNode read = JsonProtocol.MAPPER.readTree(response.body());
        assertThat(read.get("Events")).hasSize(200);
        assertThat(read.get("Events").get(199).get("CloudTrailEvent").textValue())
                .isEqualTo(RECORD);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 2_000})
    void aGeneratorWritesItsBytesWholeWhereverItIsPutEvenPastItsBuffer(int events) throws IOException {
        EncodedOutput output = EncodedOutput.of(page(events));
        ObjectNode tree = JsonProtocol.MAPPER.createObjectNode();
        tree.put("before", "b".repeat(7_999)); // so that the bytes start near the end of the generator's buffer
        tree.set("inner", output);
        tree.put("after", 1);

        String written = JsonProtocol.MAPPER.writeValueAsString(tree);

        assertThat(written)
                .isEqualTo("{\"before\":\"" + "b".repeat(7_999) + "\",\"inner\":" + new String(output.bytes(), UTF_8)
                        + ",\"after\":1}");
        assertThat(JsonProtocol.MAPPER.readTree(written).get("inner").get("Events"))
                .hasSize(events);
    }

    @Test
    void outputsAreEqualWhenTheirBytesAre() throws IOException {
        assertThat(EncodedOutput.of(page(2)))
                .isEqualTo(EncodedOutput.of(page(2)))
                .hasSameHashCodeAs(EncodedOutput.of(page(2)))
                .isNotEqualTo(EncodedOutput.of(page(3)));
    }
}

package dev.cairn.trail.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A reader of one JSON document into plain values, as Python's {@code json.loads} gives them to
 * validate-logs: objects as {@link Map} (a repeated member keeps its last value), arrays as {@link List},
 * strings, numbers as {@link java.math.BigDecimal} or {@link java.math.BigInteger}, booleans, and null.
 */
final class JsonTree {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonTree() {}

    /**
     * Returns the JSON object encoded in {@code utf8}.
     *
     * @throws IllegalArgumentException if it is not one JSON object, alone
     */
    static Map<String, @Nullable Object> object(byte[] utf8) {
        try (JsonParser parser = JSON.createParser(utf8)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the document is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> object = (Map<String, @Nullable Object>) value(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("the document has data after its JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException("the document is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Reads the value whose first token is the parser's current one. */
    private static @Nullable Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, @Nullable Object> members = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    members.put(name, value(parser));
                }
                yield members;
            }
            case START_ARRAY -> {
                List<@Nullable Object> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser));
                }
                yield items;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected JSON token " + token);
        };
    }
}

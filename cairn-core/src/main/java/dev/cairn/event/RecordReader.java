package dev.cairn.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The reader of records from a jackson parser into the model: each known member is checked against its
 * {@link Kind} and held typed, each unknown member is copied as {@link RawJson}, and the order of all of
 * them is kept. Close the reader to give the copier's buffers back to jackson.
 */
final class RecordReader implements AutoCloseable {

    private static final int MAX_QUOTED_VALUE = 60;

    private final JsonParser parser;

    /** The whole input when the parser reads a byte array from its start, so that values can be sliced. */
    private final byte @Nullable [] source;

    private @Nullable CompactCopier copier;

    /**
     * Returns a reader of {@code parser}; {@code source} is the byte array the parser reads from its first
     * byte, or null when the parser reads something else.
     */
    RecordReader(JsonParser parser, byte @Nullable [] source) {
        this.parser = parser;
        this.source = source;
    }

    /** Reads the record that starts at the parser's current token, or at its next one if it has none. */
    AuditEvent readRecord() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            token = parser.nextToken();
        }
        if (token != JsonToken.START_OBJECT) {
            throw new CloudTrailJsonException(
                    null, "a CloudTrail record must be a JSON object, but is " + describe(token));
        }
        return new AuditEvent(readObject(AuditEvent.SCHEMA, ""));
    }

    /** Reads the members of the object whose START_OBJECT is the current token, up to its END_OBJECT. */
    private Members readObject(Schema schema, String path) throws IOException {
        @Nullable Object[] values = new Object[schema.size()];
        byte[] order = new byte[schema.size()];
        int count = 0;
        long seen = 0;
        String[] otherNames = NO_NAMES;
        RawJson[] otherValues = NO_VALUES;
        int others = 0;
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if (count == order.length) {
                order = Arrays.copyOf(order, count * 2 + 4);
            }
            int index = schema.indexOf(name);
            if (index >= 0) {
                if ((seen & (1L << index)) != 0) {
                    throw duplicate(path, name);
                }
                seen |= 1L << index;
                values[index] = readValue(schema.kind(index), valueToken, Schema.pathOf(path, name));
                order[count++] = (byte) index;
            } else {
                for (int i = 0; i < others; i++) {
                    if (otherNames[i].equals(name)) {
                        throw duplicate(path, name);
                    }
                }
                if (others == otherNames.length) {
                    otherNames = Arrays.copyOf(otherNames, others + 4);
                    otherValues = Arrays.copyOf(otherValues, others + 4);
                }
                otherNames[others] = name;
                otherValues[others++] = readRaw(valueToken);
                order[count++] = Members.OTHER;
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null && schema.isRequired(i)) {
                String member = Schema.pathOf(path, schema.name(i));
                throw new CloudTrailJsonException(
                        member,
                        (seen & (1L << i)) == 0
                                ? "the record has no " + member + "; every CloudTrail record has one"
                                : member + " must be " + schema.kind(i).rule + ", but is null");
            }
        }
        return new Members(
                schema,
                values,
                count == order.length ? order : Arrays.copyOf(order, count),
                others == otherNames.length ? otherNames : Arrays.copyOf(otherNames, others),
                others == otherValues.length ? otherValues : Arrays.copyOf(otherValues, others));
    }

    private @Nullable Object readValue(Kind kind, JsonToken token, String path) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        switch (kind) {
            case STRING -> {
                if (token == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
            }
            case BOOLEAN -> {
                if (token == JsonToken.VALUE_TRUE) {
                    return Boolean.TRUE;
                }
                if (token == JsonToken.VALUE_FALSE) {
                    return Boolean.FALSE;
                }
            }
            case TIME -> {
                if (token == JsonToken.VALUE_STRING) {
                    String text = parser.getText();
                    try {
                        return EventTime.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw new CloudTrailJsonException(
                                path,
                                path + " must be " + kind.rule + ", but is " + describe(token) + ": " + e.getMessage());
                    }
                }
            }
            case RAW -> {
                return readRaw(token);
            }
            case USER_IDENTITY -> {
                if (token == JsonToken.START_OBJECT) {
                    return new UserIdentity(readObject(UserIdentity.SCHEMA, path));
                }
            }
            case SESSION_CONTEXT -> {
                if (token == JsonToken.START_OBJECT) {
                    return new SessionContext(readObject(SessionContext.SCHEMA, path));
                }
            }
            case SESSION_ISSUER -> {
                if (token == JsonToken.START_OBJECT) {
                    return new SessionIssuer(readObject(SessionIssuer.SCHEMA, path));
                }
            }
            case SESSION_ATTRIBUTES -> {
                if (token == JsonToken.START_OBJECT) {
                    return new SessionAttributes(readObject(SessionAttributes.SCHEMA, path));
                }
            }
            case RESOURCES -> {
                if (token == JsonToken.START_ARRAY) {
                    return readResources(path);
                }
            }
        }
        throw new CloudTrailJsonException(path, path + " must be " + kind.rule + ", but is " + describe(token));
    }

    private List<Resource> readResources(String path) throws IOException {
        List<Resource> resources = new ArrayList<>(2);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            String itemPath = path + "[" + resources.size() + "]";
            if (token != JsonToken.START_OBJECT) {
                throw new CloudTrailJsonException(itemPath, itemPath + " must be an object, but is " + describe(token));
            }
            resources.add(new Resource(readObject(Resource.SCHEMA, itemPath)));
        }
        return List.copyOf(resources);
    }

    /**
     * Reads any value as {@link RawJson}. An object or array read from a byte array is sliced from it when it
     * is already compact, which is the usual case and spares copying it token by token.
     */
    private RawJson readRaw(JsonToken token) throws IOException {
        byte[] input = source;
        if (input == null || (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY)) {
            return copier().copy(parser);
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        if (CompactForm.isCompact(input, start, end)) {
            return RawJson.ofCompactUtf8(Arrays.copyOfRange(input, start, end));
        }
        try (JsonParser again = CloudTrailJson.FACTORY.createParser(input, start, end - start)) {
            again.nextToken();
            return copier().copy(again);
        }
    }

    private CompactCopier copier() {
        CompactCopier c = copier;
        if (c == null) {
            c = new CompactCopier();
            copier = c;
        }
        return c;
    }

    private static CloudTrailJsonException duplicate(String path, String name) {
        String member = Schema.pathOf(path, name);
        return new CloudTrailJsonException(member, member + " appears twice; a member may appear once");
    }

    /** Describes the value at {@code token} for an error message, quoting at most 60 characters of text. */
    private String describe(@Nullable JsonToken token) throws IOException {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case VALUE_STRING -> "the string \"" + shorten(parser.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + parser.getText();
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.toString();
        };
    }

    private static String shorten(String text) {
        return text.length() <= MAX_QUOTED_VALUE ? text : text.substring(0, MAX_QUOTED_VALUE) + "...";
    }

    @Override
    public void close() throws IOException {
        if (copier != null) {
            copier.close();
        }
    }

    private static final String[] NO_NAMES = {};
    private static final RawJson[] NO_VALUES = {};
}

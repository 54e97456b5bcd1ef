package dev.cairn.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The token-by-token copier that turns one JSON value read by a parser into {@link RawJson}: compact, members in their order, numbers exactly
 * as written, strings escaped as {@link CloudTrailJson#FACTORY}'s generator escapes them. One copier serves
 * any number of values, one after another; close it to give its buffers back to jackson.
 */
final class CompactCopier implements AutoCloseable {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private final JsonGenerator generator;

    CompactCopier() {
        try {
            // The factory writes no separator between root-level values, so each copy is exactly one value.
            this.generator = CloudTrailJson.FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the value that starts at the parser's current token, leaving the parser on its last token. */
    RawJson copy(JsonParser parser) throws IOException {
        out.reset();
        JsonToken token = parser.currentToken();
        int depth = 0;
        while (true) {
            if (token == null) {
                throw new JsonParseException(parser, "unexpected end of input inside a JSON value");
            }
            switch (token) {
                case START_OBJECT -> {
                    generator.writeStartObject();
                    depth++;
                }
                case END_OBJECT -> {
                    generator.writeEndObject();
                    depth--;
                }
                case START_ARRAY -> {
                    generator.writeStartArray();
                    depth++;
                }
                case END_ARRAY -> {
                    generator.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> generator.writeFieldName(parser.currentName());
                case VALUE_STRING ->
                    generator.writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    // The literal as written: 50.0 stays 50.0, 1E+2 stays 1E+2.
                    generator.writeNumber(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                case VALUE_TRUE -> generator.writeBoolean(true);
                case VALUE_FALSE -> generator.writeBoolean(false);
                case VALUE_NULL -> generator.writeNull();
                default -> throw new IllegalStateException("cannot copy the JSON token " + token);
            }
            if (depth == 0) {
                break;
            }
            token = parser.nextToken();
        }
        generator.flush();
        return RawJson.ofCompactUtf8(out.toByteArray());
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }
}

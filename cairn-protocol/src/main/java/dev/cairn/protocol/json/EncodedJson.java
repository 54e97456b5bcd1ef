package dev.cairn.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A JSON value already encoded as UTF-8 bytes, which a generator copies as they are: the way to put a
 * large part of an answer into an output tree without building it as nodes, or to put a long string (a
 * CloudTrail record shown as {@code CloudTrailEvent}) without the generator escaping it character by
 * character.
 *
 * <p>As a {@link SerializableString}, its value is the JSON text: "unquoted" bytes are the text as it
 * is, "quoted" ones are the text escaped once more.
 */
public final class EncodedJson implements SerializableString {

    private static final byte[] HEX = "0123456789abcdef".getBytes(UTF_8);

    /** For each byte: 0 copied as is, 1 escaped with a backslash, 2 escaped as {@code \\u00XX}. */
    private static final byte[] ESCAPES = new byte[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            ESCAPES[b] = 2;
        }
        ESCAPES['"'] = 1;
        ESCAPES['\\'] = 1;
    }

    private final byte[] json;
    private SerializedString text;

    private EncodedJson(byte[] json) {
        this.json = json;
    }

    /** Returns {@code json}, which must be one valid JSON value; not copied, so it must not change. */
    public static EncodedJson of(byte[] json) {
        return new EncodedJson(requireNonNull(json, "json is null"));
    }

    /**
     * Returns the JSON value that {@code write} writes with a generator of {@link JsonProtocol#MAPPER}: one
     * value, such as an array of many objects.
     */
    public static EncodedJson written(Consumer<JsonGenerator> write) {
        requireNonNull(write, "write is null");
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(16 * 1024)) {
            try (JsonGenerator generator = JsonProtocol.MAPPER.getFactory().createGenerator(bytes)) {
                write.accept(generator);
            }
            return new EncodedJson(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory
        }
    }

    /** Returns the string literal of {@code value}: quoted, with {@code "}, {@code \} and control characters escaped. */
    public static EncodedJson stringLiteral(String value) {
        requireNonNull(value, "value is null");
        byte[] utf8 = value.getBytes(UTF_8);
        int length = utf8.length;
        byte[] out = new byte[length + (length >> 2) + 8];
        out[0] = '"';
        int at = 1;
        for (int i = 0; i < length; i++) {
            byte b = utf8[i];
            int escape = ESCAPES[b & 0xff];
            if (escape == 0) {
                out[at++] = b; // ASCII, or a byte of a multi-byte UTF-8 character, which JSON takes as is
                continue;
            }
            if (at + 8 > out.length) {
                out = Arrays.copyOf(out, out.length + (out.length >> 1) + 8);
            }
            out[at++] = '\\';
            if (escape == 1) {
                out[at++] = b;
            } else {
                out[at++] = 'u';
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = HEX[b >> 4];
                out[at++] = HEX[b & 0xf];
            }
        }
        if (at == out.length) {
            out = Arrays.copyOf(out, at + 1);
        }
        out[at++] = '"';
        return new EncodedJson(at == out.length ? out : Arrays.copyOf(out, at));
    }

    /** Writes this value with {@code generator}, as the next value of what it is writing. */
    public void writeTo(JsonGenerator generator) throws IOException {
        generator.writeRawValue(this);
    }

    /** Puts this value under {@code field} of {@code node}. */
    public void putIn(ObjectNode node, String field) {
        node.putRawValue(field, new RawValue(this));
    }

    private SerializedString text() {
        if (text == null) {
            text = new SerializedString(new String(json, UTF_8));
        }
        return text;
    }

    @Override
    public String getValue() {
        return text().getValue();
    }

    @Override
    public int charLength() {
        return text().charLength();
    }

    @Override
    public char[] asQuotedChars() {
        return text().asQuotedChars();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return json.clone();
    }

    @Override
    public byte[] asQuotedUTF8() {
        return text().asQuotedUTF8();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        return text().appendQuotedUTF8(buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        return text().appendQuoted(buffer, offset);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + json.length > buffer.length) {
            return -1;
        }
        System.arraycopy(json, 0, buffer, offset, json.length);
        return json.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        return text().appendUnquoted(buffer, offset);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        return text().writeQuotedUTF8(out);
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(json);
        return json.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
        return text().putQuotedUTF8(buffer);
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (json.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(json);
        return json.length;
    }

    @Override
    public String toString() {
        return getValue();
    }
}

package dev.cairn.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.cairn.event.JsonStringLiteral;
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
        return written(16 * 1024, write);
    }

    /**
     * Returns the JSON value that {@code write} writes, as {@link #written(Consumer)}, into a buffer of
     * {@code sizeHint} bytes first: a good hint spares growing it.
     */
    public static EncodedJson written(int sizeHint, Consumer<JsonGenerator> write) {
        requireNonNull(write, "write is null");
        Sink bytes = new Sink(sizeHint);
        try (JsonGenerator generator = JsonProtocol.MAPPER.getFactory().createGenerator(bytes)) {
            write.accept(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory
        }
        return new EncodedJson(bytes.toByteArray());
    }

    /** A growable array of bytes, without the chunks and the copy at the end of Jackson's builder. */
    private static final class Sink extends OutputStream {
        private byte[] buffer;
        private int count;

        Sink(int size) {
            buffer = new byte[Math.max(64, size)];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int offset, int length) {
            ensure(length);
            System.arraycopy(b, offset, buffer, count, length);
            count += length;
        }

        private void ensure(int more) {
            if (count + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(count + more, buffer.length * 2));
            }
        }

        byte[] toByteArray() {
            return count == buffer.length ? buffer : Arrays.copyOf(buffer, count);
        }
    }

    /** Returns the string literal of {@code value}: quoted, with {@code "}, {@code \} and control characters escaped. */
    public static EncodedJson stringLiteral(String value) {
        return new EncodedJson(JsonStringLiteral.quote(requireNonNull(value, "value is null")));
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

    /** Returns the JSON itself, not a copy (generators only read it): a large value is copied once less. */
    @Override
    public byte[] asUnquotedUTF8() {
        return json;
    }

    /** Returns the length of the JSON in bytes. */
    public int length() {
        return json.length;
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

package dev.cairn.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A JSON value already encoded as UTF-8 bytes, which a generator copies as they are: how an {@link
 * EncodedOutput} is written where a generator writes it.
 *
 * <p>As a {@link SerializableString}, its value is the JSON text: "unquoted" bytes are the text as it
 * is, "quoted" ones are the text escaped once more.
 */
final class EncodedJson implements SerializableString {

    private final byte[] json;
    private SerializedString text;

    private EncodedJson(byte[] json) {
        this.json = json;
    }

    /** Returns {@code json}, which must be one valid JSON value; not copied, so it must not change. */
    static EncodedJson of(byte[] json) {
        return new EncodedJson(requireNonNull(json, "json is null"));
    }

    /** Writes this value with {@code generator}, as the next value of what it is writing. */
    void writeTo(JsonGenerator generator) throws IOException {
        generator.writeRawValue(this);
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

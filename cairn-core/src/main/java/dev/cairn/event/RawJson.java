package dev.cairn.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One JSON value kept as its compact text: no whitespace between tokens, members in their original order,
 * numbers exactly as written ({@code 50.0} stays {@code 50.0}), strings escaped as {@link CloudTrailJson}
 * writes them. Free-form members of a record ({@code requestParameters}, {@code responseElements},
 * {@code tlsDetails}, ...) are held this way so that they are written back byte for byte.
 *
 * <p>Two values are equal when their compact texts are equal, so {@code {"a":1,"b":2}} and
 * {@code {"b":2,"a":1}} differ.
 */
public final class RawJson {

    /** The JSON literal {@code null}. */
    public static final RawJson NULL = new RawJson("null".getBytes(UTF_8));

    /** The empty object {@code {}}, as in {@code "webIdFederationData":{}}. */
    public static final RawJson EMPTY_OBJECT = new RawJson("{}".getBytes(UTF_8));

    /** Compact UTF-8 text; never modified, never handed out. */
    private final byte[] utf8;

    /** The text as a string, decoded when first asked for (a benign race: any thread computes the same). */
    private @Nullable String text;

    private final SerializableString serializable = new Serialized();

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * Returns the value that {@code json} holds, made compact: whitespace between tokens is dropped, and
     * members, numbers and string contents stay as they are.
     *
     * @throws IllegalArgumentException if {@code json} is not exactly one JSON value
     */
    public static RawJson of(String json) {
        requireNonNull(json, "json is null");
        try (JsonParser parser = CloudTrailJson.FACTORY.createParser(json);
                CompactCopier copier = new CompactCopier()) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("raw JSON must hold one JSON value, but is empty");
            }
            RawJson value = copier.copy(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException(
                        "raw JSON must hold exactly one JSON value, but has more after it: " + parser.getText());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("raw JSON is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wraps text that is already compact; the array is the caller's to give away. */
    static RawJson ofCompactUtf8(byte[] utf8) {
        if (utf8.length == 4 && Arrays.equals(utf8, NULL.utf8)) {
            return NULL;
        }
        return new RawJson(utf8);
    }

    /** Returns the JSON string that holds {@code value}. */
    public static RawJson ofString(String value) {
        requireNonNull(value, "value is null");
        return of("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"");
    }

    /** Returns the string this value holds, or null if it is not a JSON string. */
    public @Nullable String stringValue() {
        if (utf8[0] != '"') {
            return null;
        }
        try (JsonParser parser = CloudTrailJson.FACTORY.createParser(utf8)) {
            parser.nextToken();
            return parser.getText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JSON string " + json(), e);
        }
    }

    /** The compact JSON text. */
    public String json() {
        String s = text;
        if (s == null) {
            s = new String(utf8, UTF_8);
            text = s;
        }
        return s;
    }

    /** Whether this is the literal {@code null}. */
    public boolean isNull() {
        return this == NULL;
    }

    /** Whether this is a JSON object. */
    public boolean isObject() {
        return utf8[0] == '{';
    }

    /** The compact text in the form a {@link com.fasterxml.jackson.core.JsonGenerator} writes raw. */
    SerializableString serializable() {
        return serializable;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RawJson that && Arrays.equals(utf8, that.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    /** Returns the compact JSON text. */
    @Override
    public String toString() {
        return json();
    }

    /**
     * The text as jackson's {@link SerializableString}, so that a UTF-8 generator copies the bytes as they
     * are. Only the unquoted forms are used for raw values; the quoted forms exist to satisfy the interface.
     */
    private final class Serialized implements SerializableString {
        @Override
        public String getValue() {
            return json();
        }

        @Override
        public int charLength() {
            return json().length();
        }

        @Override
        public char[] asQuotedChars() {
            return JsonStringEncoder.getInstance().quoteAsString(json());
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8.clone();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return JsonStringEncoder.getInstance().quoteAsUTF8(json());
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return copy(asQuotedUTF8(), buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            char[] quoted = asQuotedChars();
            if (offset + quoted.length > buffer.length) {
                return -1;
            }
            System.arraycopy(quoted, 0, buffer, offset, quoted.length);
            return quoted.length;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            return copy(utf8, buffer, offset);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String s = json();
            if (offset + s.length() > buffer.length) {
                return -1;
            }
            s.getChars(0, s.length(), buffer, offset);
            return s.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            byte[] quoted = asQuotedUTF8();
            out.write(quoted);
            return quoted.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            return put(asQuotedUTF8(), buffer);
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            return put(utf8, buffer);
        }

        private static int copy(byte[] bytes, byte[] buffer, int offset) {
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        private static int put(byte[] bytes, ByteBuffer buffer) {
            if (bytes.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(bytes);
            return bytes.length;
        }
    }
}

package dev.cairn.history;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.event.JsonStringLiteral;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The text of one CloudTrail record as LookupEvents shows it in {@code CloudTrailEvent}: the record's JSON,
 * held in the form its source has it, either the JSON itself or the JSON string literal of it (quoted and
 * escaped, as it goes into an answer). The other form is made when it is first asked for, and kept.
 *
 * <p>Notes: an event store that keeps records as literals lets an answer copy them as they are, where
 * escaping each record while answering cost about a sixth of a lookup. Two texts are equal when their
 * JSON is. Thread-safe; the arrays it returns are its own and must not be changed.
 */
public final class RecordText {

    /** The empty text, for an event whose fields alone are wanted. */
    public static final RecordText EMPTY = ofJson("");

    private volatile byte @Nullable [] json;

    /** The literal, when asked for as an array of its own. */
    private volatile byte @Nullable [] literal;

    private volatile @Nullable String string;

    /** The literal as read, a part of a larger array: {@code source[offset, offset + length)}; or null. */
    private final byte @Nullable [] source;

    private final int offset;
    private final int length;

    private RecordText(byte @Nullable [] json, @Nullable String string) {
        this.json = json;
        this.string = string;
        this.source = null;
        this.offset = 0;
        this.length = 0;
    }

    private RecordText(byte[] source, int offset, int length) {
        this.source = source;
        this.offset = offset;
        this.length = length;
    }

    /** Returns the text of the record whose JSON is {@code utf8}; not copied, so it must not change. */
    public static RecordText ofJson(byte[] utf8) {
        return new RecordText(requireNonNull(utf8, "utf8 is null"), null);
    }

    /** Returns the text of the record whose JSON is {@code json}. */
    public static RecordText ofJson(String json) {
        return new RecordText(null, requireNonNull(json, "json is null"));
    }

    /**
     * Returns the text whose JSON string literal, quotes included, is {@code array[offset, offset +
     * length)}; not copied, so it must not change: a store reads a record with what surrounds it, and an
     * answer copies the literal from there.
     */
    public static RecordText ofLiteral(byte[] array, int offset, int length) {
        requireNonNull(array, "array is null");
        Objects.checkFromIndexSize(offset, length, array.length);
        if (length < 2 || array[offset] != '"' || array[offset + length - 1] != '"') {
            throw new IllegalArgumentException("a JSON string literal must start and end with a quote");
        }
        return new RecordText(array, offset, length);
    }

    /** Returns the length of the record's JSON string literal, quotes included. */
    public int literalLength() {
        return source != null ? length : literal().length;
    }

    /** Copies the record's JSON string literal, quotes included, into {@code out} from {@code at}; returns where it ends. */
    public int copyLiteral(byte[] out, int at) {
        byte[] from = source != null ? source : literal();
        int count = literalLength();
        System.arraycopy(from, source != null ? offset : 0, out, at, count);
        return at + count;
    }

    /** Returns the record's JSON in UTF-8. */
    public byte[] json() {
        byte[] made = json;
        if (made == null) {
            String known = string;
            if (known != null) {
                made = known.getBytes(UTF_8);
            } else {
                made = JsonStringLiteral.unquote(requireNonNull(source), offset, length);
            }
            json = made; // a race makes two equal arrays, either is fine
        }
        return made;
    }

    /** Returns the JSON string literal of the record, quotes included, in UTF-8. */
    public byte[] literal() {
        byte[] made = literal;
        if (made == null) {
            if (source != null) {
                made = offset == 0 && length == source.length
                        ? source
                        : Arrays.copyOfRange(source, offset, offset + length);
            } else {
                byte[] utf8 = json();
                made = JsonStringLiteral.quote(utf8, 0, utf8.length);
            }
            literal = made;
        }
        return made;
    }

    /** Returns the record's JSON. */
    public String string() {
        String made = string;
        if (made == null) {
            made = new String(json(), UTF_8);
            string = made;
        }
        return made;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof RecordText that && string().equals(that.string());
    }

    @Override
    public int hashCode() {
        return string().hashCode();
    }

    /** Gives the size only: a record may hold request parameters that are not for logs. */
    @Override
    public String toString() {
        return "RecordText[" + json().length + " bytes]";
    }
}

package dev.cairn.history;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.event.JsonStringLiteral;
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
    private volatile byte @Nullable [] literal;
    private volatile @Nullable String string;

    private RecordText(byte @Nullable [] json, byte @Nullable [] literal, @Nullable String string) {
        this.json = json;
        this.literal = literal;
        this.string = string;
    }

    /** Returns the text of the record whose JSON is {@code utf8}; not copied, so it must not change. */
    public static RecordText ofJson(byte[] utf8) {
        return new RecordText(requireNonNull(utf8, "utf8 is null"), null, null);
    }

    /** Returns the text of the record whose JSON is {@code json}. */
    public static RecordText ofJson(String json) {
        return new RecordText(null, null, requireNonNull(json, "json is null"));
    }

    /**
     * Returns the text whose JSON string literal, quotes included, is {@code literal}; not copied, so it must
     * not change. It is checked when the JSON is first asked for.
     */
    public static RecordText ofLiteral(byte[] literal) {
        requireNonNull(literal, "literal is null");
        if (literal.length < 2 || literal[0] != '"' || literal[literal.length - 1] != '"') {
            throw new IllegalArgumentException("a JSON string literal must start and end with a quote");
        }
        return new RecordText(null, literal, null);
    }

    /** Returns the record's JSON in UTF-8. */
    public byte[] json() {
        byte[] made = json;
        if (made == null) {
            String known = string;
            if (known != null) {
                made = known.getBytes(UTF_8);
            } else {
                byte[] quoted = requireNonNull(literal);
                made = JsonStringLiteral.unquote(quoted, 0, quoted.length);
            }
            json = made; // a race makes two equal arrays, either is fine
        }
        return made;
    }

    /** Returns the JSON string literal of the record, quotes included, in UTF-8. */
    public byte[] literal() {
        byte[] made = literal;
        if (made == null) {
            byte[] utf8 = json();
            made = JsonStringLiteral.quote(utf8, 0, utf8.length);
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

package dev.cairn.protocol.operation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.ErrorCode;
import dev.cairn.protocol.json.JsonProtocol;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The members of a call's request, decoded from its protocol into one JSON tree: a JSON body as sent, or
 * query parameters with {@code A.member.1.B} paths made into arrays and objects. Typed getters reject a
 * wrong type or a broken constraint with the service's validation error, worded as AWS words it.
 *
 * <p>Query parameters are all text, so the getters of an untyped input read {@code "5"} as the number 5.
 * A JSON body carries types, and AWS's JSON services refuse a value of the wrong JSON type before any
 * validation, with {@code SerializationException} (see {@link JsonProtocol#typeMismatch}); a typed input
 * does the same.
 */
public final class Input {
    private final ObjectNode members;
    private final ErrorCode validationError;
    private final boolean typed;

    /** Creates the input of a call whose members are all text: the query protocol's. */
    public Input(ObjectNode members, ErrorCode validationError) {
        this(members, validationError, false);
    }

    /**
     * @param typed true when the members came in a typed encoding (the JSON protocols), whose type errors
     *     are {@code SerializationException}s; false for the query protocol, whose text is converted
     */
    public Input(ObjectNode members, ErrorCode validationError, boolean typed) {
        this.members = requireNonNull(members, "members is null");
        this.validationError = requireNonNull(validationError, "validationError is null");
        this.typed = typed;
    }

    /** Returns the whole member tree, as received. */
    public ObjectNode members() {
        return members;
    }

    public boolean has(String member) {
        JsonNode node = members.get(member);
        return node != null && !node.isNull();
    }

    /** Returns the member as a string, or null when absent. */
    public @Nullable String string(String member) {
        JsonNode node = members.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw invalid(member, "Member must be a string");
        }
        return node.asText();
    }

    /** Returns the member as a string, or fails with "Member must not be null". */
    public String requiredString(String member) {
        String value = string(member);
        if (value == null) {
            throw new AwsException(
                    validationError,
                    "1 validation error detected: Value null at '" + wireName(member)
                            + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /**
     * Returns the member as an integer, or null when absent. A typed input refuses anything but a JSON
     * number with {@code SerializationException}; an untyped one reads text.
     */
    public @Nullable Integer integer(String member) {
        JsonNode node = members.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (typed && !node.isNumber()) {
            throw JsonProtocol.typeMismatch(node, "Integer");
        }
        if (!typed && node.isTextual()) {
            try {
                return Integer.parseInt(node.asText().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw invalid(member, "Member must be an integer");
    }

    /** Checks that a present string member has a length within [min, max] and matches {@code pattern}. */
    public @Nullable String constrained(String member, int min, int max, @Nullable Pattern pattern) {
        String value = string(member);
        if (value == null) {
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            throw constraint(member, value, "Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            throw constraint(member, value, "Member must have length less than or equal to " + max);
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            throw constraint(member, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return value;
    }

    /** Checks that a present integer member lies within [min, max]. */
    public @Nullable Integer ranged(String member, int min, int max) {
        Integer value = integer(member);
        if (value == null) {
            return null;
        }
        if (value < min) {
            throw constraint(member, value.toString(), "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw constraint(member, value.toString(), "Member must have value less than or equal to " + max);
        }
        return value;
    }

    private AwsException constraint(String member, String value, String rule) {
        return new AwsException(
                validationError,
                "1 validation error detected: Value '" + value + "' at '" + wireName(member)
                        + "' failed to satisfy constraint: " + rule);
    }

    private AwsException invalid(String member, String rule) {
        return new AwsException(
                validationError,
                "1 validation error detected: Value at '" + wireName(member) + "' failed to satisfy constraint: "
                        + rule);
    }

    /** AWS names members in validation messages in lower camel case: {@code UserName} becomes {@code userName}. */
    static String wireName(String member) {
        if (member.isEmpty() || Character.isLowerCase(member.charAt(0))) {
            return member;
        }
        return member.substring(0, 1).toLowerCase(Locale.ROOT) + member.substring(1);
    }
}

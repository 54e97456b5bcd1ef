package dev.cairn.server.cloudtrail;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.LookupCursor;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.protocol.json.EncodedOutput;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.protocol.operation.Call;
import dev.cairn.server.throttle.TokenBucket;
import dev.cairn.time.Clock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * CloudTrail's LookupEvents: the management events of the caller's account in the signing region, newest
 * first, filtered by at most one lookup attribute and a time range, a page of up to 50 at a time.
 *
 * <p>Notes: every parameter is checked before anything is read, with CloudTrail's own exception for each
 * (the exact AWS wordings are not published; ours name the bad value and the rule). The time range is
 * clamped to the retention window, so an event older than the retention is never returned even before
 * the retention task has deleted it. A {@code NextToken} is bound to the parameters as given, so reusing
 * it with others is refused, as AWS refuses it.
 */
final class LookupEvents {
    static final int MAX_RESULTS = 50;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EventHistory history;
    private final NextTokens tokens;
    private final Clock clock;
    private final Duration retention;

    private final double ratePerSecond;
    private final Map<String, TokenBucket> throttles = new ConcurrentHashMap<>();

    LookupEvents(EventHistory history, NextTokens tokens, Clock clock, Duration retention, double ratePerSecond) {
        this.history = requireNonNull(history, "history is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.retention = requireNonNull(retention, "retention is null");
        this.ratePerSecond = ratePerSecond;
    }

    ObjectNode handle(Call call) {
        throttle(call);
        ObjectNode in = call.input().members();
        LookupAttribute attribute = attribute(in.get("LookupAttributes"));
        Instant start = time(in.get("StartTime"), "StartTime");
        Instant end = time(in.get("EndTime"), "EndTime");
        if (start != null && end != null && start.isAfter(end)) {
            throw CloudTrailError.INVALID_TIME_RANGE.withMessage(
                    "StartTime " + start + " is after EndTime " + end + "; the start must be at or before the end.");
        }
        boolean insight = category(in.get("EventCategory"));
        int maxResults = maxResults(in.get("MaxResults"));
        String queryKey = String.join(
                "\n",
                call.accountId(),
                call.region(),
                String.valueOf(attribute),
                String.valueOf(start),
                String.valueOf(end),
                Boolean.toString(insight));
        LookupCursor after = null;
        JsonNode token = in.get("NextToken");
        if (token != null && !token.isNull()) {
            after = token.isTextual() ? tokens.decode(queryKey, token.asText()) : null;
            if (after == null) {
                throw CloudTrailError.INVALID_NEXT_TOKEN.withMessage(
                        "The NextToken is not valid, or was issued for a request with other parameters.");
            }
        }
        Instant now = clock.now();
        Instant floor = now.minus(retention);
        Instant from = start == null || start.isBefore(floor) ? floor : start;
        Instant to = end == null ? now : end;
        if (from.isAfter(to)) {
            ObjectNode out = NODES.objectNode();
            out.putArray("Events");
            return out;
        }
        LookupResult result = history.lookup(
                new LookupQuery(call.accountId(), call.region(), attribute, from, to, insight, maxResults, after));
        String nextToken = result.next() == null ? null : tokens.encode(queryKey, result.next());
        // written straight into the answer's bytes: a page is up to 50 records of a kilobyte or more each
        return EncodedOutput.of(LookupEventsAnswer.of(result.events(), nextToken));
    }

    private void throttle(Call call) {
        if (ratePerSecond <= 0) {
            return;
        }
        TokenBucket bucket = throttles.computeIfAbsent(
                call.accountId() + "/" + call.region(), k -> new TokenBucket(clock, ratePerSecond, ratePerSecond));
        if (!bucket.tryAcquire()) {
            throw CloudTrailError.THROTTLING.withMessage("Rate exceeded");
        }
    }

    static @Nullable LookupAttribute attribute(@Nullable JsonNode list) {
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            throw CloudTrailError.INVALID_LOOKUP_ATTRIBUTES.withMessage("LookupAttributes must be a list.");
        }
        if (list.size() > 1) {
            throw CloudTrailError.INVALID_LOOKUP_ATTRIBUTES.withMessage(
                    "LookupAttributes holds " + list.size() + " items; at most one lookup attribute is allowed.");
        }
        if (list.isEmpty()) {
            return null;
        }
        JsonNode item = list.get(0);
        String key = item.path("AttributeKey").asText(null);
        String value = item.path("AttributeValue").asText(null);
        LookupAttributeKey parsed = null;
        for (LookupAttributeKey k : LookupAttributeKey.values()) {
            if (k.name().equals(key)) {
                parsed = k;
            }
        }
        if (parsed == null) {
            throw CloudTrailError.INVALID_LOOKUP_ATTRIBUTES.withMessage("AttributeKey '" + key + "' is not one of "
                    + Arrays.stream(LookupAttributeKey.values()).map(Enum::name).collect(Collectors.joining(", "))
                    + ".");
        }
        if (value == null || value.isEmpty()) {
            throw CloudTrailError.INVALID_LOOKUP_ATTRIBUTES.withMessage(
                    "AttributeValue of " + key + " must be 1 to 2000 characters long.");
        }
        if (weightedLength(value) > 2000) {
            throw CloudTrailError.INVALID_LOOKUP_ATTRIBUTES.withMessage("AttributeValue of " + key
                    + " is too long: at most 2000 characters, where '_', ' ', ',' and newlines count twice.");
        }
        return new LookupAttribute(parsed, value);
    }

    /** CloudTrail counts {@code _}, space, comma and newline as two characters toward the 2000. */
    static int weightedLength(String value) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            length += c == '_' || c == ' ' || c == ',' || c == '\n' ? 2 : 1;
        }
        return length;
    }

    /** Reads a timestamp: epoch seconds (integer or decimal, as the SDKs send), or ISO-8601 text. */
    static @Nullable Instant time(@Nullable JsonNode node, String member) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isNumber()) {
                return epoch(node.decimalValue());
            }
            if (node.isTextual()) {
                String text = node.asText().trim();
                try {
                    return epoch(new BigDecimal(text));
                } catch (NumberFormatException e) {
                    return Instant.parse(text);
                }
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // reported below
        }
        throw CloudTrailError.INVALID_TIME_RANGE.withMessage(
                member + " '" + node.asText() + "' is not a timestamp (epoch seconds or ISO-8601).");
    }

    private static Instant epoch(BigDecimal seconds) {
        return Instant.ofEpochMilli(
                seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact());
    }

    private static boolean category(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isTextual() && node.asText().equals("insight")) {
            return true;
        }
        throw CloudTrailError.INVALID_EVENT_CATEGORY.withMessage(
                "EventCategory '" + node.asText() + "' is not valid; the only event category is insight.");
    }

    /**
     * Reads MaxResults: a JSON value that is not a number (such as {@code "5"}) is refused before any
     * validation, with the {@code SerializationException} AWS's JSON services answer for a type mismatch;
     * a number outside 1 to 50, or with a fraction, is {@code InvalidMaxResultsException}.
     */
    static int maxResults(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return MAX_RESULTS;
        }
        if (!node.isNumber()) {
            throw JsonProtocol.typeMismatch(node, "Integer");
        }
        if (!node.canConvertToInt()
                || node.intValue() < 1
                || node.intValue() > MAX_RESULTS
                || (node.isNumber() && !node.isIntegralNumber())) {
            throw CloudTrailError.INVALID_MAX_RESULTS.withMessage(
                    "MaxResults " + node.asText() + " is not valid; it must be between 1 and " + MAX_RESULTS + ".");
        }
        return node.intValue();
    }
}

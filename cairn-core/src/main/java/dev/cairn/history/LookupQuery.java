package dev.cairn.history;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One LookupEvents request as the store sees it, after the API has checked it.
 *
 * @param accountId the account whose events are looked up (the caller's)
 * @param region the region whose events are looked up (the endpoint's)
 * @param attribute the attribute events must have, or null for every event
 * @param startInclusive the earliest event time returned; event times are whole seconds, so an instant
 *     within a second excludes that second
 * @param endInclusive the latest event time returned; an instant within a second includes that second.
 *     A range whose start is after its end matches nothing.
 * @param insight true to look up only Insights events ({@code EventCategory=insight}), false for only the
 *     others
 * @param maxResults how many events one page holds at most, 1 to {@value #MAX_RESULTS} (the API allows up
 *     to 50)
 * @param after where the page starts: after this position of the previous page, or null for the first
 *     page
 */
public record LookupQuery(
        String accountId,
        String region,
        @Nullable LookupAttribute attribute,
        Instant startInclusive,
        Instant endInclusive,
        boolean insight,
        int maxResults,
        @Nullable LookupCursor after) {

    /** The largest page a store returns. */
    public static final int MAX_RESULTS = 1000;

    public LookupQuery {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(startInclusive, "startInclusive is null");
        requireNonNull(endInclusive, "endInclusive is null");
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw new IllegalArgumentException(
                    "maxResults must be between 1 and " + MAX_RESULTS + ", got " + maxResults);
        }
    }

    /** Returns this query starting after {@code cursor}, for the next page. */
    public LookupQuery withAfter(@Nullable LookupCursor cursor) {
        return new LookupQuery(accountId, region, attribute, startInclusive, endInclusive, insight, maxResults, cursor);
    }

    /** Returns this query with {@code attribute}, or with none for null. */
    public LookupQuery withAttribute(@Nullable LookupAttribute attribute) {
        return new LookupQuery(accountId, region, attribute, startInclusive, endInclusive, insight, maxResults, after);
    }

    /** Returns this query with pages of {@code maxResults}. */
    public LookupQuery withMaxResults(int maxResults) {
        return new LookupQuery(accountId, region, attribute, startInclusive, endInclusive, insight, maxResults, after);
    }

    /** Returns this query with its start moved to {@code start}. */
    public LookupQuery withStart(Instant start) {
        return new LookupQuery(accountId, region, attribute, start, endInclusive, insight, maxResults, after);
    }

    /** The first whole second in range: the start rounded up to a second. */
    public long startSecond() {
        return startInclusive.getEpochSecond() + (startInclusive.getNano() > 0 ? 1 : 0);
    }

    /** The last whole second in range: the end rounded down to a second. */
    public long endSecond() {
        return endInclusive.getEpochSecond();
    }
}

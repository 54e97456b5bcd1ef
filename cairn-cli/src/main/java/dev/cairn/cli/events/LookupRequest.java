package dev.cairn.cli.events;

import dev.cairn.history.LookupAttribute;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One LookupEvents call as the CLI sends it.
 *
 * @param attribute the one lookup attribute the server filters by, or null for every event
 * @param start the earliest event time (inclusive), or null for the start of the retention window
 * @param end the latest event time (inclusive), or null for now
 * @param maxResults the page size, 1 to 50
 * @param nextToken the previous page's NextToken, or null for the first page
 */
record LookupRequest(
        @Nullable LookupAttribute attribute,
        @Nullable Instant start,
        @Nullable Instant end,
        int maxResults,
        @Nullable String nextToken) {

    /** The largest page LookupEvents returns. */
    static final int MAX_PAGE = 50;

    LookupRequest {
        if (maxResults < 1 || maxResults > MAX_PAGE) {
            throw new IllegalArgumentException("maxResults must be between 1 and " + MAX_PAGE + ", got " + maxResults);
        }
    }

    /** Returns this request for the page after the one that answered {@code token}. */
    LookupRequest next(String token) {
        return new LookupRequest(attribute, start, end, maxResults, token);
    }
}

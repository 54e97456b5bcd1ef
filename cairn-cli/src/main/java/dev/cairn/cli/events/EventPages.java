package dev.cairn.cli.events;

import static java.util.Objects.requireNonNull;

import dev.cairn.cli.aws.AwsErrorException;
import dev.cairn.history.HistoryEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A walk through the pages of one lookup, newest event first: the server filters by the criteria's most
 * selective attribute and the time range, and each page is filtered here by the other attributes.
 */
final class EventPages {
    private final LookupEventsClient client;
    private final AttributeCriteria criteria;
    private final @Nullable Instant start;
    private final @Nullable Instant end;
    private int pages;

    EventPages(LookupEventsClient client, AttributeCriteria criteria, @Nullable Instant start, @Nullable Instant end) {
        this.client = requireNonNull(client, "client is null");
        this.criteria = requireNonNull(criteria, "criteria is null");
        this.start = start;
        this.end = end;
    }

    /**
     * Receives the matching events of each page, and the time of the page's oldest event, matching or not;
     * null for the last page, after which the whole range has been walked.
     */
    interface PageConsumer {
        void accept(List<HistoryEvent> matching, @Nullable Instant oldest) throws IOException;
    }

    /** Returns how many LookupEvents calls were answered so far. */
    int pages() {
        return pages;
    }

    /**
     * Returns the newest {@code max} events that match, or fewer when there are fewer. Without attributes
     * to match here, pages are no larger than needed.
     */
    List<HistoryEvent> first(int max) throws AwsErrorException, IOException, InterruptedException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        int pageSize = criteria.filtersClientSide() ? LookupRequest.MAX_PAGE : Math.min(LookupRequest.MAX_PAGE, max);
        List<HistoryEvent> found = new ArrayList<>();
        LookupRequest request = new LookupRequest(criteria.serverAttribute(), start, end, pageSize, null);
        while (true) {
            LookupPage page = fetch(request);
            for (HistoryEvent e : page.events()) {
                if (criteria.matches(e)) {
                    found.add(e);
                    if (found.size() == max) {
                        return found;
                    }
                }
            }
            if (page.nextToken() == null) {
                return found;
            }
            request = request.next(page.nextToken());
        }
    }

    /** Visits every page of the lookup in order, in pages of {@value LookupRequest#MAX_PAGE}. */
    void forEachPage(PageConsumer consumer) throws AwsErrorException, IOException, InterruptedException {
        LookupRequest request = new LookupRequest(criteria.serverAttribute(), start, end, LookupRequest.MAX_PAGE, null);
        while (true) {
            LookupPage page = fetch(request);
            List<HistoryEvent> matching = new ArrayList<>(page.events().size());
            Instant oldest = null;
            for (HistoryEvent e : page.events()) {
                if (criteria.matches(e)) {
                    matching.add(e);
                }
                if (oldest == null || e.eventTime().isBefore(oldest)) {
                    oldest = e.eventTime();
                }
            }
            consumer.accept(matching, page.nextToken() == null ? null : oldest);
            if (page.nextToken() == null) {
                return;
            }
            request = request.next(page.nextToken());
        }
    }

    private LookupPage fetch(LookupRequest request) throws AwsErrorException, IOException, InterruptedException {
        LookupPage page = client.lookup(request);
        pages++;
        return page;
    }
}

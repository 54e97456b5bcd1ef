package dev.cairn.selector;

import java.util.List;

/**
 * A trail's basic event selectors ({@code EventSelectors}, at most 5): an event is delivered when any of
 * them selects it.
 */
public record BasicSelectors(List<EventSelector> selectors) implements TrailSelectors {

    private static final BasicSelectors DEFAULTS =
            new BasicSelectors(List.of(new EventSelector(ReadWriteType.ALL, true, List.of(), List.of())));

    public BasicSelectors {
        selectors = List.copyOf(selectors);
    }

    /**
     * Returns the selectors GetEventSelectors reports for a trail created by the API that never had selectors
     * put: one selector with ReadWriteType All, IncludeManagementEvents true, and empty DataResources and
     * ExcludeManagementEventSources. They select what a trail without selectors delivers: every management
     * event, no data event.
     */
    public static BasicSelectors defaults() {
        return DEFAULTS;
    }
}

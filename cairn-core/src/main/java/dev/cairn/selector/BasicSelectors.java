package dev.cairn.selector;

import java.util.List;

/**
 * A trail's basic event selectors ({@code EventSelectors}, at most 5): an event is delivered when any of
 * them selects it.
 */
public record BasicSelectors(List<EventSelector> selectors) implements TrailSelectors {
    public BasicSelectors {
        selectors = List.copyOf(selectors);
    }
}

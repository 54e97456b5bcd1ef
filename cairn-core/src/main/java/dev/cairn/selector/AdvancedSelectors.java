package dev.cairn.selector;

import java.util.List;

/**
 * A trail's advanced event selectors ({@code AdvancedEventSelectors}): an event is delivered when any of
 * them selects it.
 */
public record AdvancedSelectors(List<AdvancedEventSelector> selectors) implements TrailSelectors {
    public AdvancedSelectors {
        selectors = List.copyOf(selectors);
    }
}

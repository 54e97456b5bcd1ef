package dev.cairn.selector;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One advanced event selector: it selects an event when all of its field selectors match it.
 *
 * @param name an optional label, up to 1000 characters
 * @param fieldSelectors the conditions, ANDed
 */
public record AdvancedEventSelector(@Nullable String name, List<FieldSelector> fieldSelectors) {
    public AdvancedEventSelector {
        fieldSelectors = List.copyOf(fieldSelectors);
    }
}

package dev.cairn.selector;

import dev.cairn.event.AuditEvent;
import org.jspecify.annotations.Nullable;

/** The test a trail applies to each event: whether its selectors select it. */
@FunctionalInterface
public interface EventFilter {

    /** Returns whether the event is selected. */
    boolean selects(AuditEvent event);

    /**
     * Returns the filter of a trail's selectors, compiled so that {@link #selects} is cheap; null selectors
     * select every management event and no data event, as a trail that never had selectors put does. Insights
     * events are never selected: a trail delivers them by its Insights selectors. The selectors are expected
     * to have passed {@link SelectorRules#validate}.
     */
    static EventFilter of(@Nullable TrailSelectors selectors) {
        if (selectors == null) {
            return BasicFilter.DEFAULT;
        }
        return switch (selectors) {
            case BasicSelectors basic -> new BasicFilter(basic);
            case AdvancedSelectors advanced -> new AdvancedFilter(advanced);
        };
    }
}

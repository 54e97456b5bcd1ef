package dev.cairn.selector;

import dev.cairn.event.AuditEvent;
import org.jspecify.annotations.Nullable;

/** The test a trail applies to each event: whether its selectors select it. */
@FunctionalInterface
public interface EventFilter {

    /** Returns whether the event is selected. */
    boolean selects(AuditEvent event);

    /**
     * Returns the filter of a trail's selectors; null selectors select every management event and no data
     * event, as a trail that never had selectors put does.
     */
    static EventFilter of(@Nullable TrailSelectors selectors) {
        // Placeholder until the selector evaluation lands: management events only.
        return event -> !Boolean.FALSE.equals(event.managementEvent());
    }
}

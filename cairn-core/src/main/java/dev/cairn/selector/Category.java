package dev.cairn.selector;

import dev.cairn.event.AuditEvent;
import dev.cairn.history.HistoryFields;

/**
 * The category of an event as selectors see it, with the {@code eventCategory} name advanced selectors use.
 * Management events are those of {@link HistoryFields#isManagement} (so also old records without {@code
 * eventCategory}); data events have {@code eventCategory} Data, or none and {@code managementEvent} false.
 */
enum Category {
    MANAGEMENT("Management"),
    DATA("Data"),
    NETWORK_ACTIVITY("NetworkActivity"),
    /** Insights events, which no selector selects: a trail delivers them by its Insights selectors. */
    INSIGHT("Insight"),
    /**
     * Any other category, such as a Lake-only one; its name is the record's own. A record that says
     * Management but has {@code managementEvent} false is here too, named "", so that no selector takes it.
     */
    OTHER("");

    private final String wireName;

    Category(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static Category of(AuditEvent event) {
        if (HistoryFields.isInsight(event)) {
            return INSIGHT;
        }
        if (HistoryFields.isManagement(event)) {
            return MANAGEMENT;
        }
        String category = event.eventCategory();
        if (category == null ? Boolean.FALSE.equals(event.managementEvent()) : category.equals("Data")) {
            return DATA;
        }
        return "NetworkActivity".equals(category) ? NETWORK_ACTIVITY : OTHER;
    }

    /** The value the field {@code eventCategory} has in {@code event}, of this category. */
    String fieldValue(AuditEvent event) {
        if (this == OTHER) {
            String category = event.eventCategory();
            return category == null || category.equals(MANAGEMENT.wireName) ? "" : category;
        }
        return wireName;
    }
}

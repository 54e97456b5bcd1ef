package dev.cairn.trail;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One Insights selector of a trail: which kind of unusual activity CloudTrail Insights looks for.
 *
 * @param insightType {@code ApiCallRateInsight} or {@code ApiErrorRateInsight}
 * @param eventCategories the categories of events it watches ({@code Management}, {@code Data}), or null
 *     when none were given, which means management events; kept as given so that it is echoed exactly
 */
public record InsightSelector(String insightType, @Nullable List<String> eventCategories) {
    public static final String API_CALL_RATE = "ApiCallRateInsight";
    public static final String API_ERROR_RATE = "ApiErrorRateInsight";

    public InsightSelector {
        requireNonNull(insightType, "insightType is null");
        eventCategories = eventCategories == null ? null : List.copyOf(eventCategories);
    }

    /** Returns the categories it watches, {@code [Management]} when none were given. */
    public List<String> effectiveEventCategories() {
        return eventCategories == null ? List.of("Management") : eventCategories;
    }
}

package dev.cairn.selector;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One condition of an advanced selector on one event field, such as {@code eventCategory} or {@code
 * resources.ARN}. Each operator list is null when it was not given, so that what was put is echoed back
 * exactly.
 */
public record FieldSelector(
        String field,
        @Nullable List<String> equalsValues,
        @Nullable List<String> startsWith,
        @Nullable List<String> endsWith,
        @Nullable List<String> notEquals,
        @Nullable List<String> notStartsWith,
        @Nullable List<String> notEndsWith) {
    public FieldSelector {
        requireNonNull(field, "field is null");
        equalsValues = copy(equalsValues);
        startsWith = copy(startsWith);
        endsWith = copy(endsWith);
        notEquals = copy(notEquals);
        notStartsWith = copy(notStartsWith);
        notEndsWith = copy(notEndsWith);
    }

    private static @Nullable List<String> copy(@Nullable List<String> values) {
        return values == null ? null : List.copyOf(values);
    }
}

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

    /** Returns the field selector {@code field} Equals any of {@code values}. */
    public static FieldSelector equalTo(String field, String... values) {
        return new FieldSelector(field, List.of(values), null, null, null, null, null);
    }

    /** Returns the field selector {@code field} StartsWith any of {@code values}. */
    public static FieldSelector startingWith(String field, String... values) {
        return new FieldSelector(field, null, List.of(values), null, null, null, null);
    }

    /** Returns the field selector {@code field} EndsWith any of {@code values}. */
    public static FieldSelector endingWith(String field, String... values) {
        return new FieldSelector(field, null, null, List.of(values), null, null, null);
    }

    /** Returns the field selector {@code field} NotEquals each of {@code values}. */
    public static FieldSelector notEqualTo(String field, String... values) {
        return new FieldSelector(field, null, null, null, List.of(values), null, null);
    }

    /** Returns the field selector {@code field} NotStartsWith each of {@code values}. */
    public static FieldSelector notStartingWith(String field, String... values) {
        return new FieldSelector(field, null, null, null, null, List.of(values), null);
    }

    /** Returns the field selector {@code field} NotEndsWith each of {@code values}. */
    public static FieldSelector notEndingWith(String field, String... values) {
        return new FieldSelector(field, null, null, null, null, null, List.of(values));
    }

    private static @Nullable List<String> copy(@Nullable List<String> values) {
        return values == null ? null : List.copyOf(values);
    }
}

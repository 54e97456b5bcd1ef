package dev.cairn.metadata;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An atomic unit of change for a {@link MetadataStore}: conditions that must hold, and puts and deletes
 * to apply when they do. Build one with {@link #builder()}.
 */
public final class MetadataBatch {

    /** One condition or change of a batch. */
    public sealed interface Step {
        String table();

        String key();
    }

    /** Requires that {@code key} is absent from {@code table}. */
    public record ExpectAbsent(String table, String key) implements Step {}

    /** Requires that {@code key} is present in {@code table}. */
    public record ExpectPresent(String table, String key) implements Step {}

    /** Stores {@code value} under {@code key}, replacing any value. */
    public record Put(String table, String key, byte[] value) implements Step {}

    /** Removes {@code key}; absent keys are ignored. */
    public record Delete(String table, String key) implements Step {}

    private final List<Step> steps;

    private MetadataBatch(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** Returns the steps in the order they were added: conditions are checked before any change. */
    public List<Step> steps() {
        return steps;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the steps of a batch. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();

        public Builder expectAbsent(String table, String key) {
            steps.add(new ExpectAbsent(checkName(table), requireNonNull(key, "key is null")));
            return this;
        }

        public Builder expectPresent(String table, String key) {
            steps.add(new ExpectPresent(checkName(table), requireNonNull(key, "key is null")));
            return this;
        }

        public Builder put(String table, String key, byte[] value) {
            steps.add(new Put(checkName(table), requireNonNull(key, "key is null"), value.clone()));
            return this;
        }

        public Builder delete(String table, String key) {
            steps.add(new Delete(checkName(table), requireNonNull(key, "key is null")));
            return this;
        }

        public MetadataBatch build() {
            return new MetadataBatch(steps);
        }

        private static String checkName(@Nullable String table) {
            requireNonNull(table, "table is null");
            if (table.isEmpty() || !table.chars().allMatch(c -> c == '_' || c == '-' || Character.isLetterOrDigit(c))) {
                throw new IllegalArgumentException("table name '" + table + "' must be letters, digits, '_' or '-'");
            }
            return table;
        }
    }
}

package dev.cairn.event;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The content of one modelled JSON object: a value for each member its {@link Schema} knows, the members
 * the model does not know (as {@link RawJson}), and the order in which all of them are written.
 *
 * <p>A parsed object keeps the order of its input, including members that were present with the value
 * {@code null}. A built object is written in the schema's canonical order: the known members that have a
 * value (and those that are always written, as {@code null} when they have none), then the unknown members
 * in the order they were added.
 */
final class Members {

    /** In {@link #order}: the place of the next unknown member. */
    static final byte OTHER = -1;

    private static final String[] NO_NAMES = {};
    private static final RawJson[] NO_VALUES = {};

    final Schema schema;

    /** The value of each known member by index; null when absent or when written as JSON null. */
    private final @Nullable Object[] values;

    /** The members as written: a known member's index, or {@link #OTHER} for the next unknown member. */
    final byte[] order;

    final String[] otherNames;
    final RawJson[] otherValues;

    /** A bit for each known member that is written. */
    private final long written;

    Members(Schema schema, @Nullable Object[] values, byte[] order, String[] otherNames, RawJson[] otherValues) {
        this.schema = schema;
        this.values = values;
        this.order = order;
        this.otherNames = otherNames;
        this.otherValues = otherValues;
        long bits = 0;
        for (byte slot : order) {
            if (slot != OTHER) {
                bits |= 1L << slot;
            }
        }
        this.written = bits;
    }

    @Nullable
    Object get(int index) {
        return values[index];
    }

    /** Whether the member called {@code name} (known or not) is written, possibly as null. */
    boolean isWritten(String name) {
        int index = schema.indexOf(name);
        if (index >= 0) {
            return (written & (1L << index)) != 0;
        }
        for (String other : otherNames) {
            if (other.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The unknown members, in the order they are written. */
    Map<String, RawJson> others() {
        if (otherNames.length == 0) {
            return Map.of();
        }
        Map<String, RawJson> others = new LinkedHashMap<>();
        for (int i = 0; i < otherNames.length; i++) {
            others.put(otherNames[i], otherValues[i]);
        }
        return Collections.unmodifiableMap(others);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Members that
                && schema == that.schema
                && Arrays.equals(order, that.order)
                && Arrays.equals(values, that.values)
                && Arrays.equals(otherNames, that.otherNames)
                && Arrays.equals(otherValues, that.otherValues);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(values) + Arrays.hashCode(order)) + Arrays.hashCode(otherValues);
    }

    /** Collects the members of an object that is being built; {@link #build} puts them in canonical order. */
    static final class Builder {
        private final Schema schema;
        private final @Nullable Object[] values;
        private final Map<String, RawJson> others = new LinkedHashMap<>();

        Builder(Schema schema) {
            this.schema = schema;
            this.values = new Object[schema.size()];
        }

        /** Starts from the values and unknown members of {@code from}; its order is not kept. */
        Builder(Members from) {
            this.schema = from.schema;
            this.values = from.values.clone();
            for (int i = 0; i < from.otherNames.length; i++) {
                others.put(from.otherNames[i], from.otherValues[i]);
            }
        }

        void set(Schema.Member member, @Nullable Object value) {
            values[member.ordinal()] = value;
        }

        @Nullable
        Object get(Schema.Member member) {
            return values[member.ordinal()];
        }

        /** Adds, replaces or (with a null value) removes the unknown member {@code name}. */
        void other(String name, @Nullable RawJson value) {
            requireNonNull(name, "name is null");
            if (schema.indexOf(name) >= 0) {
                throw new IllegalArgumentException("member " + name
                        + " is modelled; set it with its own builder method, not as an unknown member");
            }
            if (value == null) {
                others.remove(name);
            } else {
                others.put(name, value);
            }
        }

        /**
         * Returns the members with a value written in the order of {@code first}, then the other members with a
         * value in canonical order, then the unknown members: for services whose records use another order.
         */
        Members buildStartingWith(Schema.Member... first) {
            Members canonical = build(0);
            byte[] order = new byte[canonical.order.length];
            int n = 0;
            long placed = 0;
            for (Schema.Member member : first) {
                if (values[member.ordinal()] != null) {
                    order[n++] = (byte) member.ordinal();
                    placed |= 1L << member.ordinal();
                }
            }
            for (byte slot : canonical.order) {
                if (slot == OTHER || (placed & (1L << slot)) == 0) {
                    order[n++] = slot;
                }
            }
            return new Members(schema, canonical.values, order, canonical.otherNames, canonical.otherValues);
        }

        /**
         * Returns the members in canonical order: those with a value, and those in {@code alwaysWritten} (a bit
         * per index) even without one, then the unknown members.
         */
        Members build(long alwaysWritten) {
            byte[] order = new byte[schema.size() + others.size()];
            int n = 0;
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null || (alwaysWritten & (1L << i)) != 0) {
                    order[n++] = (byte) i;
                }
            }
            String[] otherNames = NO_NAMES;
            RawJson[] otherValues = NO_VALUES;
            if (!others.isEmpty()) {
                otherNames = others.keySet().toArray(NO_NAMES);
                otherValues = others.values().toArray(NO_VALUES);
                for (int i = 0; i < otherNames.length; i++) {
                    order[n++] = OTHER;
                }
            }
            return new Members(schema, values.clone(), Arrays.copyOf(order, n), otherNames, otherValues);
        }
    }
}

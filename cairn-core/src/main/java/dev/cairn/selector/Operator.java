package dev.cairn.selector;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A comparison of an advanced field selector, with its wire name. A positive operator holds when the field
 * matches any of its values; a negative one holds when the field matches none of them. An absent field
 * matches no value.
 */
enum Operator {
    EQUALS("Equals", false),
    STARTS_WITH("StartsWith", false),
    ENDS_WITH("EndsWith", false),
    NOT_EQUALS("NotEquals", true),
    NOT_STARTS_WITH("NotStartsWith", true),
    NOT_ENDS_WITH("NotEndsWith", true);

    private final String wireName;
    private final boolean negative;

    Operator(String wireName, boolean negative) {
        this.wireName = wireName;
        this.negative = negative;
    }

    String wireName() {
        return wireName;
    }

    boolean negative() {
        return negative;
    }

    /** Whether this operator compares whole values (Equals, NotEquals) rather than ends of them. */
    boolean exact() {
        return this == EQUALS || this == NOT_EQUALS;
    }

    /** The values {@code selector} gives for this operator, or null when it does not use it. */
    @Nullable
    List<String> values(FieldSelector selector) {
        return switch (this) {
            case EQUALS -> selector.equalsValues();
            case STARTS_WITH -> selector.startsWith();
            case ENDS_WITH -> selector.endsWith();
            case NOT_EQUALS -> selector.notEquals();
            case NOT_STARTS_WITH -> selector.notStartsWith();
            case NOT_ENDS_WITH -> selector.notEndsWith();
        };
    }

    /** Whether {@code value} matches {@code operand} by this operator's comparison, ignoring its sign. */
    boolean compares(String value, String operand) {
        return switch (this) {
            case EQUALS, NOT_EQUALS -> value.equals(operand);
            case STARTS_WITH, NOT_STARTS_WITH -> value.startsWith(operand);
            case ENDS_WITH, NOT_ENDS_WITH -> value.endsWith(operand);
        };
    }
}

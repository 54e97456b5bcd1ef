package dev.cairn.selector;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The filter of advanced event selectors (spec §6.2, §6.3): an event is selected when any selector selects
 * it, and a selector selects it when all its field selectors match. Within a field selector every operator
 * must hold (they are ANDed); a positive operator holds when the field matches any of its values, a negative
 * one when it matches none. Comparisons are exact and case sensitive; {@code *} is an ordinary character.
 *
 * <p>Notes. Record fields are read once per condition; {@code resources.type} and {@code resources.ARN} are
 * tested against each item of {@code resources}, and the event matches when one item satisfies all of a
 * selector's resource conditions together (an event without resources satisfies none). An absent field
 * matches no value: positive operators on it fail and negative ones hold. {@code eventCategory} is the
 * category {@link Category} gives, so that old management records without it are Management; Insights events
 * are never selected. Each selector's conditions are ordered category first, so most selectors give up after
 * one comparison; Equals and NotEquals values are hash sets; {@link #selects} allocates nothing.
 *
 * <p>The selectors are expected to have passed {@link SelectorRules#validate}. For others the conditions are
 * applied as written, and a field no selector knows has no value.
 */
final class AdvancedFilter implements EventFilter {

    private final Compiled[] selectors;

    AdvancedFilter(AdvancedSelectors selectors) {
        List<Compiled> compiled = new ArrayList<>();
        for (AdvancedEventSelector selector : selectors.selectors()) {
            Compiled one = Compiled.of(selector);
            if (one != null) {
                compiled.add(one);
            }
        }
        this.selectors = compiled.toArray(Compiled[]::new);
    }

    @Override
    public boolean selects(AuditEvent event) {
        Category category = Category.of(event);
        if (category == Category.INSIGHT) {
            return false;
        }
        String categoryName = category.fieldValue(event);
        for (Compiled selector : selectors) {
            if (selector.selects(event, categoryName)) {
                return true;
            }
        }
        return false;
    }

    /** One selector, compiled: its conditions on record fields, then those on items of {@code resources}. */
    private static final class Compiled {
        private final Condition[] recordConditions;
        private final Condition[] resourceConditions;

        private Compiled(Condition[] recordConditions, Condition[] resourceConditions) {
            this.recordConditions = recordConditions;
            this.resourceConditions = resourceConditions;
        }

        /** Compiles {@code selector}, or returns null when it can select no event. */
        static @Nullable Compiled of(AdvancedEventSelector selector) {
            List<Condition> conditions = new ArrayList<>();
            for (FieldSelector fieldSelector : selector.fieldSelectors()) {
                EventField field = EventField.named(fieldSelector.field());
                for (Operator operator : Operator.values()) {
                    List<String> operands = operator.values(fieldSelector);
                    if (operands == null) {
                        continue;
                    }
                    if (field == null) {
                        if (operator.negative()) {
                            continue; // an unknown field has no value, so it never matches a negative operator
                        }
                        return null; // nor a positive one
                    }
                    conditions.add(new Condition(field, operator, operands));
                }
            }
            conditions.sort(Comparator.comparing(condition -> condition.field));
            return new Compiled(
                    conditions.stream().filter(c -> !c.field.ofResource()).toArray(Condition[]::new),
                    conditions.stream().filter(c -> c.field.ofResource()).toArray(Condition[]::new));
        }

        boolean selects(AuditEvent event, String category) {
            for (Condition condition : recordConditions) {
                if (!condition.holdsFor(condition.field.of(event, category))) {
                    return false;
                }
            }
            if (resourceConditions.length == 0) {
                return true;
            }
            List<Resource> resources = event.resources();
            if (resources == null) {
                return false;
            }
            for (int i = 0; i < resources.size(); i++) {
                if (holdsForAll(resources.get(i))) {
                    return true;
                }
            }
            return false;
        }

        private boolean holdsForAll(Resource resource) {
            for (Condition condition : resourceConditions) {
                if (!condition.holdsFor(condition.field.of(resource))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One operator of one field selector, with its values. */
    private static final class Condition {
        final EventField field;
        private final Operator operator;
        private final String[] operands;
        private final @Nullable Set<String> exact;

        Condition(EventField field, Operator operator, List<String> operands) {
            this.field = field;
            this.operator = operator;
            this.operands = operands.toArray(String[]::new);
            this.exact = operator.exact() ? Set.copyOf(operands) : null;
        }

        boolean holdsFor(@Nullable String value) {
            if (value == null) {
                return operator.negative();
            }
            return matchesAny(value) != operator.negative();
        }

        private boolean matchesAny(String value) {
            if (exact != null) {
                return exact.contains(value);
            }
            for (String operand : operands) {
                if (operator.compares(value, operand)) {
                    return true;
                }
            }
            return false;
        }
    }
}

package dev.cairn.server.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.selector.AdvancedEventSelector;
import dev.cairn.selector.AdvancedSelectors;
import dev.cairn.selector.BasicSelectors;
import dev.cairn.selector.DataResource;
import dev.cairn.selector.EventSelector;
import dev.cairn.selector.FieldSelector;
import dev.cairn.selector.InvalidEventSelectorsException;
import dev.cairn.selector.ReadWriteType;
import dev.cairn.selector.TrailSelectors;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Event selectors between their wire shapes ({@code EventSelectors}, {@code AdvancedEventSelectors}) and
 * the selector model. Reading checks only the shapes (types, the enum, required members) and AWS's
 * defaults for absent members (ReadWriteType {@code All}, IncludeManagementEvents {@code true}, empty
 * lists); the rules on values are {@link dev.cairn.selector.SelectorRules}'. Writing shows every member of
 * a basic selector and, of an advanced one, the name when it has one and the operators that were given.
 */
final class SelectorsWire {
    static final String[] OPERATORS = {"Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"};

    private SelectorsWire() {}

    /**
     * Reads the selectors of a PutEventSelectors request: exactly one of the two members must be given.
     *
     * @throws InvalidEventSelectorsException when both or neither are given, or a shape is wrong
     */
    static TrailSelectors read(@Nullable JsonNode basic, @Nullable JsonNode advanced) {
        boolean hasBasic = basic != null && !basic.isNull();
        boolean hasAdvanced = advanced != null && !advanced.isNull();
        if (hasBasic && hasAdvanced) {
            throw InvalidEventSelectorsException.bothKinds();
        }
        if (hasBasic) {
            return readBasic(basic);
        }
        if (hasAdvanced) {
            return readAdvanced(advanced);
        }
        throw InvalidEventSelectorsException.neitherKind();
    }

    static BasicSelectors readBasic(JsonNode list) {
        List<EventSelector> selectors = new ArrayList<>();
        for (JsonNode s : list(list, "EventSelectors")) {
            object(s, "EventSelectors");
            JsonNode rwt = s.get("ReadWriteType");
            ReadWriteType readWriteType = rwt == null || rwt.isNull()
                    ? ReadWriteType.ALL
                    : ReadWriteType.fromWireName(text(rwt, "ReadWriteType"));
            JsonNode management = s.get("IncludeManagementEvents");
            boolean includeManagement = true;
            if (management != null && !management.isNull()) {
                if (!management.isBoolean()) {
                    throw invalid("Value " + management + " for IncludeManagementEvents is invalid. It must be true or"
                            + " false.");
                }
                includeManagement = management.booleanValue();
            }
            List<DataResource> resources = new ArrayList<>();
            for (JsonNode r : list(s.get("DataResources"), "DataResources")) {
                object(r, "DataResources");
                JsonNode type = r.get("Type");
                if (type == null || type.isNull()) {
                    throw invalid("DataResources.Type is missing; each data resource needs a Type.");
                }
                resources.add(new DataResource(
                        text(type, "DataResources.Type"), strings(r.get("Values"), "DataResources.Values")));
            }
            selectors.add(new EventSelector(
                    readWriteType,
                    includeManagement,
                    resources,
                    strings(s.get("ExcludeManagementEventSources"), "ExcludeManagementEventSources")));
        }
        return new BasicSelectors(selectors);
    }

    static AdvancedSelectors readAdvanced(JsonNode list) {
        List<AdvancedEventSelector> selectors = new ArrayList<>();
        for (JsonNode s : list(list, "AdvancedEventSelectors")) {
            object(s, "AdvancedEventSelectors");
            JsonNode nameNode = s.get("Name");
            String name = nameNode == null || nameNode.isNull() ? null : text(nameNode, "Name");
            List<FieldSelector> fields = new ArrayList<>();
            for (JsonNode f : list(s.get("FieldSelectors"), "FieldSelectors")) {
                object(f, "FieldSelectors");
                JsonNode field = f.get("Field");
                if (field == null || field.isNull()) {
                    throw invalid("FieldSelectors.Field is missing; each field selector needs a Field.");
                }
                List<@Nullable List<String>> operators = new ArrayList<>();
                for (String operator : OPERATORS) {
                    JsonNode values = f.get(operator);
                    operators.add(values == null || values.isNull() ? null : strings(values, operator));
                }
                fields.add(new FieldSelector(
                        text(field, "Field"),
                        operators.get(0),
                        operators.get(1),
                        operators.get(2),
                        operators.get(3),
                        operators.get(4),
                        operators.get(5)));
            }
            selectors.add(new AdvancedEventSelector(name, fields));
        }
        return new AdvancedSelectors(selectors);
    }

    /** Puts the selectors into {@code out} as {@code EventSelectors} or {@code AdvancedEventSelectors}. */
    static void write(TrailSelectors selectors, ObjectNode out) {
        switch (selectors) {
            case BasicSelectors basic -> {
                ArrayNode list = out.putArray("EventSelectors");
                for (EventSelector s : basic.selectors()) {
                    ObjectNode m = list.addObject();
                    m.put("ReadWriteType", s.readWriteType().wireName());
                    m.put("IncludeManagementEvents", s.includeManagementEvents());
                    ArrayNode resources = m.putArray("DataResources");
                    for (DataResource r : s.dataResources()) {
                        ObjectNode resource = resources.addObject();
                        resource.put("Type", r.type());
                        strings(resource.putArray("Values"), r.values());
                    }
                    strings(m.putArray("ExcludeManagementEventSources"), s.excludeManagementEventSources());
                }
            }
            case AdvancedSelectors advanced -> {
                ArrayNode list = out.putArray("AdvancedEventSelectors");
                for (AdvancedEventSelector s : advanced.selectors()) {
                    ObjectNode m = list.addObject();
                    if (s.name() != null) {
                        m.put("Name", s.name());
                    }
                    ArrayNode fields = m.putArray("FieldSelectors");
                    for (FieldSelector f : s.fieldSelectors()) {
                        ObjectNode field = fields.addObject();
                        field.put("Field", f.field());
                        operator(field, "Equals", f.equalsValues());
                        operator(field, "StartsWith", f.startsWith());
                        operator(field, "EndsWith", f.endsWith());
                        operator(field, "NotEquals", f.notEquals());
                        operator(field, "NotStartsWith", f.notStartsWith());
                        operator(field, "NotEndsWith", f.notEndsWith());
                    }
                }
            }
        }
    }

    private static void operator(ObjectNode field, String name, @Nullable List<String> values) {
        if (values != null) {
            strings(field.putArray(name), values);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static Iterable<JsonNode> list(@Nullable JsonNode node, String member) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(member + " must be a list.");
        }
        return node;
    }

    private static void object(JsonNode node, String member) {
        if (!node.isObject()) {
            throw invalid("Each item of " + member + " must be an object, not " + node + ".");
        }
    }

    private static String text(JsonNode node, String member) {
        if (!node.isTextual()) {
            throw invalid("Value " + node + " for " + member + " is invalid. It must be a string.");
        }
        return node.textValue();
    }

    private static List<String> strings(@Nullable JsonNode node, String member) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : list(node, member)) {
            values.add(text(item, member));
        }
        return values;
    }

    private static InvalidEventSelectorsException invalid(String message) {
        return new InvalidEventSelectorsException(message);
    }
}

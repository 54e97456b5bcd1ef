package dev.cairn.selector;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The messages of {@link InvalidEventSelectorsException}, all of them. Where AWS's wording is known (seen in
 * public reports of its answers) it is used: {@code Value <v> for DataResources.Type is invalid. Valid values
 * are: ...}, {@code Value <v> for DataResources.Values is invalid.} and {@code Specify a valid number of
 * DataResources.Values (0 to 250) for all your selectors}. The others follow the same style: the bad value,
 * then the rule.
 */
final class SelectorMessages {

    private SelectorMessages() {}

    // Both kinds

    static String bothKinds() {
        return "You can use either EventSelectors or AdvancedEventSelectors in a request, but not both.";
    }

    static String neitherKind() {
        return "Specify either EventSelectors or AdvancedEventSelectors.";
    }

    // Basic selectors

    static String selectorCount(int count) {
        return "Specify a valid number of EventSelectors (1 to " + SelectorRules.MAX_EVENT_SELECTORS
                + ") for your trail; " + count + " were given.";
    }

    static String readWriteType(String value) {
        return "Value " + value + " for ReadWriteType is invalid. Valid values are: ReadOnly, WriteOnly, All";
    }

    static String excludedSource(String value) {
        return "Value " + value + " for ExcludeManagementEventSources is invalid. Valid values are: "
                + join(SelectorRules.EXCLUDABLE_MANAGEMENT_EVENT_SOURCES);
    }

    static String dataResourceType(String value) {
        return "Value " + value + " for DataResources.Type is invalid. Valid values are: "
                + join(SelectorRules.BASIC_DATA_RESOURCE_TYPES);
    }

    static String dataResourceValue(String value) {
        return "Value " + value + " for DataResources.Values is invalid.";
    }

    static String noDataResourceValues(String type) {
        return "DataResources.Values of type " + type + " is empty; specify at least one value.";
    }

    static String dataResourceCount() {
        return "Specify a valid number of DataResources.Values (0 to " + SelectorRules.MAX_DATA_RESOURCES
                + ") for all your selectors";
    }

    // Advanced selectors: shape

    static String noAdvancedSelectors() {
        return "Specify at least one AdvancedEventSelector.";
    }

    static String valueCount(int count) {
        return "Specify up to " + SelectorRules.MAX_ADVANCED_VALUES
                + " values for all conditions in all advanced event selectors for a trail; " + count
                + " were given.";
    }

    static String nameLength(String selector, int length) {
        return "The Name of " + selector + " has " + length + " characters; the maximum is "
                + SelectorRules.MAX_NAME_LENGTH + ".";
    }

    static String noFieldSelectors(String selector) {
        return selector + " has no FieldSelectors; specify at least one.";
    }

    static String fieldName(String field) {
        return "Value " + field + " for Field is invalid. A Field is 1 to " + SelectorRules.MAX_FIELD_LENGTH
                + " characters of letters, digits, '.' and '_'.";
    }

    static String noOperator(String field, String selector) {
        return "The FieldSelector for " + field + " in " + selector
                + " has no operator; specify at least one of Equals, StartsWith, EndsWith, NotEquals,"
                + " NotStartsWith, NotEndsWith.";
    }

    static String noOperatorValues(String operator, String field, String selector) {
        return operator + " for " + field + " in " + selector + " has no values; specify at least one.";
    }

    static String valueLength(String operator, String field, String selector, int length) {
        return "A value of " + operator + " for " + field + " in " + selector + " has " + length
                + " characters; values are 1 to " + SelectorRules.MAX_VALUE_LENGTH + " characters.";
    }

    // Advanced selectors: meaning

    static String noEventCategory(String selector) {
        return selector + " has no eventCategory field selector; eventCategory is required.";
    }

    static String eventCategoryCount(String selector) {
        return selector + " must give exactly one eventCategory, with one FieldSelector and one Equals value.";
    }

    static String eventCategory(String value) {
        return "Value " + value + " for eventCategory is invalid. Valid values for trails are: "
                + join(SelectorRules.TRAIL_EVENT_CATEGORIES);
    }

    static String unsupportedField(String field, String category, Collection<String> supported) {
        return "Field " + field + " is not supported for " + category + " events on trails. Supported fields are: "
                + join(supported);
    }

    static String operatorNotSupported(String field, String operator, @Nullable String category, String supported) {
        return "Operator " + operator + " is not supported for field " + field
                + (category == null ? "" : " of " + category + " events") + ". Supported operators: " + supported;
    }

    static String readOnlyValue(String value) {
        return "Value " + value + " for readOnly is invalid. Valid values are: true, false";
    }

    static String sessionCredentialFromConsoleValue(String value) {
        return "Value " + value + " for sessionCredentialFromConsole is invalid. Valid values are: true, false";
    }

    static String managementEventSource(String value) {
        return "Value " + value + " for eventSource is invalid. Management events on trails can exclude only: "
                + join(SelectorRules.EXCLUDABLE_MANAGEMENT_EVENT_SOURCES);
    }

    static String errorCodeValue(String value) {
        return "Value " + value + " for errorCode is invalid. The only valid value is VpceAccessDenied";
    }

    static String noResourcesType(String selector) {
        return selector + " selects Data events but has no resources.type field selector; resources.type is"
                + " required.";
    }

    static String resourcesTypeCount(String selector) {
        return selector + " must give exactly one resources.type, with one FieldSelector and one Equals value.";
    }

    static String resourcesType(String value) {
        return "Value " + value + " for resources.type is invalid. Valid values are: "
                + join(SelectorRules.ADVANCED_DATA_RESOURCE_TYPES);
    }

    static String resourcesArn(String operator, String value, String type) {
        return "Value " + value + " for resources.ARN is invalid. " + operator + " takes the full ARN of a resource"
                + " of type " + type + ".";
    }

    static String noNetworkEventSource(String selector) {
        return selector + " selects NetworkActivity events but has no eventSource field selector; eventSource is"
                + " required.";
    }

    /** Names a selector in messages: by its name when it has one, else by its position from 1. */
    static String selector(int index, @Nullable String name) {
        return name == null || name.isEmpty()
                ? "advanced event selector " + (index + 1)
                : "advanced event selector \"" + name + "\"";
    }

    private static String join(Collection<String> values) {
        return String.join(", ", values);
    }
}

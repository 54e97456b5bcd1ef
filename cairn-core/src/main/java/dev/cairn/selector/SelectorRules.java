package dev.cairn.selector;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules {@code PutEventSelectors} enforces on a trail's selectors (spec §6.1, §6.2), and the limits and
 * value sets they use. {@link #validate} throws {@link InvalidEventSelectorsException} for the first broken
 * rule, in the order the selectors were given.
 *
 * <p>Basic selectors: 1 to {@value #MAX_EVENT_SELECTORS} of them; {@code ExcludeManagementEventSources} only
 * from {@link #EXCLUDABLE_MANAGEMENT_EVENT_SOURCES}; {@code DataResources.Type} only from {@link
 * #BASIC_DATA_RESOURCE_TYPES}, each with at least one value of its type's form (S3: {@code arn:aws:s3} or
 * {@code arn:aws:s3:::} for all buckets, else {@code arn:aws:s3:::<bucket>/<key prefix>}; Lambda: {@code
 * arn:aws:lambda} or a function ARN; DynamoDB: {@code arn:aws:dynamodb} or a table ARN); at most {@value
 * #MAX_DATA_RESOURCES} values across the trail, not counting the "all" values.
 *
 * <p>Advanced selectors: at least one; at most {@value #MAX_ADVANCED_VALUES} values across all operators of
 * all selectors (eventCategory's included), which also bounds how many selectors a trail has; a name of at
 * most {@value #MAX_NAME_LENGTH} characters; at least one field selector, each on a field matching AWS's
 * pattern, with at least one operator, each with 1 or more values of 1 to {@value #MAX_VALUE_LENGTH}
 * characters. Exactly one {@code eventCategory}, Equals one of {@link #TRAIL_EVENT_CATEGORIES}, which decides
 * the other fields allowed (trail column of spec §6.2's table):
 *
 * <ul>
 *   <li>Management: {@code eventSource} (only NotEquals, values from {@link
 *       #EXCLUDABLE_MANAGEMENT_EVENT_SOURCES}) and {@code readOnly}.
 *   <li>Data: exactly one {@code resources.type}, Equals one of {@link #ADVANCED_DATA_RESOURCE_TYPES};
 *       {@code resources.ARN}, whose Equals and NotEquals values must be full ARNs of that type;
 *       {@code eventName}, {@code eventSource}, {@code eventType}, {@code userIdentity.arn} with any
 *       operator; {@code readOnly}; {@code sessionCredentialFromConsole} (Equals or NotEquals, {@code true}
 *       or {@code false}).
 *   <li>NetworkActivity: {@code eventSource} (required, only Equals), {@code eventName}, {@code
 *       vpcEndpointId}, {@code userIdentity.arn} with any operator, {@code errorCode} (only Equals {@code
 *       VpceAccessDenied}).
 * </ul>
 *
 * {@code eventCategory}, {@code readOnly} and {@code resources.type} take only Equals; {@code readOnly}
 * takes {@code true} or {@code false}. A field may appear in several field selectors of one selector (they
 * are ANDed), except {@code eventCategory} and {@code resources.type}.
 */
public final class SelectorRules {

    /** The most basic event selectors a trail has. */
    public static final int MAX_EVENT_SELECTORS = 5;

    /** The most data resource values a trail's basic selectors give, not counting the "all" values. */
    public static final int MAX_DATA_RESOURCES = 250;

    /** The most values a trail's advanced selectors give, across all operators of all of them. */
    public static final int MAX_ADVANCED_VALUES = 500;

    /** The longest name of an advanced selector. */
    public static final int MAX_NAME_LENGTH = 1000;

    /** The longest {@code Field} of a field selector. */
    public static final int MAX_FIELD_LENGTH = 1000;

    /** The longest value of an operator of a field selector. */
    public static final int MAX_VALUE_LENGTH = 2048;

    /** The management event sources a trail may leave out, by {@code ExcludeManagementEventSources} or NotEquals. */
    public static final List<String> EXCLUDABLE_MANAGEMENT_EVENT_SOURCES =
            List.of("kms.amazonaws.com", "rdsdata.amazonaws.com");

    /** The {@code DataResources.Type} values of basic selectors, in the order AWS lists them. */
    public static final List<String> BASIC_DATA_RESOURCE_TYPES =
            List.of("AWS::DynamoDB::Table", "AWS::Lambda::Function", "AWS::S3::Object");

    /**
     * The {@code resources.type} values Cairn accepts in advanced selectors of Data events: the data resources
     * its services record. AWS accepts many more; a type no Cairn service records could never select an event,
     * so it is refused rather than silently never matched. Add a type here when a service starts recording
     * data events on it, with the form of its full ARN in {@code FULL_ARNS}.
     */
    public static final List<String> ADVANCED_DATA_RESOURCE_TYPES = List.of(
            "AWS::S3::Object",
            "AWS::Lambda::Function",
            "AWS::DynamoDB::Table",
            "AWS::AppSync::GraphQL",
            "AWS::SNS::Topic",
            "AWS::S3::AccessPoint");

    /** The {@code eventCategory} values of trails' advanced selectors. */
    public static final List<String> TRAIL_EVENT_CATEGORIES = List.of("Management", "Data", "NetworkActivity");

    /** The fields trails' advanced selectors may test, per category (spec §6.2, trails column). */
    private static final Map<Category, List<EventField>> FIELDS = new EnumMap<>(Map.of(
            Category.MANAGEMENT,
            List.of(EventField.EVENT_CATEGORY, EventField.EVENT_SOURCE, EventField.READ_ONLY),
            Category.DATA,
            List.of(
                    EventField.EVENT_CATEGORY,
                    EventField.EVENT_NAME,
                    EventField.EVENT_SOURCE,
                    EventField.EVENT_TYPE,
                    EventField.RESOURCES_TYPE,
                    EventField.READ_ONLY,
                    EventField.RESOURCES_ARN,
                    EventField.SESSION_CREDENTIAL_FROM_CONSOLE,
                    EventField.USER_IDENTITY_ARN),
            Category.NETWORK_ACTIVITY,
            List.of(
                    EventField.EVENT_CATEGORY,
                    EventField.EVENT_SOURCE,
                    EventField.EVENT_NAME,
                    EventField.ERROR_CODE,
                    EventField.VPC_ENDPOINT_ID,
                    EventField.USER_IDENTITY_ARN)));

    /** AWS's pattern of {@code Field}; the {@code |} inside the class is AWS's, and is kept. */
    private static final Pattern FIELD = Pattern.compile("[\\w|\\d|\\.|_]+");

    private static final String PARTITION = "aws(?:-[a-z]+)*";
    private static final String REGION = "[a-z]{2}(?:-[a-z]+)+-\\d+";
    private static final String ACCOUNT = "\\d{12}";
    private static final String BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";

    private static final Pattern S3_ALL = Pattern.compile("arn:" + PARTITION + ":s3(?::::)?");
    private static final Pattern S3_PREFIX =
            Pattern.compile("arn:" + PARTITION + ":s3:::" + BUCKET + "/.*", Pattern.DOTALL);
    private static final Pattern S3_OBJECT =
            Pattern.compile("arn:" + PARTITION + ":s3:::" + BUCKET + "/.+", Pattern.DOTALL);
    private static final Pattern LAMBDA_ALL = Pattern.compile("arn:" + PARTITION + ":lambda");
    private static final Pattern LAMBDA_FUNCTION = Pattern.compile("arn:" + PARTITION + ":lambda:" + REGION + ":"
            + ACCOUNT + ":function:[a-zA-Z0-9_-]{1,64}(?::[a-zA-Z0-9$_-]{1,128})?");
    private static final Pattern DYNAMODB_ALL = Pattern.compile("arn:" + PARTITION + ":dynamodb");
    private static final Pattern DYNAMODB_TABLE = Pattern.compile(
            "arn:" + PARTITION + ":dynamodb:" + REGION + ":" + ACCOUNT + ":table/[a-zA-Z0-9_.-]{3,255}");

    /** The form of a full ARN of each of {@link #ADVANCED_DATA_RESOURCE_TYPES}, for Equals and NotEquals. */
    private static final Map<String, Pattern> FULL_ARNS = Map.of(
            "AWS::S3::Object",
            S3_OBJECT,
            "AWS::Lambda::Function",
            LAMBDA_FUNCTION,
            "AWS::DynamoDB::Table",
            DYNAMODB_TABLE,
            // The AppSync ARN form is UNCONFIRMED (spec §10); this is the one of AppSync's own API.
            "AWS::AppSync::GraphQL",
            Pattern.compile("arn:" + PARTITION + ":appsync:" + REGION + ":" + ACCOUNT + ":apis/[A-Za-z0-9]+"),
            "AWS::SNS::Topic",
            Pattern.compile(
                    "arn:" + PARTITION + ":sns:" + REGION + ":" + ACCOUNT + ":[A-Za-z0-9_-]{1,256}(?:\\.fifo)?"),
            "AWS::S3::AccessPoint",
            Pattern.compile("arn:" + PARTITION + ":s3:" + REGION + ":" + ACCOUNT
                    + ":accesspoint/[a-z0-9][a-z0-9-]{1,48}[a-z0-9]"));

    static {
        if (!FULL_ARNS.keySet().equals(Set.copyOf(ADVANCED_DATA_RESOURCE_TYPES))) {
            throw new AssertionError("every advanced data resource type needs the form of its full ARN");
        }
    }

    private SelectorRules() {}

    /**
     * Checks {@code selectors} against every rule of {@code PutEventSelectors} for trails.
     *
     * @throws InvalidEventSelectorsException naming the first value that breaks a rule, and the rule
     */
    public static void validate(TrailSelectors selectors) {
        requireNonNull(selectors, "selectors is null");
        switch (selectors) {
            case BasicSelectors basic -> validateBasic(basic);
            case AdvancedSelectors advanced -> validateAdvanced(advanced);
        }
    }

    /**
     * Whether {@code value} of a basic data resource of {@code type} stands for every resource of the type
     * ({@code arn:aws:s3}, {@code arn:aws:s3:::}, {@code arn:aws:lambda}, {@code arn:aws:dynamodb}); such
     * values do not count towards {@value #MAX_DATA_RESOURCES}.
     */
    public static boolean isAllResources(String type, String value) {
        return switch (type) {
            case "AWS::S3::Object" -> S3_ALL.matcher(value).matches();
            case "AWS::Lambda::Function" -> LAMBDA_ALL.matcher(value).matches();
            case "AWS::DynamoDB::Table" -> DYNAMODB_ALL.matcher(value).matches();
            default -> false;
        };
    }

    // Basic selectors

    private static void validateBasic(BasicSelectors basic) {
        int count = basic.selectors().size();
        if (count < 1 || count > MAX_EVENT_SELECTORS) {
            throw invalid(SelectorMessages.selectorCount(count));
        }
        int dataResources = 0;
        for (EventSelector selector : basic.selectors()) {
            for (String source : selector.excludeManagementEventSources()) {
                if (!EXCLUDABLE_MANAGEMENT_EVENT_SOURCES.contains(source)) {
                    throw invalid(SelectorMessages.excludedSource(source));
                }
            }
            for (DataResource resource : selector.dataResources()) {
                if (!BASIC_DATA_RESOURCE_TYPES.contains(resource.type())) {
                    throw invalid(SelectorMessages.dataResourceType(resource.type()));
                }
                if (resource.values().isEmpty()) {
                    throw invalid(SelectorMessages.noDataResourceValues(resource.type()));
                }
                for (String value : resource.values()) {
                    if (isAllResources(resource.type(), value)) {
                        continue;
                    }
                    if (!isBasicValue(resource.type(), value)) {
                        throw invalid(SelectorMessages.dataResourceValue(value));
                    }
                    dataResources++;
                }
            }
        }
        if (dataResources > MAX_DATA_RESOURCES) {
            throw invalid(SelectorMessages.dataResourceCount());
        }
    }

    private static boolean isBasicValue(String type, String value) {
        Pattern form = switch (type) {
            case "AWS::S3::Object" -> S3_PREFIX;
            case "AWS::Lambda::Function" -> LAMBDA_FUNCTION;
            default -> DYNAMODB_TABLE;
        };
        return form.matcher(value).matches();
    }

    // Advanced selectors

    private static void validateAdvanced(AdvancedSelectors advanced) {
        List<AdvancedEventSelector> selectors = advanced.selectors();
        if (selectors.isEmpty()) {
            throw invalid(SelectorMessages.noAdvancedSelectors());
        }
        int values = 0;
        for (AdvancedEventSelector selector : selectors) {
            for (FieldSelector field : selector.fieldSelectors()) {
                for (Operator operator : Operator.values()) {
                    List<String> operands = operator.values(field);
                    values += operands == null ? 0 : operands.size();
                }
            }
        }
        if (values > MAX_ADVANCED_VALUES) {
            throw invalid(SelectorMessages.valueCount(values));
        }
        for (int i = 0; i < selectors.size(); i++) {
            validateShape(
                    selectors.get(i),
                    SelectorMessages.selector(i, selectors.get(i).name()));
        }
        for (int i = 0; i < selectors.size(); i++) {
            validateMeaning(
                    selectors.get(i),
                    SelectorMessages.selector(i, selectors.get(i).name()));
        }
    }

    /** Checks what the API model says of one selector: lengths, patterns, and lists that must not be empty. */
    private static void validateShape(AdvancedEventSelector selector, String label) {
        String name = selector.name();
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw invalid(SelectorMessages.nameLength(label, name.length()));
        }
        if (selector.fieldSelectors().isEmpty()) {
            throw invalid(SelectorMessages.noFieldSelectors(label));
        }
        for (FieldSelector field : selector.fieldSelectors()) {
            String fieldName = field.field();
            if (fieldName.isEmpty()
                    || fieldName.length() > MAX_FIELD_LENGTH
                    || !FIELD.matcher(fieldName).matches()) {
                throw invalid(SelectorMessages.fieldName(fieldName));
            }
            boolean anyOperator = false;
            for (Operator operator : Operator.values()) {
                List<String> operands = operator.values(field);
                if (operands == null) {
                    continue;
                }
                anyOperator = true;
                if (operands.isEmpty()) {
                    throw invalid(SelectorMessages.noOperatorValues(operator.wireName(), fieldName, label));
                }
                for (String operand : operands) {
                    if (operand.isEmpty() || operand.length() > MAX_VALUE_LENGTH) {
                        throw invalid(
                                SelectorMessages.valueLength(operator.wireName(), fieldName, label, operand.length()));
                    }
                }
            }
            if (!anyOperator) {
                throw invalid(SelectorMessages.noOperator(fieldName, label));
            }
        }
    }

    /** Checks what CloudTrail says of one selector: its category, and the fields and values it allows. */
    private static void validateMeaning(AdvancedEventSelector selector, String label) {
        Category category = category(selector, label);
        List<EventField> allowed = FIELDS.get(category);
        FieldSelector resourcesType = null;
        boolean eventSource = false;
        for (FieldSelector field : selector.fieldSelectors()) {
            EventField known = EventField.named(field.field());
            if (known == EventField.EVENT_CATEGORY) {
                continue;
            }
            if (known == null || !allowed.contains(known)) {
                throw invalid(SelectorMessages.unsupportedField(
                        field.field(),
                        category.wireName(),
                        allowed.stream().map(EventField::fieldName).toList()));
            }
            switch (known) {
                case READ_ONLY -> {
                    onlyEquals(field, category);
                    for (String value : requireNonNull(field.equalsValues())) {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw invalid(SelectorMessages.readOnlyValue(value));
                        }
                    }
                }
                case EVENT_SOURCE -> {
                    eventSource = true;
                    if (category == Category.MANAGEMENT) {
                        only(field, category, Operator.NOT_EQUALS);
                        for (String value : requireNonNull(field.notEquals())) {
                            if (!EXCLUDABLE_MANAGEMENT_EVENT_SOURCES.contains(value)) {
                                throw invalid(SelectorMessages.managementEventSource(value));
                            }
                        }
                    } else if (category == Category.NETWORK_ACTIVITY) {
                        onlyEquals(field, category);
                    }
                }
                case RESOURCES_TYPE -> {
                    onlyEquals(field, category);
                    if (resourcesType != null
                            || requireNonNull(field.equalsValues()).size() != 1) {
                        throw invalid(SelectorMessages.resourcesTypeCount(label));
                    }
                    resourcesType = field;
                }
                case SESSION_CREDENTIAL_FROM_CONSOLE -> {
                    only(field, category, Operator.EQUALS, Operator.NOT_EQUALS);
                    for (Operator operator : List.of(Operator.EQUALS, Operator.NOT_EQUALS)) {
                        List<String> values = operator.values(field);
                        for (String value : values == null ? List.<String>of() : values) {
                            if (!value.equals("true") && !value.equals("false")) {
                                throw invalid(SelectorMessages.sessionCredentialFromConsoleValue(value));
                            }
                        }
                    }
                }
                case ERROR_CODE -> {
                    onlyEquals(field, category);
                    for (String value : requireNonNull(field.equalsValues())) {
                        if (!value.equals("VpceAccessDenied")) {
                            throw invalid(SelectorMessages.errorCodeValue(value));
                        }
                    }
                }
                default -> {} // any operator, any value
            }
        }
        if (category == Category.NETWORK_ACTIVITY && !eventSource) {
            throw invalid(SelectorMessages.noNetworkEventSource(label));
        }
        if (category != Category.DATA) {
            return;
        }
        if (resourcesType == null) {
            throw invalid(SelectorMessages.noResourcesType(label));
        }
        String type = requireNonNull(resourcesType.equalsValues()).get(0);
        Pattern fullArn = FULL_ARNS.get(type);
        if (fullArn == null) {
            throw invalid(SelectorMessages.resourcesType(type));
        }
        for (FieldSelector field : selector.fieldSelectors()) {
            if (!field.field().equals(EventField.RESOURCES_ARN.fieldName())) {
                continue;
            }
            for (Operator operator : List.of(Operator.EQUALS, Operator.NOT_EQUALS)) {
                List<String> values = operator.values(field);
                for (String value : values == null ? List.<String>of() : values) {
                    if (!fullArn.matcher(value).matches()) {
                        throw invalid(SelectorMessages.resourcesArn(operator.wireName(), value, type));
                    }
                }
            }
        }
    }

    /** Returns the category the selector's one eventCategory field selector gives. */
    private static Category category(AdvancedEventSelector selector, String label) {
        FieldSelector found = null;
        for (FieldSelector field : selector.fieldSelectors()) {
            if (field.field().equals(EventField.EVENT_CATEGORY.fieldName())) {
                if (found != null) {
                    throw invalid(SelectorMessages.eventCategoryCount(label));
                }
                found = field;
            }
        }
        if (found == null) {
            throw invalid(SelectorMessages.noEventCategory(label));
        }
        onlyEquals(found, null);
        List<String> values = requireNonNull(found.equalsValues());
        if (values.size() != 1) {
            throw invalid(SelectorMessages.eventCategoryCount(label));
        }
        return switch (values.get(0)) {
            case "Management" -> Category.MANAGEMENT;
            case "Data" -> Category.DATA;
            case "NetworkActivity" -> Category.NETWORK_ACTIVITY;
            default -> throw invalid(SelectorMessages.eventCategory(values.get(0)));
        };
    }

    private static void onlyEquals(FieldSelector field, @Nullable Category category) {
        only(field, category, Operator.EQUALS);
    }

    /** Checks that {@code field} uses no operator but {@code allowed}. */
    private static void only(FieldSelector field, @Nullable Category category, Operator... allowed) {
        List<Operator> permitted = List.of(allowed);
        for (Operator operator : Operator.values()) {
            if (operator.values(field) != null && !permitted.contains(operator)) {
                throw invalid(SelectorMessages.operatorNotSupported(
                        field.field(),
                        operator.wireName(),
                        category == null ? null : category.wireName(),
                        String.join(
                                ", ", permitted.stream().map(Operator::wireName).toList())));
            }
        }
    }

    private static InvalidEventSelectorsException invalid(String message) {
        return new InvalidEventSelectorsException(message);
    }
}

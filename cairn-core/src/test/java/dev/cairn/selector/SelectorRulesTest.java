package dev.cairn.selector;

import static dev.cairn.selector.FieldSelector.endingWith;
import static dev.cairn.selector.FieldSelector.equalTo;
import static dev.cairn.selector.FieldSelector.notEqualTo;
import static dev.cairn.selector.FieldSelector.notStartingWith;
import static dev.cairn.selector.FieldSelector.startingWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SelectorRulesTest {

    private static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:myFunction";
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders";

    // Basic selectors: count

    @Test
    void noBasicSelectorIsRefused() {
        assertRefused(
                new BasicSelectors(List.of()),
                "Specify a valid number of EventSelectors (1 to 5) for your trail; 0 were given.");
    }

    @Test
    void sixBasicSelectorsAreRefused() {
        assertRefused(
                new BasicSelectors(Collections.nCopies(6, management(ReadWriteType.ALL))),
                "Specify a valid number of EventSelectors (1 to 5) for your trail; 6 were given.");
    }

    @Test
    void fiveBasicSelectorsAreAccepted() {
        assertAccepted(new BasicSelectors(Collections.nCopies(5, management(ReadWriteType.ALL))));
    }

    @Test
    void theDefaultSelectorsAreValid() {
        assertAccepted(BasicSelectors.defaults());
        assertThat(BasicSelectors.defaults().selectors())
                .containsExactly(new EventSelector(ReadWriteType.ALL, true, List.of(), List.of()));
    }

    // Basic selectors: ReadWriteType

    @Test
    void readWriteTypesAreReadByTheirWireNames() {
        assertThat(ReadWriteType.fromWireName("ReadOnly")).isEqualTo(ReadWriteType.READ_ONLY);
        assertThat(ReadWriteType.fromWireName("WriteOnly")).isEqualTo(ReadWriteType.WRITE_ONLY);
        assertThat(ReadWriteType.fromWireName("All")).isEqualTo(ReadWriteType.ALL);
    }

    @Test
    void anUnknownReadWriteTypeIsRefused() {
        assertThatThrownBy(() -> ReadWriteType.fromWireName("read-only"))
                .isInstanceOf(InvalidEventSelectorsException.class)
                .hasMessage("Value read-only for ReadWriteType is invalid. Valid values are: ReadOnly, WriteOnly, All");
        assertThatThrownBy(() -> ReadWriteType.fromWireName("all")).isInstanceOf(InvalidEventSelectorsException.class);
    }

    // Basic selectors: ExcludeManagementEventSources

    @Test
    void kmsAndRdsDataEventsCanBeExcluded() {
        assertAccepted(basic(new EventSelector(
                ReadWriteType.ALL, true, List.of(), List.of("kms.amazonaws.com", "rdsdata.amazonaws.com"))));
    }

    @Test
    void excludingAnotherManagementEventSourceIsRefused() {
        assertRefused(
                basic(new EventSelector(ReadWriteType.ALL, true, List.of(), List.of("s3.amazonaws.com"))),
                "Value s3.amazonaws.com for ExcludeManagementEventSources is invalid. Valid values are:"
                        + " kms.amazonaws.com, rdsdata.amazonaws.com");
    }

    // Basic selectors: DataResources

    @Test
    void aDataResourceTypeOtherThanS3LambdaOrDynamoDbIsRefused() {
        assertRefused(
                data(new DataResource("AWS::S3::Bucket", List.of("arn:aws:s3:::bucket/"))),
                "Value AWS::S3::Bucket for DataResources.Type is invalid. Valid values are: AWS::DynamoDB::Table,"
                        + " AWS::Lambda::Function, AWS::S3::Object");
    }

    @Test
    void advancedOnlyDataResourceTypesAreRefusedInBasicSelectors() {
        assertRefused(
                data(new DataResource("AWS::SNS::Topic", List.of("arn:aws:sns"))),
                "Value AWS::SNS::Topic for DataResources.Type is invalid. Valid values are: AWS::DynamoDB::Table,"
                        + " AWS::Lambda::Function, AWS::S3::Object");
    }

    @Test
    void aDataResourceWithoutValuesIsRefused() {
        assertRefused(
                data(new DataResource("AWS::S3::Object", List.of())),
                "DataResources.Values of type AWS::S3::Object is empty; specify at least one value.");
    }

    @Test
    void s3ValuesAreAllBucketsAWholeBucketOrAKeyPrefix() {
        assertAccepted(data(new DataResource(
                "AWS::S3::Object",
                List.of(
                        "arn:aws:s3",
                        "arn:aws:s3:::",
                        "arn:aws:s3:::amzn-s3-demo-bucket/",
                        "arn:aws:s3:::amzn-s3-demo-bucket/prefix",
                        "arn:aws:s3:::my.bucket-1/logs/2026/"))));
    }

    @Test
    void anS3BucketArnWithoutTheSlashIsRefused() {
        assertRefused(
                data(new DataResource("AWS::S3::Object", List.of("arn:aws:s3:::amzn-s3-demo-bucket"))),
                "Value arn:aws:s3:::amzn-s3-demo-bucket for DataResources.Values is invalid.");
    }

    @Test
    void s3WildcardsAreRefused() {
        assertRefused(
                data(new DataResource("AWS::S3::Object", List.of("arn:aws:s3:::*/*"))),
                "Value arn:aws:s3:::*/* for DataResources.Values is invalid.");
    }

    @Test
    void anS3ValueThatIsNotAnArnIsRefused() {
        assertRefused(
                data(new DataResource("AWS::S3::Object", List.of("amzn-s3-demo-bucket/"))),
                "Value amzn-s3-demo-bucket/ for DataResources.Values is invalid.");
        assertRefused(
                data(new DataResource("AWS::S3::Object", List.of("arn:aws:s3:::/"))),
                "Value arn:aws:s3:::/ for DataResources.Values is invalid.");
    }

    @Test
    void lambdaValuesAreAllFunctionsOrAFunctionArn() {
        assertAccepted(data(new DataResource("AWS::Lambda::Function", List.of("arn:aws:lambda", LAMBDA))));
    }

    @Test
    void aLambdaWildcardIsRefused() {
        assertRefused(
                data(new DataResource("AWS::Lambda::Function", List.of("arn:aws:lambda:*"))),
                "Value arn:aws:lambda:* for DataResources.Values is invalid.");
        assertRefused(
                data(new DataResource(
                        "AWS::Lambda::Function", List.of("arn:aws:lambda:us-east-1:123456789012:function:*"))),
                "Value arn:aws:lambda:us-east-1:123456789012:function:* for DataResources.Values is invalid.");
    }

    @Test
    void dynamoDbValuesAreAllTablesOrATableArn() {
        assertAccepted(data(new DataResource("AWS::DynamoDB::Table", List.of("arn:aws:dynamodb", TABLE))));
    }

    @Test
    void aDynamoDbArnThatIsNotATableIsRefused() {
        assertRefused(
                data(new DataResource(
                        "AWS::DynamoDB::Table", List.of("arn:aws:dynamodb:us-east-1:123456789012:table"))),
                "Value arn:aws:dynamodb:us-east-1:123456789012:table for DataResources.Values is invalid.");
    }

    @Test
    void aValueOfAnotherTypesFormIsRefused() {
        assertRefused(
                data(new DataResource("AWS::Lambda::Function", List.of("arn:aws:s3:::bucket/"))),
                "Value arn:aws:s3:::bucket/ for DataResources.Values is invalid.");
    }

    @Test
    void aTrailTakes250DataResources() {
        assertAccepted(new BasicSelectors(List.of(
                dataSelector(new DataResource("AWS::S3::Object", buckets(0, 200))),
                dataSelector(new DataResource("AWS::S3::Object", buckets(200, 250))))));
    }

    @Test
    void the251stDataResourceOfATrailIsRefusedAcrossSelectors() {
        assertRefused(
                new BasicSelectors(List.of(
                        dataSelector(new DataResource("AWS::S3::Object", buckets(0, 200))),
                        dataSelector(new DataResource("AWS::S3::Object", buckets(200, 251))))),
                "Specify a valid number of DataResources.Values (0 to 250) for all your selectors");
    }

    @Test
    void theAllResourcesValuesDoNotCountTowardsTheLimit() {
        List<String> values = new ArrayList<>(buckets(0, 250));
        values.add("arn:aws:s3");
        assertAccepted(new BasicSelectors(List.of(
                dataSelector(new DataResource("AWS::S3::Object", values)),
                dataSelector(new DataResource("AWS::Lambda::Function", List.of("arn:aws:lambda"))),
                dataSelector(new DataResource("AWS::DynamoDB::Table", List.of("arn:aws:dynamodb"))))));
        assertThat(SelectorRules.isAllResources("AWS::S3::Object", "arn:aws:s3:::"))
                .isTrue();
        assertThat(SelectorRules.isAllResources("AWS::S3::Object", "arn:aws:s3:::b/"))
                .isFalse();
    }

    // Advanced selectors: shape

    @Test
    void noAdvancedSelectorIsRefused() {
        assertRefused(new AdvancedSelectors(List.of()), "Specify at least one AdvancedEventSelector.");
    }

    @Test
    void aTrailTakes500AdvancedValues() {
        assertAccepted(advanced(selector(
                equalTo("eventCategory", "Data"),
                equalTo("resources.type", "AWS::S3::Object"),
                startingWith("resources.ARN", buckets(0, 498).toArray(String[]::new)))));
    }

    @Test
    void the501stAdvancedValueIsRefusedCountingEveryOperatorOfEverySelector() {
        assertRefused(
                new AdvancedSelectors(List.of(
                        selector(equalTo("eventCategory", "Management")),
                        selector(
                                equalTo("eventCategory", "Data"),
                                equalTo("resources.type", "AWS::S3::Object"),
                                startingWith("resources.ARN", buckets(0, 498).toArray(String[]::new))))),
                "Specify up to 500 values for all conditions in all advanced event selectors for a trail; 501"
                        + " were given.");
    }

    @Test
    void aNameLongerThan1000CharactersIsRefused() {
        assertAccepted(
                advanced(new AdvancedEventSelector("n".repeat(1000), List.of(equalTo("eventCategory", "Management")))));
        assertRefused(
                advanced(new AdvancedEventSelector("n".repeat(1001), List.of(equalTo("eventCategory", "Management")))),
                "The Name of advanced event selector \"" + "n".repeat(1001) + "\" has 1001 characters; the maximum is"
                        + " 1000.");
    }

    @Test
    void aSelectorWithoutFieldSelectorsIsRefused() {
        assertRefused(
                new AdvancedSelectors(List.of(
                        selector(equalTo("eventCategory", "Management")), new AdvancedEventSelector(null, List.of()))),
                "advanced event selector 2 has no FieldSelectors; specify at least one.");
    }

    @Test
    void aFieldOutsideAwsPatternIsRefused() {
        String message = " for Field is invalid. A Field is 1 to 1000 characters of letters, digits, '.' and '_'.";
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Management"), equalTo("event-name", "x"))),
                "Value event-name" + message);
        assertRefused(advanced(selector(equalTo("eventCategory", "Management"), equalTo("", "x"))), "Value " + message);
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Management"), equalTo("f".repeat(1001), "x"))),
                "Value " + "f".repeat(1001) + message);
    }

    @Test
    void aFieldSelectorWithoutOperatorIsRefused() {
        assertRefused(
                advanced(new AdvancedEventSelector(
                        "mine",
                        List.of(
                                equalTo("eventCategory", "Management"),
                                new FieldSelector("readOnly", null, null, null, null, null, null)))),
                "The FieldSelector for readOnly in advanced event selector \"mine\" has no operator; specify at least"
                        + " one of Equals, StartsWith, EndsWith, NotEquals, NotStartsWith, NotEndsWith.");
    }

    @Test
    void anOperatorWithoutValuesIsRefused() {
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Management"), equalTo("readOnly"))),
                "Equals for readOnly in advanced event selector 1 has no values; specify at least one.");
    }

    @Test
    void valuesAreOneTo2048Characters() {
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Data"),
                        equalTo("resources.type", "AWS::S3::Object"),
                        startingWith("eventName", ""))),
                "A value of StartsWith for eventName in advanced event selector 1 has 0 characters; values are 1 to"
                        + " 2048 characters.");
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Data"),
                        equalTo("resources.type", "AWS::S3::Object"),
                        notEqualTo("eventName", "x".repeat(2049)))),
                "A value of NotEquals for eventName in advanced event selector 1 has 2049 characters; values are 1 to"
                        + " 2048 characters.");
        assertAccepted(advanced(selector(
                equalTo("eventCategory", "Data"),
                equalTo("resources.type", "AWS::S3::Object"),
                notEqualTo("eventName", "x".repeat(2048)))));
    }

    // Advanced selectors: eventCategory

    @Test
    void aSelectorWithoutEventCategoryIsRefused() {
        assertRefused(
                advanced(selector(equalTo("readOnly", "true"))),
                "advanced event selector 1 has no eventCategory field selector; eventCategory is required.");
    }

    @Test
    void aSelectorGivesExactlyOneEventCategory() {
        String message =
                "advanced event selector 1 must give exactly one eventCategory, with one FieldSelector and one Equals"
                        + " value.";
        assertRefused(advanced(selector(equalTo("eventCategory", "Management", "Data"))), message);
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Management"), equalTo("eventCategory", "Management"))),
                message);
    }

    @Test
    void eventCategoryTakesOnlyEquals() {
        assertRefused(
                advanced(selector(notEqualTo("eventCategory", "Data"))),
                "Operator NotEquals is not supported for field eventCategory. Supported operators: Equals");
    }

    @Test
    void eventCategoryOfTrailsIsManagementDataOrNetworkActivity() {
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Insight"))),
                "Value Insight for eventCategory is invalid. Valid values for trails are: Management, Data,"
                        + " NetworkActivity");
        assertRefused(
                advanced(selector(equalTo("eventCategory", "management"))),
                "Value management for eventCategory is invalid. Valid values for trails are: Management, Data,"
                        + " NetworkActivity");
    }

    // Advanced selectors: fields per category

    @Test
    void managementSelectorsOfTrailsTestOnlyEventSourceAndReadOnly() {
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Management"), equalTo("eventName", "CreateUser"))),
                "Field eventName is not supported for Management events on trails. Supported fields are:"
                        + " eventCategory, eventSource, readOnly");
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Management"), equalTo("userIdentity.arn", "x"))),
                "Field userIdentity.arn is not supported for Management events on trails. Supported fields are:"
                        + " eventCategory, eventSource, readOnly");
    }

    @Test
    void anUnknownFieldIsRefused() {
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Data"),
                        equalTo("resources.type", "AWS::S3::Object"),
                        equalTo("resources.arn", "x"))),
                "Field resources.arn is not supported for Data events on trails. Supported fields are: eventCategory,"
                        + " eventName, eventSource, eventType, resources.type, readOnly, resources.ARN,"
                        + " sessionCredentialFromConsole, userIdentity.arn");
    }

    @Test
    void readOnlyTakesOnlyEqualsTrueOrFalse() {
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Management"), notEqualTo("readOnly", "true"))),
                "Operator NotEquals is not supported for field readOnly of Management events. Supported operators:"
                        + " Equals");
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Management"), equalTo("readOnly", "yes"))),
                "Value yes for readOnly is invalid. Valid values are: true, false");
        assertAccepted(advanced(selector(equalTo("eventCategory", "Management"), equalTo("readOnly", "false"))));
    }

    @Test
    void managementEventSourceTakesOnlyNotEqualsKmsOrRdsData() {
        assertAccepted(advanced(selector(
                equalTo("eventCategory", "Management"),
                notEqualTo("eventSource", "kms.amazonaws.com", "rdsdata.amazonaws.com"))));
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Management"), equalTo("eventSource", "iam.amazonaws.com"))),
                "Operator Equals is not supported for field eventSource of Management events. Supported operators:"
                        + " NotEquals");
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Management"), notEqualTo("eventSource", "s3.amazonaws.com"))),
                "Value s3.amazonaws.com for eventSource is invalid. Management events on trails can exclude only:"
                        + " kms.amazonaws.com, rdsdata.amazonaws.com");
    }

    @Test
    void dataSelectorsTakeAnyOperatorOnEventNameSourceTypeAndCaller() {
        assertAccepted(advanced(selector(
                equalTo("eventCategory", "Data"),
                equalTo("resources.type", "AWS::S3::Object"),
                startingWith("eventName", "Put"),
                notEqualTo("eventSource", "lambda.amazonaws.com"),
                endingWith("eventType", "ApiCall"),
                notStartingWith("userIdentity.arn", "arn:aws:sts::123456789012:assumed-role/Robot/"),
                endingWith("resources.ARN", ".json"))));
    }

    @Test
    void aDataSelectorWithoutResourcesTypeIsRefused() {
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Data"), equalTo("eventName", "PutObject"))),
                "advanced event selector 1 selects Data events but has no resources.type field selector;"
                        + " resources.type is required.");
    }

    @Test
    void aDataSelectorGivesExactlyOneResourcesType() {
        String message = "advanced event selector 1 must give exactly one resources.type, with one FieldSelector and"
                + " one Equals value.";
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Data"),
                        equalTo("resources.type", "AWS::S3::Object", "AWS::Lambda::Function"))),
                message);
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Data"),
                        equalTo("resources.type", "AWS::S3::Object"),
                        equalTo("resources.type", "AWS::S3::Object"))),
                message);
    }

    @Test
    void resourcesTypeTakesOnlyEquals() {
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Data"), startingWith("resources.type", "AWS::S3::"))),
                "Operator StartsWith is not supported for field resources.type of Data events. Supported operators:"
                        + " Equals");
    }

    @Test
    void resourcesTypeIsOneOfCairnsDataResourceTypes() {
        assertRefused(
                advanced(selector(equalTo("eventCategory", "Data"), equalTo("resources.type", "AWS::EC2::Snapshot"))),
                "Value AWS::EC2::Snapshot for resources.type is invalid. Valid values are: AWS::S3::Object,"
                        + " AWS::Lambda::Function, AWS::DynamoDB::Table, AWS::AppSync::GraphQL, AWS::SNS::Topic,"
                        + " AWS::S3::AccessPoint");
    }

    @Test
    void everyAdvancedDataResourceTypeTakesEqualsItsFullArn() {
        List<String> arns = List.of(
                "arn:aws:s3:::amzn-s3-demo-bucket/reports/1.csv",
                LAMBDA,
                TABLE,
                "arn:aws:appsync:us-east-1:123456789012:apis/abcdefghijklmnopqrstuvwxyz",
                "arn:aws:sns:us-east-1:123456789012:myTopic.fifo",
                "arn:aws:s3:us-east-1:123456789012:accesspoint/my-access-point");
        assertThat(arns).hasSameSizeAs(SelectorRules.ADVANCED_DATA_RESOURCE_TYPES);
        for (int i = 0; i < arns.size(); i++) {
            assertAccepted(advanced(selector(
                    equalTo("eventCategory", "Data"),
                    equalTo("resources.type", SelectorRules.ADVANCED_DATA_RESOURCE_TYPES.get(i)),
                    equalTo("resources.ARN", arns.get(i)),
                    notEqualTo("resources.ARN", arns.get(i)))));
        }
    }

    @Test
    void resourcesArnEqualsTakesOnlyAFullArnOfTheSelectedType() {
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Data"),
                        equalTo("resources.type", "AWS::S3::Object"),
                        equalTo("resources.ARN", "arn:aws:s3:::amzn-s3-demo-bucket/"))),
                "Value arn:aws:s3:::amzn-s3-demo-bucket/ for resources.ARN is invalid. Equals takes the full ARN of a"
                        + " resource of type AWS::S3::Object.");
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Data"),
                        equalTo("resources.type", "AWS::SNS::Topic"),
                        notEqualTo("resources.ARN", LAMBDA))),
                "Value " + LAMBDA + " for resources.ARN is invalid. NotEquals takes the full ARN of a resource of type"
                        + " AWS::SNS::Topic.");
    }

    @Test
    void resourcesArnStartsWithTakesAPrefix() {
        assertAccepted(advanced(selector(
                equalTo("eventCategory", "Data"),
                equalTo("resources.type", "AWS::S3::Object"),
                startingWith("resources.ARN", "arn:aws:s3:::amzn-s3-demo-bucket/"),
                notStartingWith("resources.ARN", "arn:aws:s3:::amzn-s3-demo-bucket/private/"))));
    }

    @Test
    void sessionCredentialFromConsoleTakesEqualsOrNotEqualsTrueOrFalse() {
        assertAccepted(advanced(selector(
                equalTo("eventCategory", "Data"),
                equalTo("resources.type", "AWS::DynamoDB::Table"),
                equalTo("sessionCredentialFromConsole", "true"),
                notEqualTo("sessionCredentialFromConsole", "false"))));
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Data"),
                        equalTo("resources.type", "AWS::DynamoDB::Table"),
                        startingWith("sessionCredentialFromConsole", "t"))),
                "Operator StartsWith is not supported for field sessionCredentialFromConsole of Data events."
                        + " Supported operators: Equals, NotEquals");
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "Data"),
                        equalTo("resources.type", "AWS::DynamoDB::Table"),
                        equalTo("sessionCredentialFromConsole", "yes"))),
                "Value yes for sessionCredentialFromConsole is invalid. Valid values are: true, false");
    }

    @Test
    void networkActivitySelectorsNeedAnEventSourceEquals() {
        assertAccepted(advanced(selector(
                equalTo("eventCategory", "NetworkActivity"),
                equalTo("eventSource", "kms.amazonaws.com"),
                equalTo("errorCode", "VpceAccessDenied"),
                startingWith("vpcEndpointId", "vpce-"),
                notEqualTo("eventName", "Decrypt"),
                endingWith("userIdentity.arn", "/Admin"))));
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "NetworkActivity"), equalTo("errorCode", "VpceAccessDenied"))),
                "advanced event selector 1 selects NetworkActivity events but has no eventSource field selector;"
                        + " eventSource is required.");
        assertRefused(
                advanced(selector(equalTo("eventCategory", "NetworkActivity"), startingWith("eventSource", "kms"))),
                "Operator StartsWith is not supported for field eventSource of NetworkActivity events. Supported"
                        + " operators: Equals");
    }

    @Test
    void networkActivityErrorCodeIsOnlyVpceAccessDenied() {
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "NetworkActivity"),
                        equalTo("eventSource", "kms.amazonaws.com"),
                        equalTo("errorCode", "AccessDenied"))),
                "Value AccessDenied for errorCode is invalid. The only valid value is VpceAccessDenied");
    }

    @Test
    void networkActivitySelectorsDoNotTestReadOnlyOrResources() {
        assertRefused(
                advanced(selector(
                        equalTo("eventCategory", "NetworkActivity"),
                        equalTo("eventSource", "kms.amazonaws.com"),
                        equalTo("readOnly", "true"))),
                "Field readOnly is not supported for NetworkActivity events on trails. Supported fields are:"
                        + " eventCategory, eventSource, eventName, errorCode, vpcEndpointId, userIdentity.arn");
    }

    @Test
    void theSpecsWorkedExampleIsValid() {
        assertAccepted(EventFilterTest.SPEC_EXAMPLE);
    }

    @Test
    void aRequestGivesExactlyOneKindOfSelectors() {
        assertThat(InvalidEventSelectorsException.bothKinds())
                .hasMessage("You can use either EventSelectors or AdvancedEventSelectors in a request, but not both.");
        assertThat(InvalidEventSelectorsException.neitherKind())
                .hasMessage("Specify either EventSelectors or AdvancedEventSelectors.");
    }

    // Helpers

    private static void assertRefused(TrailSelectors selectors, String message) {
        assertThatThrownBy(() -> SelectorRules.validate(selectors))
                .isInstanceOf(InvalidEventSelectorsException.class)
                .hasMessage(message);
    }

    private static void assertAccepted(TrailSelectors selectors) {
        assertThatCode(() -> SelectorRules.validate(selectors)).doesNotThrowAnyException();
    }

    private static EventSelector management(ReadWriteType readWriteType) {
        return new EventSelector(readWriteType, true, List.of(), List.of());
    }

    private static BasicSelectors basic(EventSelector selector) {
        return new BasicSelectors(List.of(selector));
    }

    private static EventSelector dataSelector(DataResource... resources) {
        return new EventSelector(ReadWriteType.ALL, false, List.of(resources), List.of());
    }

    private static BasicSelectors data(DataResource... resources) {
        return basic(dataSelector(resources));
    }

    private static List<String> buckets(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "arn:aws:s3:::bucket-" + i + "/")
                .toList();
    }

    private static AdvancedEventSelector selector(FieldSelector... fieldSelectors) {
        return new AdvancedEventSelector(null, List.of(fieldSelectors));
    }

    private static AdvancedSelectors advanced(AdvancedEventSelector... selectors) {
        return new AdvancedSelectors(List.of(selectors));
    }
}

package dev.cairn.selector;

import static dev.cairn.selector.FieldSelector.endingWith;
import static dev.cairn.selector.FieldSelector.equalTo;
import static dev.cairn.selector.FieldSelector.notEqualTo;
import static dev.cairn.selector.FieldSelector.notStartingWith;
import static dev.cairn.selector.FieldSelector.startingWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.RawJson;
import dev.cairn.event.Resource;
import dev.cairn.event.UserIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    private static final String ACCOUNT = "123456789012";
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final String BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket";
    private static final String MY_FUNCTION = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:myFunction";
    private static final String TOPIC = "arn:aws:sns:us-east-1:" + ACCOUNT + ":myTopic.fifo";

    /** The advanced selectors of spec §6.2's example (awscli put-event-selectors). */
    static final AdvancedSelectors SPEC_EXAMPLE = new AdvancedSelectors(List.of(
            new AdvancedEventSelector("Log all management events", List.of(equalTo("eventCategory", "Management"))),
            new AdvancedEventSelector(
                    "Log PutObject and DeleteObject events for all but one bucket",
                    List.of(
                            equalTo("eventCategory", "Data"),
                            equalTo("resources.type", "AWS::S3::Object"),
                            equalTo("eventName", "PutObject", "DeleteObject"),
                            notStartingWith("resources.ARN", BUCKET + "/"))),
            new AdvancedEventSelector(
                    "Log data events for a specific Lambda function",
                    List.of(
                            equalTo("eventCategory", "Data"),
                            equalTo("resources.type", "AWS::Lambda::Function"),
                            equalTo("resources.ARN", MY_FUNCTION))),
            new AdvancedEventSelector(
                    "Log all Publish API calls on a specific SNS topic",
                    List.of(
                            equalTo("eventCategory", "Data"),
                            equalTo("resources.type", "AWS::SNS::Topic"),
                            equalTo("eventName", "Publish"),
                            equalTo("resources.ARN", TOPIC)))));

    // Null selectors: the default of a trail

    @Test
    void aTrailWithoutSelectorsDeliversEveryManagementEvent() {
        EventFilter filter = EventFilter.of(null);

        assertThat(filter.selects(
                        management("iam.amazonaws.com", "CreateUser", false).build()))
                .isTrue();
        assertThat(filter.selects(
                        management("iam.amazonaws.com", "ListUsers", true).build()))
                .isTrue();
        assertThat(filter.selects(
                        management("kms.amazonaws.com", "Decrypt", true).build()))
                .isTrue();
    }

    @Test
    void aTrailWithoutSelectorsDeliversNoDataNetworkOrInsightsEvent() {
        EventFilter filter = EventFilter.of(null);

        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/a.txt")))
                .isFalse();
        assertThat(filter.selects(networkActivity("kms.amazonaws.com", "Decrypt")))
                .isFalse();
        assertThat(filter.selects(insight())).isFalse();
    }

    @Test
    void oldRecordsWithoutEventCategoryAreManagementUnlessManagementEventIsFalse() {
        EventFilter filter = EventFilter.of(null);
        AuditEvent old = management("iam.amazonaws.com", "CreateUser", false)
                .eventCategory(null)
                .managementEvent(null)
                .build();
        AuditEvent oldData = old.toBuilder().managementEvent(false).build();

        assertThat(filter.selects(old)).isTrue();
        assertThat(filter.selects(oldData)).isFalse();
    }

    @Test
    void theDefaultSelectorsSelectWhatNoSelectorsSelect() {
        EventFilter none = EventFilter.of(null);
        EventFilter defaults = EventFilter.of(BasicSelectors.defaults());
        List<AuditEvent> events = List.of(
                management("iam.amazonaws.com", "CreateUser", false).build(),
                management("iam.amazonaws.com", "ListUsers", true).build(),
                management("signin.amazonaws.com", "ConsoleLogin", false)
                        .readOnly(null)
                        .build(),
                s3Object("GetObject", true, BUCKET + "/a.txt"),
                networkActivity("kms.amazonaws.com", "Decrypt"),
                insight());

        for (AuditEvent event : events) {
            assertThat(defaults.selects(event)).as(event.toString()).isEqualTo(none.selects(event));
        }
    }

    // Basic selectors: management events

    @Test
    void readOnlySelectorsTakeOnlyReadEvents() {
        EventFilter filter = basic(new EventSelector(ReadWriteType.READ_ONLY, true, List.of(), List.of()));

        assertThat(filter.selects(management("ec2.amazonaws.com", "GetConsoleOutput", true)
                        .build()))
                .isTrue();
        assertThat(filter.selects(
                        management("ec2.amazonaws.com", "RunInstances", false).build()))
                .isFalse();
    }

    @Test
    void writeOnlySelectorsTakeWriteEventsAndThoseWithoutReadOnly() {
        EventFilter filter = basic(new EventSelector(ReadWriteType.WRITE_ONLY, true, List.of(), List.of()));

        assertThat(filter.selects(
                        management("ec2.amazonaws.com", "RunInstances", false).build()))
                .isTrue();
        assertThat(filter.selects(management("ec2.amazonaws.com", "GetConsoleOutput", true)
                        .build()))
                .isFalse();
        assertThat(filter.selects(management("signin.amazonaws.com", "ConsoleLogin", false)
                        .readOnly(null)
                        .build()))
                .isTrue();
    }

    @Test
    void allSelectorsTakeReadAndWriteEvents() {
        EventFilter filter = basic(new EventSelector(ReadWriteType.ALL, true, List.of(), List.of()));

        assertThat(filter.selects(
                        management("ec2.amazonaws.com", "RunInstances", false).build()))
                .isTrue();
        assertThat(filter.selects(management("ec2.amazonaws.com", "GetConsoleOutput", true)
                        .build()))
                .isTrue();
    }

    @Test
    void managementEventsAreLeftOutWhenNotIncluded() {
        EventFilter filter = basic(new EventSelector(
                ReadWriteType.ALL,
                false,
                List.of(new DataResource("AWS::S3::Object", List.of("arn:aws:s3"))),
                List.of()));

        assertThat(filter.selects(
                        management("iam.amazonaws.com", "CreateUser", false).build()))
                .isFalse();
        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/a.txt")))
                .isTrue();
    }

    @Test
    void excludedSourcesAreLeftOutAndOthersKept() {
        EventFilter filter = basic(new EventSelector(ReadWriteType.ALL, true, List.of(), List.of("kms.amazonaws.com")));

        assertThat(filter.selects(
                        management("kms.amazonaws.com", "Decrypt", true).build()))
                .isFalse();
        assertThat(filter.selects(management("rdsdata.amazonaws.com", "ExecuteStatement", false)
                        .build()))
                .isTrue();
        assertThat(filter.selects(
                        management("iam.amazonaws.com", "CreateUser", false).build()))
                .isTrue();
    }

    @Test
    void anyBasicSelectorCanSelectAnEvent() {
        EventFilter filter = EventFilter.of(new BasicSelectors(List.of(
                new EventSelector(ReadWriteType.READ_ONLY, true, List.of(), List.of("kms.amazonaws.com")),
                new EventSelector(ReadWriteType.WRITE_ONLY, true, List.of(), List.of()))));

        assertThat(filter.selects(
                        management("kms.amazonaws.com", "Decrypt", true).build()))
                .isFalse();
        assertThat(filter.selects(
                        management("kms.amazonaws.com", "CreateKey", false).build()))
                .isTrue();
        assertThat(filter.selects(
                        management("iam.amazonaws.com", "ListUsers", true).build()))
                .isTrue();
    }

    // Basic selectors: data events

    @Test
    void aListingOfABucketIsTakenByAValueForTheBucketOrForAPrefixInIt() {
        AuditEvent listing = data("s3.amazonaws.com", "ListObjects", true)
                .resources(List.of(
                        Resource.underPrefix("AWS::S3::Object", BUCKET + "/"),
                        Resource.s3(BUCKET, ACCOUNT, "AWS::S3::Bucket")))
                .build();

        assertThat(s3Data(ReadWriteType.ALL, "arn:aws:s3").selects(listing)).isTrue();
        assertThat(s3Data(ReadWriteType.ALL, BUCKET + "/").selects(listing)).isTrue();
        assertThat(s3Data(ReadWriteType.READ_ONLY, BUCKET + "/logs/").selects(listing))
                .as("a prefix inside the listed bucket")
                .isTrue();
        assertThat(s3Data(ReadWriteType.WRITE_ONLY, BUCKET + "/").selects(listing))
                .isFalse();
        assertThat(s3Data(ReadWriteType.ALL, "arn:aws:s3:::amzn-s3-demo-bucket2/")
                        .selects(listing))
                .isFalse();
        assertThat(advanced(s3Selector(startingWith("resources.ARN", BUCKET + "/")))
                        .selects(listing))
                .as("resources.ARN of a listing is its ARN prefix")
                .isTrue();
    }

    @Test
    void anS3ValueIsAPrefixOfObjectArns() {
        EventFilter filter = s3Data(ReadWriteType.ALL, BUCKET + "/prefix");

        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/prefix/a.txt")))
                .isTrue();
        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/prefixed.txt")))
                .isTrue();
        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/other/a.txt")))
                .isFalse();
        assertThat(filter.selects(s3Object("PutObject", false, "arn:aws:s3:::amzn-s3-demo-bucket2/prefix/a")))
                .isFalse();
    }

    @Test
    void aBucketValueWithTheSlashTakesTheWholeBucketButNoOther() {
        EventFilter filter = s3Data(ReadWriteType.ALL, BUCKET + "/");

        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/any/key")))
                .isTrue();
        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "-logs/any/key")))
                .isFalse();
    }

    @Test
    void theAllS3ValuesTakeEveryObject() {
        for (String all : List.of("arn:aws:s3", "arn:aws:s3:::")) {
            EventFilter filter = s3Data(ReadWriteType.ALL, all);

            assertThat(filter.selects(s3Object("GetObject", true, "arn:aws:s3:::any-bucket/k")))
                    .isTrue();
        }
    }

    @Test
    void s3ObjectValuesDoNotTakeBucketResources() {
        EventFilter filter = s3Data(ReadWriteType.ALL, "arn:aws:s3");
        AuditEvent bucketOnly = data("s3.amazonaws.com", "ListObjects", true)
                .resources(List.of(Resource.of(BUCKET, ACCOUNT, "AWS::S3::Bucket")))
                .build();

        assertThat(filter.selects(bucketOnly)).isFalse();
    }

    @Test
    void aDataEventWithSeveralResourcesIsSelectedByAnyOfThem() {
        EventFilter filter = s3Data(ReadWriteType.ALL, BUCKET + "/");
        AuditEvent putObject = data("s3.amazonaws.com", "PutObject", false)
                .resources(List.of(
                        Resource.of(BUCKET, ACCOUNT, "AWS::S3::Bucket"),
                        Resource.of(BUCKET + "/a.txt", null, "AWS::S3::Object")))
                .build();

        assertThat(filter.selects(putObject)).isTrue();
    }

    @Test
    void readWriteTypeAppliesToDataEvents() {
        EventFilter filter = s3Data(ReadWriteType.READ_ONLY, "arn:aws:s3");

        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/a.txt")))
                .isTrue();
        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/a.txt")))
                .isFalse();
    }

    @Test
    void aLambdaValueIsAWholeFunctionArn() {
        EventFilter filter = basic(new EventSelector(
                ReadWriteType.ALL,
                false,
                List.of(new DataResource("AWS::Lambda::Function", List.of(MY_FUNCTION))),
                List.of()));

        assertThat(filter.selects(invoke(MY_FUNCTION))).isTrue();
        assertThat(filter.selects(invoke(MY_FUNCTION + "2"))).isFalse();
    }

    @Test
    void theAllLambdaValueTakesEveryFunction() {
        EventFilter filter = basic(new EventSelector(
                ReadWriteType.ALL,
                false,
                List.of(new DataResource("AWS::Lambda::Function", List.of("arn:aws:lambda"))),
                List.of()));

        assertThat(filter.selects(invoke(MY_FUNCTION))).isTrue();
        assertThat(filter.selects(invoke("arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:other")))
                .isTrue();
        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/a"))).isFalse();
    }

    @Test
    void aDynamoDbValueIsATableArnOrAllTables() {
        String orders = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/Orders";
        EventFilter one = basic(new EventSelector(
                ReadWriteType.ALL,
                false,
                List.of(new DataResource("AWS::DynamoDB::Table", List.of(orders))),
                List.of()));
        EventFilter all = basic(new EventSelector(
                ReadWriteType.ALL,
                false,
                List.of(new DataResource("AWS::DynamoDB::Table", List.of("arn:aws:dynamodb"))),
                List.of()));

        assertThat(one.selects(getItem(orders))).isTrue();
        assertThat(one.selects(getItem(orders + "Archive"))).isFalse();
        assertThat(all.selects(getItem(orders + "Archive"))).isTrue();
    }

    @Test
    void basicSelectorsNeverSelectNetworkActivityOrInsightsEvents() {
        EventFilter filter = basic(new EventSelector(
                ReadWriteType.ALL,
                true,
                List.of(new DataResource("AWS::S3::Object", List.of("arn:aws:s3"))),
                List.of()));

        assertThat(filter.selects(networkActivity("s3.amazonaws.com", "PutObject")))
                .isFalse();
        assertThat(filter.selects(insight())).isFalse();
    }

    // Advanced selectors: the spec's example

    @Test
    void theSpecExampleLogsAllManagementEvents() {
        EventFilter filter = EventFilter.of(SPEC_EXAMPLE);

        assertThat(filter.selects(
                        management("iam.amazonaws.com", "CreateUser", false).build()))
                .isTrue();
        assertThat(filter.selects(
                        management("kms.amazonaws.com", "Decrypt", true).build()))
                .isTrue();
    }

    @Test
    void theSpecExampleLogsPutAndDeleteObjectOfAllButOneBucket() {
        EventFilter filter = EventFilter.of(SPEC_EXAMPLE);

        assertThat(filter.selects(s3Object("PutObject", false, "arn:aws:s3:::other-bucket/a.txt")))
                .isTrue();
        assertThat(filter.selects(s3Object("DeleteObject", false, "arn:aws:s3:::other-bucket/a.txt")))
                .isTrue();
        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/a.txt")))
                .isFalse();
        assertThat(filter.selects(s3Object("GetObject", true, "arn:aws:s3:::other-bucket/a.txt")))
                .isFalse();
    }

    @Test
    void theSpecExampleLogsOneLambdaFunction() {
        EventFilter filter = EventFilter.of(SPEC_EXAMPLE);

        assertThat(filter.selects(invoke(MY_FUNCTION))).isTrue();
        assertThat(filter.selects(invoke(MY_FUNCTION + "2"))).isFalse();
    }

    @Test
    void theSpecExampleLogsPublishOnOneTopic() {
        EventFilter filter = EventFilter.of(SPEC_EXAMPLE);

        assertThat(filter.selects(publish("Publish", TOPIC))).isTrue();
        assertThat(filter.selects(publish("PublishBatch", TOPIC))).isFalse();
        assertThat(filter.selects(publish("Publish", "arn:aws:sns:us-east-1:" + ACCOUNT + ":otherTopic")))
                .isFalse();
    }

    @Test
    void theSpecExampleLogsNoNetworkActivityOrInsightsEvents() {
        EventFilter filter = EventFilter.of(SPEC_EXAMPLE);

        assertThat(filter.selects(networkActivity("kms.amazonaws.com", "Decrypt")))
                .isFalse();
        assertThat(filter.selects(insight())).isFalse();
    }

    // Advanced selectors: operators

    @Test
    void valuesOfAPositiveOperatorAreAlternatives() {
        EventFilter filter = advanced(s3Selector(startingWith("eventName", "Put", "Delete")));

        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/a"))).isTrue();
        assertThat(filter.selects(s3Object("DeleteObject", false, BUCKET + "/a")))
                .isTrue();
        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/a"))).isFalse();
    }

    @Test
    void aNegativeOperatorExcludesAnEventMatchingAnyOfItsValues() {
        EventFilter filter =
                advanced(s3Selector(notStartingWith("resources.ARN", BUCKET + "/private/", BUCKET + "/secret/")));

        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/private/a")))
                .isFalse();
        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/secret/a")))
                .isFalse();
        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/public/a")))
                .isTrue();
    }

    @Test
    void severalOperatorsOfOneFieldSelectorMustAllHold() {
        FieldSelector jsonOutsideTmp = new FieldSelector(
                "resources.ARN", null, List.of(BUCKET + "/"), List.of(".json"), null, List.of(BUCKET + "/tmp/"), null);
        EventFilter filter = advanced(s3Selector(jsonOutsideTmp));

        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/data/a.json")))
                .isTrue();
        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/data/a.csv")))
                .isFalse();
        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/tmp/a.json")))
                .isFalse();
    }

    @Test
    void fieldSelectorsOfASelectorMustAllMatch() {
        EventFilter filter = advanced(s3Selector(equalTo("eventName", "GetObject"), equalTo("readOnly", "false")));

        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/a"))).isFalse();
        assertThat(filter.selects(s3Object("GetObject", false, BUCKET + "/a"))).isTrue();
    }

    @Test
    void comparisonsAreCaseSensitive() {
        EventFilter filter = advanced(s3Selector(equalTo("eventName", "putobject")));

        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/a"))).isFalse();
    }

    @Test
    void anAsteriskIsAnOrdinaryCharacter() {
        EventFilter filter = advanced(s3Selector(startingWith("resources.ARN", "arn:aws:s3:::*")));

        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/a"))).isFalse();
    }

    @Test
    void anAbsentFieldFailsPositiveOperatorsAndPassesNegativeOnes() {
        AuditEvent withoutEndpoint = s3Object("GetObject", true, BUCKET + "/a");

        assertThat(advanced(s3Selector(startingWith("vpcEndpointId", "vpce-"))).selects(withoutEndpoint))
                .isFalse();
        assertThat(advanced(s3Selector(notStartingWith("userIdentity.arn", "arn:aws:iam::" + ACCOUNT + ":user/bob")))
                        .selects(withoutEndpoint))
                .isTrue();
    }

    @Test
    void userIdentityArnIsTheCallersArn() {
        EventFilter filter = advanced(s3Selector(endingWith("userIdentity.arn", ":user/alice")));

        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/a"))).isTrue();
        assertThat(advanced(s3Selector(endingWith("userIdentity.arn", ":user/bob")))
                        .selects(s3Object("GetObject", true, BUCKET + "/a")))
                .isFalse();
    }

    @Test
    void sessionCredentialFromConsoleIsFalseWhenAbsent() {
        AuditEvent fromCli = s3Object("GetObject", true, BUCKET + "/a");
        AuditEvent fromConsole =
                fromCli.toBuilder().sessionCredentialFromConsole(true).build();
        EventFilter consoleOnly = advanced(s3Selector(equalTo("sessionCredentialFromConsole", "true")));
        EventFilter notConsole = advanced(s3Selector(equalTo("sessionCredentialFromConsole", "false")));

        assertThat(consoleOnly.selects(fromConsole)).isTrue();
        assertThat(consoleOnly.selects(fromCli)).isFalse();
        assertThat(notConsole.selects(fromCli)).isTrue();
        assertThat(notConsole.selects(fromConsole)).isFalse();
    }

    // Advanced selectors: categories and resources

    @Test
    void resourceConditionsMustHoldForOneResourceTogether() {
        AuditEvent twoResources = data("lambda.amazonaws.com", "Invoke", false)
                .resources(List.of(
                        Resource.of(BUCKET + "/a", null, "AWS::S3::Object"),
                        Resource.of(MY_FUNCTION, ACCOUNT, "AWS::Lambda::Function")))
                .build();
        EventFilter functionArn = advanced(selector(
                equalTo("eventCategory", "Data"),
                equalTo("resources.type", "AWS::Lambda::Function"),
                equalTo("resources.ARN", MY_FUNCTION)));
        EventFilter objectArnOfAFunction = advanced(selector(
                equalTo("eventCategory", "Data"),
                equalTo("resources.type", "AWS::Lambda::Function"),
                startingWith("resources.ARN", BUCKET + "/")));

        assertThat(functionArn.selects(twoResources)).isTrue();
        assertThat(objectArnOfAFunction.selects(twoResources)).isFalse();
    }

    @Test
    void aDataEventWithoutResourcesIsNotSelectedByResourceConditions() {
        AuditEvent bare = data("s3.amazonaws.com", "PutObject", false).build();

        assertThat(advanced(s3Selector()).selects(bare)).isFalse();
    }

    @Test
    void dataSelectorsDoNotSelectManagementEvents() {
        AuditEvent createBucket = management("s3.amazonaws.com", "CreateBucket", false)
                .resources(List.of(Resource.of(BUCKET + "/a", null, "AWS::S3::Object")))
                .build();

        assertThat(advanced(s3Selector()).selects(createBucket)).isFalse();
    }

    @Test
    void managementSelectorsTakeOldRecordsWithoutEventCategory() {
        AuditEvent old = management("iam.amazonaws.com", "CreateUser", false)
                .eventCategory(null)
                .managementEvent(null)
                .build();

        assertThat(advanced(selector(equalTo("eventCategory", "Management"))).selects(old))
                .isTrue();
    }

    @Test
    void aRecordSayingManagementButManagementEventFalseIsSelectedByNoSelector() {
        AuditEvent contradictory = management("iam.amazonaws.com", "CreateUser", false)
                .managementEvent(false)
                .build();

        assertThat(advanced(selector(equalTo("eventCategory", "Management"))).selects(contradictory))
                .isFalse();
        assertThat(EventFilter.of(null).selects(contradictory)).isFalse();
    }

    @Test
    void managementSelectorsFilterByReadOnlyAndExcludedSources() {
        EventFilter filter = advanced(selector(
                equalTo("eventCategory", "Management"),
                equalTo("readOnly", "true"),
                notEqualTo("eventSource", "kms.amazonaws.com")));

        assertThat(filter.selects(
                        management("iam.amazonaws.com", "ListUsers", true).build()))
                .isTrue();
        assertThat(filter.selects(
                        management("iam.amazonaws.com", "CreateUser", false).build()))
                .isFalse();
        assertThat(filter.selects(
                        management("kms.amazonaws.com", "Decrypt", true).build()))
                .isFalse();
    }

    @Test
    void networkActivityEventsAreSelectedOnlyByNetworkActivitySelectors() {
        EventFilter network = advanced(selector(
                equalTo("eventCategory", "NetworkActivity"),
                equalTo("eventSource", "kms.amazonaws.com"),
                equalTo("errorCode", "VpceAccessDenied")));
        AuditEvent denied = networkActivity("kms.amazonaws.com", "Decrypt").toBuilder()
                .errorCode("VpceAccessDenied")
                .build();

        assertThat(network.selects(denied)).isTrue();
        assertThat(network.selects(networkActivity("kms.amazonaws.com", "Decrypt")))
                .isFalse();
        assertThat(network.selects(networkActivity("s3.amazonaws.com", "GetObject").toBuilder()
                        .errorCode("VpceAccessDenied")
                        .build()))
                .isFalse();
        assertThat(advanced(selector(equalTo("eventCategory", "Management"))).selects(denied))
                .isFalse();
        assertThat(network.selects(
                        management("kms.amazonaws.com", "Decrypt", true).build()))
                .isFalse();
    }

    @Test
    void insightsEventsAreNeverSelected() {
        EventFilter filter = new AdvancedFilter(new AdvancedSelectors(List.of(
                selector(equalTo("eventCategory", "Management")), selector(notEqualTo("eventCategory", "Data")))));

        assertThat(filter.selects(insight())).isFalse();
    }

    @Test
    void anySelectorCanSelectAnEvent() {
        EventFilter filter = EventFilter.of(new AdvancedSelectors(List.of(
                selector(equalTo("eventCategory", "Management"), equalTo("readOnly", "false")),
                s3Selector(equalTo("eventName", "GetObject")))));

        assertThat(filter.selects(
                        management("iam.amazonaws.com", "CreateUser", false).build()))
                .isTrue();
        assertThat(filter.selects(s3Object("GetObject", true, BUCKET + "/a"))).isTrue();
        assertThat(filter.selects(
                        management("iam.amazonaws.com", "ListUsers", true).build()))
                .isFalse();
        assertThat(filter.selects(s3Object("PutObject", false, BUCKET + "/a"))).isFalse();
    }

    @Test
    void aSelectorOnAFieldNoSelectorKnowsSelectsNothingByPositiveOperators() {
        EventFilter positive =
                advanced(selector(equalTo("eventCategory", "Management"), equalTo("requestParameters", "x")));
        EventFilter negative =
                advanced(selector(equalTo("eventCategory", "Management"), notEqualTo("requestParameters", "x")));
        AuditEvent event = management("iam.amazonaws.com", "CreateUser", false).build();

        assertThat(positive.selects(event)).isFalse();
        assertThat(negative.selects(event)).isTrue();
    }

    // Helpers

    private static EventFilter basic(EventSelector selector) {
        return EventFilter.of(new BasicSelectors(List.of(selector)));
    }

    private static EventFilter s3Data(ReadWriteType readWriteType, String value) {
        return basic(new EventSelector(
                readWriteType, false, List.of(new DataResource("AWS::S3::Object", List.of(value))), List.of()));
    }

    private static EventFilter advanced(AdvancedEventSelector selector) {
        return EventFilter.of(new AdvancedSelectors(List.of(selector)));
    }

    private static AdvancedEventSelector selector(FieldSelector... fieldSelectors) {
        return new AdvancedEventSelector(null, List.of(fieldSelectors));
    }

    /** An S3 object data selector with {@code more} conditions. */
    private static AdvancedEventSelector s3Selector(FieldSelector... more) {
        List<FieldSelector> fieldSelectors = new ArrayList<>(
                List.of(equalTo("eventCategory", "Data"), equalTo("resources.type", "AWS::S3::Object")));
        fieldSelectors.addAll(List.of(more));
        return new AdvancedEventSelector(null, fieldSelectors);
    }

    private static UserIdentity alice() {
        return UserIdentity.builder()
                .type("IAMUser")
                .principalId("AIDAEXAMPLE")
                .arn("arn:aws:iam::" + ACCOUNT + ":user/alice")
                .accountId(ACCOUNT)
                .userName("alice")
                .build();
    }

    private static AuditEvent.Builder call(String source, String name, boolean readOnly) {
        return AuditEvent.builder()
                .userIdentity(alice())
                .eventTime(T)
                .eventSource(source)
                .eventName(name)
                .awsRegion("us-east-1")
                .eventID("evt-" + name)
                .readOnly(readOnly)
                .eventType("AwsApiCall")
                .recipientAccountId(ACCOUNT);
    }

    private static AuditEvent.Builder management(String source, String name, boolean readOnly) {
        return call(source, name, readOnly).managementEvent(true).eventCategory("Management");
    }

    private static AuditEvent.Builder data(String source, String name, boolean readOnly) {
        return call(source, name, readOnly).managementEvent(false).eventCategory("Data");
    }

    private static AuditEvent s3Object(String name, boolean readOnly, String objectArn) {
        return data("s3.amazonaws.com", name, readOnly)
                .resources(List.of(Resource.of(objectArn, null, "AWS::S3::Object")))
                .build();
    }

    private static AuditEvent invoke(String functionArn) {
        return data("lambda.amazonaws.com", "Invoke", false)
                .resources(List.of(Resource.of(functionArn, ACCOUNT, "AWS::Lambda::Function")))
                .build();
    }

    private static AuditEvent getItem(String tableArn) {
        return data("dynamodb.amazonaws.com", "GetItem", true)
                .resources(List.of(Resource.of(tableArn, ACCOUNT, "AWS::DynamoDB::Table")))
                .build();
    }

    private static AuditEvent publish(String name, String topicArn) {
        return data("sns.amazonaws.com", name, false)
                .resources(List.of(Resource.of(topicArn, ACCOUNT, "AWS::SNS::Topic")))
                .build();
    }

    private static AuditEvent networkActivity(String source, String name) {
        return call(source, name, true)
                .readOnly(null)
                .eventType("AwsVpceEvent")
                .managementEvent(false)
                .eventCategory("NetworkActivity")
                .vpcEndpointId("vpce-0123456789abcdef0")
                .build();
    }

    private static AuditEvent insight() {
        return AuditEvent.builder()
                .eventTime(T)
                .awsRegion("us-east-1")
                .eventID("insight-1")
                .eventType("AwsCloudTrailInsight")
                .recipientAccountId(ACCOUNT)
                .sharedEventID("shared-1")
                .insightDetails(RawJson.of("{\"state\":\"Start\",\"eventSource\":\"iam.amazonaws.com\"}"))
                .eventCategory("Insight")
                .build();
    }
}

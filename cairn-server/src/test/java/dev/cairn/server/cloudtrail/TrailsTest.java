package dev.cairn.server.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.bucket.Bucket;
import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.StoredObject;
import dev.cairn.history.LookupResult;
import dev.cairn.identity.Caller;
import dev.cairn.identity.PrincipalType;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Input;
import dev.cairn.protocol.operation.Operation;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.signing.SigningKey;
import dev.cairn.signing.SigningKeyStore;
import dev.cairn.testkit.metadata.InMemoryMetadataStore;
import dev.cairn.testkit.time.ManualClock;
import dev.cairn.trail.DeliveryStatus;
import dev.cairn.trail.TrailRepository;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The trail operations driven through their registered handlers, over an in-memory metadata store. */
class TrailsTest {
    static final String ACCOUNT = "123456789012";
    static final String OTHER_ACCOUNT = "210987654321";
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.250Z");

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final TrailRepository repository = new TrailRepository(store);
    private final Buckets buckets = new Buckets();
    private final Keys keys = new Keys();
    private final Map<String, DeliveryStatus> statuses = new HashMap<>();
    private final OperationRegistry registry = new OperationRegistry();

    TrailsTest() {
        new CloudTrailService(
                        q -> new LookupResult(List.of(), null),
                        new byte[32],
                        clock,
                        Duration.ofDays(90),
                        0,
                        repository,
                        buckets,
                        keys,
                        arn -> statuses.getOrDefault(arn, DeliveryStatus.NONE),
                        ACCOUNT)
                .register(registry);
        buckets.names.add("trail-bucket");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private @Nullable ObjectNode call(String operation, String region, String account, String json) {
        Operation op = registry.operation(CloudTrailService.MODEL, operation).orElseThrow();
        ObjectNode input;
        try {
            input = (ObjectNode) JsonProtocol.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
        Caller caller = new Caller(
                PrincipalType.ROOT, account, "arn:aws:iam::" + account + ":root", account, null, "AKIATEST", null);
        Call call = new Call(
                "req",
                op,
                new Input(input, CommonError.VALIDATION_EXCEPTION),
                caller,
                region,
                clock.now(),
                "127.0.0.1",
                null);
        return op.handler().handle(call);
    }

    private @Nullable ObjectNode call(String operation, String json) {
        return call(operation, "us-east-1", ACCOUNT, json);
    }

    private AwsException fails(String operation, String region, String json) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> call(operation, region, ACCOUNT, json));
        assertThat(e).as("%s %s should fail", operation, json).isNotNull();
        return e;
    }

    private AwsException fails(String operation, String json) {
        return fails(operation, "us-east-1", json);
    }

    private ObjectNode create(String name, String region, String extra) {
        return call(
                "CreateTrail",
                region,
                ACCOUNT,
                "{\"Name\":\"" + name + "\",\"S3BucketName\":\"trail-bucket\"" + extra + "}");
    }

    private static String arn(String region, String name) {
        return "arn:aws:cloudtrail:" + region + ":" + ACCOUNT + ":trail/" + name;
    }

    // ---- create, get, describe -----------------------------------------------------------------

    @Test
    void createdTrailHasAwsDefaultsAndNoHomeRegionInTheAnswer() {
        ObjectNode created = create("Trail1", "us-east-1", "");

        assertThat(created.toString())
                .isEqualTo("{\"Name\":\"Trail1\",\"S3BucketName\":\"trail-bucket\",\"IncludeGlobalServiceEvents\":true,"
                        + "\"IsMultiRegionTrail\":false,\"TrailARN\":\"" + arn("us-east-1", "Trail1") + "\","
                        + "\"LogFileValidationEnabled\":false,\"IsOrganizationTrail\":false}");
        JsonNode trail = call("GetTrail", "{\"Name\":\"Trail1\"}").get("Trail");
        assertThat(trail.get("HomeRegion").asText()).isEqualTo("us-east-1");
        assertThat(trail.get("HasCustomEventSelectors").asBoolean()).isFalse();
        assertThat(trail.get("HasInsightSelectors").asBoolean()).isFalse();
        assertThat(trail.has("S3KeyPrefix")).isFalse();
        assertThat(call("GetTrail", "{\"Name\":\"" + arn("us-east-1", "Trail1") + "\"}")
                        .get("Trail"))
                .isEqualTo(trail);
    }

    @Test
    void optionalSettingsAreKeptAndNormalized() {
        ObjectNode created = create(
                "Full",
                "eu-west-1",
                ",\"S3KeyPrefix\":\"logs/\",\"SnsTopicName\":\"topic\",\"KmsKeyId\":\"alias/trail\","
                        + "\"CloudWatchLogsLogGroupArn\":\"arn:aws:logs:eu-west-1:123456789012:log-group:g:*\","
                        + "\"CloudWatchLogsRoleArn\":\"arn:aws:iam::123456789012:role/r\",\"EnableLogFileValidation\":true,"
                        + "\"IsMultiRegionTrail\":true,\"TagsList\":[{\"Key\":\"team\",\"Value\":\"audit\"}]");

        assertThat(created.get("S3KeyPrefix").asText()).isEqualTo("logs/");
        assertThat(created.get("SnsTopicName").asText()).isEqualTo("topic");
        assertThat(created.get("SnsTopicARN").asText()).isEqualTo("arn:aws:sns:eu-west-1:123456789012:topic");
        assertThat(created.get("KmsKeyId").asText()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:alias/trail");
        assertThat(created.get("LogFileValidationEnabled").asBoolean()).isTrue();
        assertThat(created.get("IsMultiRegionTrail").asBoolean()).isTrue();
    }

    @Test
    void badNamesGetInvalidTrailNameAndBadArnsCloudTrailArnInvalid() {
        AwsException shortName = fails("CreateTrail", "{\"Name\":\"ab\",\"S3BucketName\":\"trail-bucket\"}");
        assertThat(shortName.code()).isEqualTo("InvalidTrailNameException");
        assertThat(shortName.getMessage())
                .isEqualTo("Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2"
                        + " characters.");
        assertThat(fails("GetTrail", "{\"Name\":\"my--trail\"}").code()).isEqualTo("InvalidTrailNameException");
        assertThat(fails("GetTrail", "{\"Name\":\"arn:aws:cloudtrail:us-east-1:123:trail/x\"}")
                        .code())
                .isEqualTo("CloudTrailARNInvalidException");
    }

    @Test
    void aSecondTrailOfTheSameNameIsRefused() {
        create("Dup", "us-east-1", "");

        AwsException e = fails("CreateTrail", "{\"Name\":\"Dup\",\"S3BucketName\":\"trail-bucket\"}");

        assertThat(e.code()).isEqualTo("TrailAlreadyExistsException");
        assertThat(e.getMessage()).isEqualTo("Trail Dup already exists for customer: " + ACCOUNT);
        assertThat(create("Dup", "us-west-2", "").get("TrailARN").asText()).isEqualTo(arn("us-west-2", "Dup"));
    }

    @Test
    void aRegionHoldsFiveTrailsCountingMultiRegionTrailsCreatedElsewhere() {
        create("everywhere", "eu-west-1", ",\"IsMultiRegionTrail\":true");
        for (int i = 1; i <= 4; i++) {
            create("t" + i + "x", "us-east-1", "");
        }

        AwsException e = fails("CreateTrail", "{\"Name\":\"sixth\",\"S3BucketName\":\"trail-bucket\"}");

        assertThat(e.code()).isEqualTo("MaximumNumberOfTrailsExceededException");
        assertThat(e.getMessage()).isEqualTo("User: " + ACCOUNT + " already has 5 trails in us-east-1.");
        AwsException multi = fails(
                "CreateTrail",
                "eu-west-2",
                "{\"Name\":\"multi\",\"S3BucketName\":\"trail-bucket\",\"IsMultiRegionTrail\":true}");
        assertThat(multi.getMessage()).isEqualTo("User: " + ACCOUNT + " already has 5 trails in us-east-1.");
    }

    @Test
    void parameterErrorsGetTheirOwnCodes() {
        assertThat(fails("CreateTrail", "{\"Name\":\"abc\",\"S3BucketName\":\"missing-bucket\"}")
                        .getMessage())
                .isEqualTo("S3 bucket missing-bucket does not exist.");
        assertThat(fails("CreateTrail", "{\"Name\":\"abc\",\"S3BucketName\":\"Bad_Bucket\"}")
                        .code())
                .isEqualTo("InvalidS3BucketNameException");
        assertThat(fails("CreateTrail", "{\"Name\":\"abc\",\"S3BucketName\":\"trail-bucket\",\"S3KeyPrefix\":\"/x\"}")
                        .code())
                .isEqualTo("InvalidS3PrefixException");
        assertThat(fails(
                                "CreateTrail",
                                "{\"Name\":\"abc\",\"S3BucketName\":\"trail-bucket\",\"S3KeyPrefix\":\""
                                        + "p".repeat(201) + "\"}")
                        .code())
                .isEqualTo("InvalidS3PrefixException");
        AwsException global = fails(
                "CreateTrail",
                "{\"Name\":\"abc\",\"S3BucketName\":\"trail-bucket\",\"IsMultiRegionTrail\":true,"
                        + "\"IncludeGlobalServiceEvents\":false}");
        assertThat(global.code()).isEqualTo("InvalidParameterCombinationException");
        assertThat(global.getMessage()).isEqualTo("Multi-Region trail must include global service events.");
        assertThat(fails(
                                "CreateTrail",
                                "{\"Name\":\"abc\",\"S3BucketName\":\"trail-bucket\","
                                        + "\"CloudWatchLogsRoleArn\":\"arn:aws:iam::123456789012:role/r\"}")
                        .code())
                .isEqualTo("InvalidParameterCombinationException");
        assertThat(fails("CreateTrail", "{\"Name\":\"abc\",\"S3BucketName\":\"trail-bucket\",\"KmsKeyId\":\"nope\"}")
                        .code())
                .isEqualTo("InvalidKmsKeyIdException");
        assertThat(fails("CreateTrail", "{\"Name\":\"abc\",\"S3BucketName\":\"trail-bucket\",\"SnsTopicName\":\"a b\"}")
                        .code())
                .isEqualTo("InvalidSnsTopicNameException");
        AwsException org = catchThrowableOfType(
                AwsException.class,
                () -> call(
                        "CreateTrail",
                        "us-east-1",
                        OTHER_ACCOUNT,
                        "{\"Name\":\"abc\",\"S3BucketName\":\"trail-bucket\",\"IsOrganizationTrail\":true}"));
        assertThat(org.code()).isEqualTo("NotOrganizationMasterAccountException");
        assertThat(repository.all()).isEmpty();
    }

    @Test
    void describeTrailsShowsShadowTrailsUnlessAskedNotTo() {
        create("home", "us-east-1", "");
        create("global", "eu-west-1", ",\"IsMultiRegionTrail\":true");
        create("local", "eu-west-1", "");

        assertThat(names(call("DescribeTrails", "{}"))).containsExactlyInAnyOrder("home", "global");
        assertThat(names(call("DescribeTrails", "{\"includeShadowTrails\":false}")))
                .containsExactly("home");
        assertThat(names(call("DescribeTrails", "{\"trailNameList\":[\"global\",\"home\",\"nothing\"]}")))
                .containsExactly("home");
        assertThat(names(call(
                        "DescribeTrails",
                        "{\"trailNameList\":[\"" + arn("eu-west-1", "global") + "\",\"" + arn("eu-west-1", "local")
                                + "\"]}")))
                .containsExactly("global");
        assertThat(fails("DescribeTrails", "{\"trailNameList\":[\"x\"]}").code())
                .isEqualTo("InvalidTrailNameException");
    }

    private static List<String> names(@Nullable ObjectNode out) {
        List<String> names = new ArrayList<>();
        out.get("trailList").forEach(t -> names.add(t.get("Name").asText()));
        return names;
    }

    @Test
    void listTrailsPagesThroughEveryRegionOfTheAccount() {
        List<String> expected = new ArrayList<>();
        for (int r = 1; r <= 11; r++) {
            for (int i = 1; i <= 5; i++) {
                String region = "xx-test-" + r;
                create("trail" + i, region, "");
                expected.add(arn(region, "trail" + i));
            }
        }
        call("CreateTrail", "us-east-1", OTHER_ACCOUNT, "{\"Name\":\"theirs\",\"S3BucketName\":\"trail-bucket\"}");

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ObjectNode page = call("ListTrails", token == null ? "{}" : "{\"NextToken\":\"" + token + "\"}");
            page.get("Trails").forEach(t -> seen.add(t.get("TrailARN").asText()));
            token = page.has("NextToken") ? page.get("NextToken").asText() : null;
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    }

    // ---- changes in the home region only ------------------------------------------------------

    @Test
    void updateChangesOnlyWhatIsGivenAndEmptyStringsRemove() {
        create("upd", "us-east-1", ",\"SnsTopicName\":\"topic\",\"S3KeyPrefix\":\"p\"");

        ObjectNode updated =
                call("UpdateTrail", "{\"Name\":\"upd\",\"SnsTopicName\":\"\",\"EnableLogFileValidation\":true}");

        assertThat(updated.has("SnsTopicName")).isFalse();
        assertThat(updated.get("S3KeyPrefix").asText()).isEqualTo("p");
        assertThat(updated.get("LogFileValidationEnabled").asBoolean()).isTrue();
        assertThat(fails("UpdateTrail", "{\"Name\":\"upd\",\"S3BucketName\":\"gone-bucket\"}")
                        .code())
                .isEqualTo("S3BucketDoesNotExistException");
        assertThat(fails("UpdateTrail", "{\"Name\":\"nope\"}").getMessage())
                .isEqualTo("Unknown trail: nope for the user: " + ACCOUNT);
    }

    @Test
    void changesOutsideTheHomeRegionAreRefused() {
        create("global", "eu-west-1", ",\"IsMultiRegionTrail\":true");
        String arn = arn("eu-west-1", "global");

        for (String op : List.of("UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")) {
            assertThat(fails(op, "{\"Name\":\"" + arn + "\"}").code()).as(op).isEqualTo("InvalidHomeRegionException");
        }
        assertThat(fails("PutEventSelectors", "{\"TrailName\":\"" + arn + "\",\"EventSelectors\":[{}]}")
                        .code())
                .isEqualTo("InvalidHomeRegionException");
        assertThat(fails("DeleteTrail", "{\"Name\":\"global\"}").code()).isEqualTo("TrailNotFoundException");
        assertThat(call("GetTrailStatus", "{\"Name\":\"" + arn + "\"}")
                        .get("IsLogging")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void deleteRemovesTheTrail() {
        create("gone", "us-east-1", "");

        assertThat(call("DeleteTrail", "{\"Name\":\"gone\"}")).isNull();

        assertThat(fails("GetTrail", "{\"Name\":\"gone\"}").code()).isEqualTo("TrailNotFoundException");
        assertThat(fails("DeleteTrail", "{\"Name\":\"gone\"}").code()).isEqualTo("TrailNotFoundException");
    }

    // ---- status and logging --------------------------------------------------------------------

    @Test
    void statusFollowsStartAndStopAndTheDeliveryBoard() {
        create("st1", "us-east-1", "");
        ObjectNode before = call("GetTrailStatus", "{\"Name\":\"st1\"}");
        assertThat(before.toString())
                .isEqualTo(
                        "{\"IsLogging\":false,\"LatestDeliveryAttemptTime\":\"\",\"LatestNotificationAttemptTime\":\"\","
                                + "\"LatestNotificationAttemptSucceeded\":\"\",\"LatestDeliveryAttemptSucceeded\":\"\","
                                + "\"TimeLoggingStarted\":\"\",\"TimeLoggingStopped\":\"\"}");

        call("StartLogging", "{\"Name\":\"st1\"}");
        clock.advance(Duration.ofMinutes(5));
        statuses.put(
                arn("us-east-1", "st1"),
                new DeliveryStatus(
                        NOW.plusSeconds(60), NOW.plusSeconds(120), "AccessDenied", NOW.plusSeconds(180), null));
        ObjectNode logging = call("GetTrailStatus", "{\"Name\":\"st1\"}");

        assertThat(logging.get("IsLogging").asBoolean()).isTrue();
        assertThat(logging.get("StartLoggingTime").decimalValue()).isEqualByComparingTo("1772366400.250");
        assertThat(logging.get("TimeLoggingStarted").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(logging.get("LatestDeliveryTime").decimalValue()).isEqualByComparingTo("1772366460.250");
        assertThat(logging.get("LatestDeliveryAttemptTime").asText()).isEqualTo("2026-03-01T12:02:00Z");
        assertThat(logging.get("LatestDeliveryError").asText()).isEqualTo("AccessDenied");
        assertThat(logging.get("LatestDigestDeliveryTime").decimalValue()).isEqualByComparingTo("1772366580.250");
        assertThat(logging.has("StopLoggingTime")).isFalse();

        call("StopLogging", "{\"Name\":\"st1\"}");
        ObjectNode stopped = call("GetTrailStatus", "{\"Name\":\"st1\"}");
        assertThat(stopped.get("IsLogging").asBoolean()).isFalse();
        assertThat(stopped.get("StopLoggingTime").decimalValue()).isEqualByComparingTo("1772366700.250");
        assertThat(stopped.get("TimeLoggingStopped").asText()).isEqualTo("2026-03-01T12:05:00Z");
        assertThat(repository.byArn(arn("us-east-1", "st1")).orElseThrow().logging())
                .isFalse();
    }

    @Test
    void statusOfAnUnknownNameNamesItsArn() {
        assertThat(fails("GetTrailStatus", "{\"Name\":\"ghost\"}").getMessage())
                .isEqualTo("Unknown trail: " + arn("us-east-1", "ghost") + " for the user: " + ACCOUNT);
    }

    // ---- selectors -----------------------------------------------------------------------------

    @Test
    void eventSelectorsDefaultToBasicAndOneKindReplacesTheOther() {
        create("sel", "us-east-1", "");
        assertThat(call("GetEventSelectors", "{\"TrailName\":\"sel\"}").toString())
                .isEqualTo("{\"TrailARN\":\"" + arn("us-east-1", "sel") + "\",\"EventSelectors\":[{\"ReadWriteType\":"
                        + "\"All\",\"IncludeManagementEvents\":true,\"DataResources\":[],"
                        + "\"ExcludeManagementEventSources\":[]}]}");

        String advanced =
                "[{\"Name\":\"m\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}]";
        ObjectNode put =
                call("PutEventSelectors", "{\"TrailName\":\"sel\",\"AdvancedEventSelectors\":" + advanced + "}");

        assertThat(put.get("AdvancedEventSelectors").toString()).isEqualTo(advanced);
        ObjectNode got = call("GetEventSelectors", "{\"TrailName\":\"sel\"}");
        assertThat(got.has("EventSelectors")).isFalse();
        assertThat(got.get("AdvancedEventSelectors").toString()).isEqualTo(advanced);
        assertThat(call("GetTrail", "{\"Name\":\"sel\"}")
                        .get("Trail")
                        .get("HasCustomEventSelectors")
                        .asBoolean())
                .isTrue();

        call("PutEventSelectors", "{\"TrailName\":\"sel\",\"EventSelectors\":[{\"ReadWriteType\":\"ReadOnly\"}]}");
        got = call("GetEventSelectors", "{\"TrailName\":\"sel\"}");
        assertThat(got.has("AdvancedEventSelectors")).isFalse();
        assertThat(got.get("EventSelectors").get(0).get("ReadWriteType").asText())
                .isEqualTo("ReadOnly");
    }

    @Test
    void invalidEventSelectorsAreRefusedWithoutChange() {
        create("bad", "us-east-1", "");

        assertThat(fails(
                                "PutEventSelectors",
                                "{\"TrailName\":\"bad\",\"EventSelectors\":[{}],\"AdvancedEventSelectors\":[]}")
                        .code())
                .isEqualTo("InvalidEventSelectorsException");
        assertThat(fails("PutEventSelectors", "{\"TrailName\":\"bad\"}").code())
                .isEqualTo("InvalidEventSelectorsException");
        assertThat(fails("PutEventSelectors", "{\"TrailName\":\"bad\",\"EventSelectors\":[{},{},{},{},{},{}]}")
                        .code())
                .isEqualTo("InvalidEventSelectorsException");
        assertThat(repository.byArn(arn("us-east-1", "bad")).orElseThrow().selectors())
                .isNull();
    }

    @Test
    void insightSelectorsReplaceAndNeedWhatTheyWatch() {
        create("ins", "us-east-1", "");
        AwsException none = fails("GetInsightSelectors", "{\"TrailName\":\"ins\"}");
        assertThat(none.code()).isEqualTo("InsightNotEnabledException");
        assertThat(none.getMessage())
                .isEqualTo(
                        "Trail " + arn("us-east-1", "ins") + " does not have Insights enabled. Edit the trail settings"
                                + " to enable Insights, and then try the operation again.");

        call(
                "PutInsightSelectors",
                "{\"TrailName\":\"ins\",\"InsightSelectors\":[{\"InsightType\":\"ApiCallRateInsight\"}]}");
        ObjectNode put = call(
                "PutInsightSelectors",
                "{\"TrailName\":\"ins\",\"InsightSelectors\":[{\"InsightType\":\"ApiErrorRateInsight\","
                        + "\"EventCategories\":[\"Management\"]}]}");

        assertThat(put.get("InsightSelectors").toString())
                .isEqualTo("[{\"InsightType\":\"ApiErrorRateInsight\",\"EventCategories\":[\"Management\"]}]");
        assertThat(call("GetInsightSelectors", "{\"TrailName\":\"ins\"}").get("InsightSelectors"))
                .isEqualTo(put.get("InsightSelectors"));
        assertThat(call("GetTrail", "{\"Name\":\"ins\"}")
                        .get("Trail")
                        .get("HasInsightSelectors")
                        .asBoolean())
                .isTrue();

        assertThat(fails(
                                "PutInsightSelectors",
                                "{\"TrailName\":\"ins\",\"InsightSelectors\":[{\"InsightType\":\"ApiCallRateInsight\","
                                        + "\"EventCategories\":[\"Data\"]}]}")
                        .code())
                .isEqualTo("InvalidInsightSelectorsException");
        call("PutEventSelectors", "{\"TrailName\":\"ins\",\"EventSelectors\":[{\"ReadWriteType\":\"ReadOnly\"}]}");
        assertThat(fails(
                                "PutInsightSelectors",
                                "{\"TrailName\":\"ins\",\"InsightSelectors\":[{\"InsightType\":\"ApiCallRateInsight\"}]}")
                        .code())
                .isEqualTo("InvalidInsightSelectorsException");
        assertThat(fails(
                                "PutInsightSelectors",
                                "{\"TrailName\":\"ins\",\"InsightSelectors\":[{\"InsightType\":\"Nope\"}]}")
                        .code())
                .isEqualTo("InvalidInsightSelectorsException");

        call("PutInsightSelectors", "{\"TrailName\":\"ins\",\"InsightSelectors\":[]}");
        assertThat(fails("GetInsightSelectors", "{\"TrailName\":\"ins\"}").code())
                .isEqualTo("InsightNotEnabledException");
    }

    // ---- tags ----------------------------------------------------------------------------------

    @Test
    void tagsAreAddedOverwrittenListedAndRemoved() {
        create("tagged", "us-east-1", ",\"TagsList\":[{\"Key\":\"a\",\"Value\":\"1\"}]");
        String arn = arn("us-east-1", "tagged");

        call(
                "AddTags",
                "{\"ResourceId\":\"" + arn + "\",\"TagsList\":[{\"Key\":\"a\",\"Value\":\"2\"},{\"Key\":\"b\"}]}");

        assertThat(call("ListTags", "{\"ResourceIdList\":[\"" + arn + "\"]}").toString())
                .isEqualTo("{\"ResourceTagList\":[{\"ResourceId\":\"" + arn + "\",\"TagsList\":[{\"Key\":\"a\","
                        + "\"Value\":\"2\"},{\"Key\":\"b\"}]}]}");
        call("RemoveTags", "{\"ResourceId\":\"" + arn + "\",\"TagsList\":[{\"Key\":\"a\"}]}");
        assertThat(call("ListTags", "{\"ResourceIdList\":[\"" + arn + "\"]}")
                        .get("ResourceTagList")
                        .get(0)
                        .get("TagsList")
                        .toString())
                .isEqualTo("[{\"Key\":\"b\"}]");
    }

    @Test
    void tagErrorsGetTheirCodes() {
        create("tags", "us-east-1", "");
        String arn = arn("us-east-1", "tags");
        StringBuilder fifty = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            fifty.append(i == 0 ? "" : ",").append("{\"Key\":\"k").append(i).append("\"}");
        }

        assertThat(fails("AddTags", "{\"ResourceId\":\"" + arn + "\",\"TagsList\":[" + fifty + "]}")
                        .code())
                .isEqualTo("TagsLimitExceededException");
        assertThat(fails("AddTags", "{\"ResourceId\":\"" + arn + "\",\"TagsList\":[{\"Key\":\"bad*key\"}]}")
                        .code())
                .isEqualTo("InvalidTagParameterException");
        assertThat(fails("AddTags", "{\"ResourceId\":\"" + arn + "\",\"TagsList\":[{\"Key\":\"x\"},{\"Key\":\"x\"}]}")
                        .code())
                .isEqualTo("InvalidTagParameterException");
        assertThat(fails("ListTags", "{\"ResourceIdList\":[\"" + arn("us-east-1", "missing") + "\"]}")
                        .code())
                .isEqualTo("ResourceNotFoundException");
        AwsException region = fails("ListTags", "{\"ResourceIdList\":[\"" + arn("eu-west-1", "tags") + "\"]}");
        assertThat(region.code()).isEqualTo("CloudTrailARNInvalidException");
        assertThat(region.getMessage())
                .isEqualTo("Region in ARN is wrong, you can only access resources in region us-east-1.");
    }

    // ---- public keys ---------------------------------------------------------------------------

    @Test
    void publicKeysOfTheRegionAreListedAndTheCurrentOneMadeWhenNeeded() {
        ObjectNode out = call("ListPublicKeys", "{}");

        assertThat(keys.currentCalls).containsExactly("us-east-1");
        JsonNode key = out.get("PublicKeyList").get(0);
        assertThat(key.get("Value").asText()).isEqualTo("AQID");
        assertThat(key.get("Fingerprint").asText()).isEqualTo("fp-us-east-1");
        assertThat(key.get("ValidityStartTime").isNumber()).isTrue();
        AwsException range = fails("ListPublicKeys", "{\"StartTime\":1714611600,\"EndTime\":1714521600}");
        assertThat(range.code()).isEqualTo("InvalidTimeRangeException");
        call("ListPublicKeys", "{\"StartTime\":1514521600,\"EndTime\":1514611600}");
        assertThat(keys.currentCalls).hasSize(1);
    }

    // ---- fakes ---------------------------------------------------------------------------------

    /** Buckets by name only; trails need nothing else of the store. */
    static final class Buckets implements ObjectStore {
        final List<String> names = new ArrayList<>();

        @Override
        public Optional<Bucket> bucket(String name) {
            return names.contains(name) ? Optional.of(new Bucket(name, ACCOUNT, "us-east-1", NOW)) : Optional.empty();
        }

        @Override
        public Bucket createBucket(String name, String ownerAccountId, String region) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Bucket> buckets() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteBucket(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectInfo put(String bucket, String key, byte[] content, ObjectAttributes attributes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoredObject get(String bucket, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectInfo head(String bucket, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String bucket, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectListing list(String bucket, ListRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    /** One key per region once asked for its current key, valid for a day from then. */
    static final class Keys implements SigningKeyStore {
        final List<String> currentCalls = new ArrayList<>();
        final Map<String, PublicKeyInfo> byRegion = new HashMap<>();

        @Override
        public SigningKey current(String region, Instant now) {
            currentCalls.add(region);
            PublicKeyInfo info = byRegion.computeIfAbsent(
                    region, r -> new PublicKeyInfo(new byte[] {1, 2, 3}, now, now.plus(Duration.ofDays(1)), "fp-" + r));
            return new SigningKey(region, privateKey(), info);
        }

        @Override
        public List<PublicKeyInfo> publicKeys(String region, Instant from, Instant to) {
            PublicKeyInfo info = byRegion.get(region);
            return info == null
                            || info.validityEnd().isBefore(from)
                            || info.validityStart().isAfter(to)
                    ? List.of()
                    : List.of(info);
        }

        private static PrivateKey privateKey() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(1024);
                return generator.generateKeyPair().getPrivate();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

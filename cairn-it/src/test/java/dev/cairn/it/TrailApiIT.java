package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.bucket.folder.FolderObjectStore;
import dev.cairn.time.Clock;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailArnInvalidException;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailResponse;
import software.amazon.awssdk.services.cloudtrail.model.DataResource;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.InsightNotEnabledException;
import software.amazon.awssdk.services.cloudtrail.model.InsightSelector;
import software.amazon.awssdk.services.cloudtrail.model.InsightType;
import software.amazon.awssdk.services.cloudtrail.model.InvalidEventSelectorsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidHomeRegionException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidInsightSelectorsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidS3PrefixException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTagParameterException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTrailNameException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.MaximumNumberOfTrailsExceededException;
import software.amazon.awssdk.services.cloudtrail.model.PublicKey;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudtrail.model.ResourceTag;
import software.amazon.awssdk.services.cloudtrail.model.S3BucketDoesNotExistException;
import software.amazon.awssdk.services.cloudtrail.model.Tag;
import software.amazon.awssdk.services.cloudtrail.model.TagsLimitExceededException;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.TrailAlreadyExistsException;
import software.amazon.awssdk.services.cloudtrail.model.TrailInfo;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;

/**
 * CloudTrail's trail control plane through the AWS SDK for Java v2 and the aws CLI: trails are created,
 * described, updated, started, stopped and deleted as AWS answers those calls; selectors, Insights selectors
 * and tags read back as put; ListPublicKeys hands out keys validate-logs can use; each refusal carries
 * CloudTrail's own error code; trails survive a restart; and every call is in event history.
 */
class TrailApiIT {
    private static final String ACCOUNT = "123456789012";
    private static final String BUCKET = "trail-api-it-bucket";

    private static CairnProcess server;
    private static CloudTrailClient east;
    private static CloudTrailClient west;

    @BeforeAll
    static void startServerAndMakeABucket() {
        server = CairnProcess.start("TrailApiIT");
        AwsCommand.Result mb = AwsCommand.available() ? AwsCommand.run(server, "s3", "mb", "s3://" + BUCKET) : null;
        if (mb == null || mb.exitCode() != 0) {
            // Without the aws CLI (or S3): make it in the stopped server's object store, as CreateBucket would.
            server.stop();
            try (FolderObjectStore store =
                    FolderObjectStore.open(server.dataDirectory().resolve("buckets"), Clock.system())) {
                store.createBucket(BUCKET, ACCOUNT, "us-east-1");
            }
            server.restart();
        }
        openClients();
    }

    private static void openClients() {
        east = HistoryClients.cloudTrail(server, server.adminCredentials(), Region.US_EAST_1);
        west = HistoryClients.cloudTrail(server, server.adminCredentials(), Region.EU_WEST_1);
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable c : new AutoCloseable[] {east, west, server}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    private static String arn(String region, String name) {
        return "arn:aws:cloudtrail:" + region + ":" + ACCOUNT + ":trail/" + name;
    }

    private static CreateTrailResponse create(
            CloudTrailClient client, String name, Consumer<CreateTrailRequest.Builder> more) {
        return client.createTrail(r -> {
            r.name(name).s3BucketName(BUCKET);
            more.accept(r);
        });
    }

    private static <T extends CloudTrailException> T fails(Class<T> type, Runnable call) {
        T e = catchThrowableOfType(type, call::run);
        assertThat(e).as("expected %s", type.getSimpleName()).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode())
                .isEqualTo(type.getSimpleName().replace("Arn", "ARN"));
        return e;
    }

    // ---- the life of a trail -------------------------------------------------------------------

    @Test
    void aTrailIsCreatedDescribedListedUpdatedAndDeleted() {
        CreateTrailResponse created = create(east, "it-life", r -> r.s3KeyPrefix("audit"));

        assertThat(created.name()).isEqualTo("it-life");
        assertThat(created.trailARN()).isEqualTo(arn("us-east-1", "it-life"));
        assertThat(created.s3BucketName()).isEqualTo(BUCKET);
        assertThat(created.s3KeyPrefix()).isEqualTo("audit");
        assertThat(created.includeGlobalServiceEvents()).isTrue();
        assertThat(created.isMultiRegionTrail()).isFalse();
        assertThat(created.logFileValidationEnabled()).isFalse();
        assertThat(created.isOrganizationTrail()).isFalse();
        assertThat(created.snsTopicARN()).isNull();

        Trail got = east.getTrail(r -> r.name("it-life")).trail();
        assertThat(got.homeRegion()).isEqualTo("us-east-1");
        assertThat(got.hasCustomEventSelectors()).isFalse();
        assertThat(got.hasInsightSelectors()).isFalse();
        assertThat(got.kmsKeyId()).isNull();
        assertThat(east.describeTrails(r -> r.trailNameList("it-life")).trailList())
                .containsExactly(got);
        assertThat(east.describeTrails().trailList()).contains(got);
        assertThat(east.listTrails(r -> {}).trails())
                .contains(TrailInfo.builder()
                        .name("it-life")
                        .trailARN(arn("us-east-1", "it-life"))
                        .homeRegion("us-east-1")
                        .build());

        var updated = east.updateTrail(r -> r.name(arn("us-east-1", "it-life"))
                .enableLogFileValidation(true)
                .s3KeyPrefix("")
                .kmsKeyId("alias/it"));
        assertThat(updated.logFileValidationEnabled()).isTrue();
        assertThat(updated.s3KeyPrefix()).isNull();
        assertThat(updated.kmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/it");
        assertThat(east.getTrail(r -> r.name("it-life")).trail().logFileValidationEnabled())
                .isTrue();

        east.deleteTrail(r -> r.name("it-life"));

        TrailNotFoundException gone = fails(TrailNotFoundException.class, () -> east.getTrail(r -> r.name("it-life")));
        assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("Unknown trail: it-life for the user: " + ACCOUNT);
    }

    @Test
    void statusFollowsStartAndStopLogging() {
        create(east, "it-status", r -> {});
        GetTrailStatusResponse before = east.getTrailStatus(r -> r.name("it-status"));
        assertThat(before.isLogging()).isFalse();
        assertThat(before.startLoggingTime()).isNull();
        assertThat(before.timeLoggingStarted()).isEmpty();

        Instant started = Instant.now();
        east.startLogging(r -> r.name("it-status"));
        GetTrailStatusResponse logging = east.getTrailStatus(r -> r.name("it-status"));

        assertThat(logging.isLogging()).isTrue();
        assertThat(logging.startLoggingTime()).isBetween(started.minusSeconds(5), Instant.now());
        assertThat(logging.timeLoggingStarted()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(logging.stopLoggingTime()).isNull();
        assertThat(logging.timeLoggingStopped()).isEmpty();

        east.stopLogging(r -> r.name("it-status"));
        GetTrailStatusResponse stopped = east.getTrailStatus(r -> r.name(arn("us-east-1", "it-status")));
        assertThat(stopped.isLogging()).isFalse();
        assertThat(stopped.stopLoggingTime()).isAfterOrEqualTo(logging.startLoggingTime());
        assertThat(stopped.startLoggingTime()).isEqualTo(logging.startLoggingTime());
        east.deleteTrail(r -> r.name("it-status"));
    }

    @Test
    void multiRegionTrailsAreShadowedInOtherRegionsAndChangedOnlyAtHome() {
        create(west, "it-global", r -> r.isMultiRegionTrail(true));
        create(west, "it-local", r -> {});
        String global = arn("eu-west-1", "it-global");

        assertThat(east.describeTrails().trailList())
                .extracting(Trail::trailARN)
                .contains(global);
        assertThat(east.describeTrails(r -> r.includeShadowTrails(false)).trailList())
                .extracting(Trail::trailARN)
                .doesNotContain(global);
        assertThat(east.describeTrails(r -> r.trailNameList("it-global")).trailList())
                .isEmpty();
        assertThat(east.getTrail(r -> r.name(global)).trail().homeRegion()).isEqualTo("eu-west-1");
        assertThat(east.getTrailStatus(r -> r.name(global)).isLogging()).isFalse();
        fails(TrailNotFoundException.class, () -> east.getTrail(r -> r.name(arn("eu-west-1", "it-local"))));

        fails(InvalidHomeRegionException.class, () -> east.startLogging(r -> r.name(global)));
        fails(InvalidHomeRegionException.class, () -> east.deleteTrail(r -> r.name(global)));
        fails(
                InvalidHomeRegionException.class,
                () -> east.updateTrail(r -> r.name(global).enableLogFileValidation(true)));

        assertThat(east.listTrails(r -> {}).trails())
                .extracting(TrailInfo::trailARN)
                .contains(global, arn("eu-west-1", "it-local"));
        west.deleteTrail(r -> r.name("it-global"));
        west.deleteTrail(r -> r.name("it-local"));
    }

    // ---- selectors -----------------------------------------------------------------------------

    @Test
    void basicAndAdvancedEventSelectorsReadBackAndReplaceEachOther() {
        create(east, "it-selectors", r -> {});
        GetEventSelectorsResponse defaults = east.getEventSelectors(r -> r.trailName("it-selectors"));
        assertThat(defaults.eventSelectors())
                .containsExactly(EventSelector.builder()
                        .readWriteType(ReadWriteType.ALL)
                        .includeManagementEvents(true)
                        .dataResources(List.of())
                        .excludeManagementEventSources(List.of())
                        .build());
        assertThat(defaults.hasAdvancedEventSelectors()).isFalse();

        EventSelector basic = EventSelector.builder()
                .readWriteType(ReadWriteType.WRITE_ONLY)
                .includeManagementEvents(true)
                .dataResources(DataResource.builder()
                        .type("AWS::S3::Object")
                        .values("arn:aws:s3:::" + BUCKET + "/")
                        .build())
                .excludeManagementEventSources("kms.amazonaws.com")
                .build();
        var putBasic = east.putEventSelectors(r -> r.trailName("it-selectors").eventSelectors(basic));
        assertThat(putBasic.trailARN()).isEqualTo(arn("us-east-1", "it-selectors"));
        assertThat(putBasic.eventSelectors()).containsExactly(basic);
        assertThat(east.getEventSelectors(r -> r.trailName("it-selectors")).eventSelectors())
                .containsExactly(basic);
        assertThat(east.getTrail(r -> r.name("it-selectors")).trail().hasCustomEventSelectors())
                .isTrue();

        AdvancedEventSelector advanced = AdvancedEventSelector.builder()
                .name("Log PutObject for one bucket")
                .fieldSelectors(
                        AdvancedFieldSelector.builder()
                                .field("eventCategory")
                                .equalsValue("Data")
                                .build(),
                        AdvancedFieldSelector.builder()
                                .field("resources.type")
                                .equalsValue("AWS::S3::Object")
                                .build(),
                        AdvancedFieldSelector.builder()
                                .field("eventName")
                                .equalsValue("PutObject")
                                .build(),
                        AdvancedFieldSelector.builder()
                                .field("resources.ARN")
                                .startsWith("arn:aws:s3:::" + BUCKET + "/")
                                .build())
                .build();
        east.putEventSelectors(r -> r.trailName("it-selectors").advancedEventSelectors(advanced));
        GetEventSelectorsResponse got = east.getEventSelectors(r -> r.trailName("it-selectors"));

        assertThat(got.advancedEventSelectors()).containsExactly(advanced);
        assertThat(got.hasEventSelectors()).isFalse();
        assertThat(got.advancedEventSelectors().get(0).fieldSelectors().get(3).hasEqualsValue())
                .isFalse();

        fails(
                InvalidEventSelectorsException.class,
                () -> east.putEventSelectors(
                        r -> r.trailName("it-selectors").eventSelectors(basic).advancedEventSelectors(advanced)));
        fails(
                InvalidEventSelectorsException.class,
                () -> east.putEventSelectors(r -> r.trailName("it-selectors")
                        .eventSelectors(EventSelector.builder()
                                .readWriteType("read-only")
                                .build())));
        assertThat(east.getEventSelectors(r -> r.trailName("it-selectors")).advancedEventSelectors())
                .containsExactly(advanced);
        east.deleteTrail(r -> r.name("it-selectors"));
    }

    @Test
    void insightSelectorsAreReplacedAndReportedWhenEnabled() {
        create(east, "it-insights", r -> {});
        InsightNotEnabledException off = fails(
                InsightNotEnabledException.class, () -> east.getInsightSelectors(r -> r.trailName("it-insights")));
        assertThat(off.awsErrorDetails().errorMessage())
                .isEqualTo(
                        "Trail " + arn("us-east-1", "it-insights") + " does not have Insights enabled. Edit the trail"
                                + " settings to enable Insights, and then try the operation again.");

        east.putInsightSelectors(r -> r.trailName("it-insights")
                .insightSelectors(InsightSelector.builder()
                        .insightType(InsightType.API_CALL_RATE_INSIGHT)
                        .build()));
        var put = east.putInsightSelectors(r -> r.trailName("it-insights")
                .insightSelectors(InsightSelector.builder()
                        .insightType(InsightType.API_ERROR_RATE_INSIGHT)
                        .eventCategoriesWithStrings("Management")
                        .build()));

        assertThat(east.getInsightSelectors(r -> r.trailName("it-insights")).insightSelectors())
                .isEqualTo(put.insightSelectors())
                .singleElement()
                .satisfies(s -> assertThat(s.insightType()).isEqualTo(InsightType.API_ERROR_RATE_INSIGHT));
        assertThat(east.getTrail(r -> r.name("it-insights")).trail().hasInsightSelectors())
                .isTrue();
        fails(
                InvalidInsightSelectorsException.class,
                () -> east.putInsightSelectors(r -> r.trailName("it-insights")
                        .insightSelectors(InsightSelector.builder()
                                .insightType(InsightType.API_CALL_RATE_INSIGHT)
                                .eventCategoriesWithStrings("Data")
                                .build())));

        east.putInsightSelectors(r -> r.trailName("it-insights").insightSelectors(List.of()));
        fails(InsightNotEnabledException.class, () -> east.getInsightSelectors(r -> r.trailName("it-insights")));
        east.deleteTrail(r -> r.name("it-insights"));
    }

    // ---- tags ----------------------------------------------------------------------------------

    @Test
    void tagsAreAddedListedAndRemoved() {
        create(
                east,
                "it-tags",
                r -> r.tagsList(Tag.builder().key("team").value("audit").build()));
        String arn = arn("us-east-1", "it-tags");

        east.addTags(r -> r.resourceId(arn)
                .tagsList(
                        Tag.builder().key("team").value("sec").build(),
                        Tag.builder().key("flag").build()));

        assertThat(east.listTags(r -> r.resourceIdList(arn)).resourceTagList())
                .containsExactly(ResourceTag.builder()
                        .resourceId(arn)
                        .tagsList(
                                Tag.builder().key("flag").build(),
                                Tag.builder().key("team").value("sec").build())
                        .build());
        east.removeTags(
                r -> r.resourceId(arn).tagsList(Tag.builder().key("team").build()));
        assertThat(east.listTags(r -> r.resourceIdList(arn))
                        .resourceTagList()
                        .get(0)
                        .tagsList())
                .containsExactly(Tag.builder().key("flag").build());

        fails(
                InvalidTagParameterException.class,
                () -> east.addTags(r ->
                        r.resourceId(arn).tagsList(Tag.builder().key("bad*key").build())));
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(Tag.builder().key("k" + i).build());
        }
        fails(
                TagsLimitExceededException.class,
                () -> east.addTags(r -> r.resourceId(arn).tagsList(many)));
        fails(ResourceNotFoundException.class, () -> east.listTags(r -> r.resourceIdList(arn("us-east-1", "it-none"))));
        CloudTrailArnInvalidException region =
                fails(CloudTrailArnInvalidException.class, () -> west.listTags(r -> r.resourceIdList(arn)));
        assertThat(region.awsErrorDetails().errorMessage())
                .isEqualTo("Region in ARN is wrong, you can only access resources in region eu-west-1.");
        east.deleteTrail(r -> r.name("it-tags"));
    }

    // ---- public keys ---------------------------------------------------------------------------

    @Test
    void listPublicKeysGivesPkcs1KeysWithTheirMd5Fingerprints() throws Exception {
        List<PublicKey> keys = east.listPublicKeys(r -> {}).publicKeyList();

        assertThat(keys).isNotEmpty();
        for (PublicKey key : keys) {
            byte[] der = key.value().asByteArray();
            assertThat(Base64.getEncoder().encodeToString(der)).startsWith("MIIBCgKCAQEA");
            assertThat(key.fingerprint())
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("MD5").digest(der)));
            assertThat(key.validityStartTime()).isBefore(key.validityEndTime());
            assertThat(key.validityStartTime()).isBeforeOrEqualTo(Instant.now());
        }
        Instant now = Instant.now();
        assertThat(east.listPublicKeys(
                                r -> r.startTime(now.minus(Duration.ofHours(1))).endTime(now.plus(Duration.ofHours(2))))
                        .publicKeyList())
                .isEqualTo(keys);
        fails(
                InvalidTimeRangeException.class,
                () -> east.listPublicKeys(r -> r.startTime(now).endTime(now.minusSeconds(60))));
    }

    // ---- refusals ------------------------------------------------------------------------------

    @Test
    void badParametersGetCloudTrailsOwnErrors() {
        InvalidTrailNameException name = fails(InvalidTrailNameException.class, () -> create(east, "-bad", r -> {}));
        assertThat(name.awsErrorDetails().errorMessage()).isEqualTo("Trail name must starts with a letter or number.");
        fails(InvalidTrailNameException.class, () -> east.getTrail(r -> r.name("my--trail")));
        fails(
                CloudTrailArnInvalidException.class,
                () -> east.getTrail(r -> r.name("arn:aws:cloudtrail:us-east-1:1:trail/x")));
        S3BucketDoesNotExistException bucket = fails(
                S3BucketDoesNotExistException.class,
                () -> east.createTrail(r -> r.name("it-nobucket").s3BucketName("no-such-bucket-it")));
        assertThat(bucket.awsErrorDetails().errorMessage()).contains("no-such-bucket-it");
        fails(InvalidS3PrefixException.class, () -> create(east, "it-prefix", r -> r.s3KeyPrefix("p".repeat(201))));
        InvalidParameterCombinationException global = fails(
                InvalidParameterCombinationException.class,
                () -> create(east, "it-combo", r -> r.isMultiRegionTrail(true).includeGlobalServiceEvents(false)));
        assertThat(global.awsErrorDetails().errorMessage())
                .isEqualTo("Multi-Region trail must include global service events.");
        fails(
                InvalidParameterCombinationException.class,
                () -> create(east, "it-combo", r -> r.cloudWatchLogsRoleArn("arn:aws:iam::" + ACCOUNT + ":role/cwl")));

        create(east, "it-twice", r -> {});
        TrailAlreadyExistsException twice =
                fails(TrailAlreadyExistsException.class, () -> create(east, "it-twice", r -> {}));
        assertThat(twice.awsErrorDetails().errorMessage())
                .isEqualTo("Trail it-twice already exists for customer: " + ACCOUNT);
        east.deleteTrail(r -> r.name("it-twice"));
        assertThat(fails(TrailNotFoundException.class, () -> east.getTrailStatus(r -> r.name("it-twice")))
                        .awsErrorDetails()
                        .errorMessage())
                .isEqualTo("Unknown trail: " + arn("us-east-1", "it-twice") + " for the user: " + ACCOUNT);
    }

    @Test
    void aRegionHoldsAtMostFiveTrails() {
        try (CloudTrailClient tokyo =
                HistoryClients.cloudTrail(server, server.adminCredentials(), Region.AP_NORTHEAST_1)) {
            // Multi-region trails other tests made elsewhere count here too.
            int present = tokyo.describeTrails().trailList().size();
            List<String> made = new ArrayList<>();
            for (int i = present + 1; i <= 5; i++) {
                made.add(create(tokyo, "it-limit-" + i, r -> {}).name());
            }
            assertThat(tokyo.describeTrails().trailList()).hasSize(5);
            MaximumNumberOfTrailsExceededException e =
                    fails(MaximumNumberOfTrailsExceededException.class, () -> create(tokyo, "it-limit-6", r -> {}));
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("User: " + ACCOUNT + " already has 5 trails in ap-northeast-1.");
            for (String name : made) {
                tokyo.deleteTrail(r -> r.name(name));
            }
            create(tokyo, "it-limit-6", r -> {});
            tokyo.deleteTrail(r -> r.name("it-limit-6"));
        }
    }

    // ---- the aws CLI ---------------------------------------------------------------------------

    @Test
    void theAwsCliCreatesAndDescribesTrails() {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        AwsCommand.Result created = AwsCommand.run(
                server,
                "cloudtrail",
                "create-trail",
                "--name",
                "it-cli",
                "--s3-bucket-name",
                BUCKET,
                "--is-multi-region-trail");
        assertThat(created.exitCode()).as("%s", created).isZero();
        assertThat(created.stdout())
                .contains("\"TrailARN\": \"" + arn("us-east-1", "it-cli") + "\"")
                .contains("\"IsMultiRegionTrail\": true");

        AwsCommand.Result started = AwsCommand.run(server, "cloudtrail", "start-logging", "--name", "it-cli");
        assertThat(started.exitCode()).as("%s", started).isZero();
        AwsCommand.Result status = AwsCommand.run(server, "cloudtrail", "get-trail-status", "--name", "it-cli");
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.stdout())
                .contains("\"IsLogging\": true")
                .containsPattern("\"StartLoggingTime\": 1[0-9]{9}\\.[0-9]+")
                .contains("\"TimeLoggingStopped\": \"\"");

        AwsCommand.Result missing = AwsCommand.run(server, "cloudtrail", "get-trail", "--name", "it-cli-missing");
        assertThat(missing.exitCode()).as("%s", missing).isNotZero();
        assertThat(missing.stderr())
                .contains("(TrailNotFoundException) when calling the GetTrail operation: Unknown trail: it-cli-missing"
                        + " for the user: " + ACCOUNT);
        AwsCommand.Result deleted = AwsCommand.run(server, "cloudtrail", "delete-trail", "--name", "it-cli");
        assertThat(deleted.exitCode()).as("%s", deleted).isZero();
    }

    // ---- durability and audit ------------------------------------------------------------------

    @Test
    void trailsSurviveARestartAndTheirCallsAreInEventHistory() {
        create(
                east,
                "it-durable",
                r -> r.tagsList(Tag.builder().key("keep").value("me").build()));
        east.startLogging(r -> r.name("it-durable"));
        EventSelector selector = EventSelector.builder()
                .readWriteType(ReadWriteType.READ_ONLY)
                .includeManagementEvents(true)
                .dataResources(List.of())
                .excludeManagementEventSources(List.of())
                .build();
        east.putEventSelectors(r -> r.trailName("it-durable").eventSelectors(selector));
        Trail before = east.getTrail(r -> r.name("it-durable")).trail();
        Instant startedAt = east.getTrailStatus(r -> r.name("it-durable")).startLoggingTime();

        east.close();
        west.close();
        server.restart();
        openClients();

        assertThat(east.getTrail(r -> r.name("it-durable")).trail()).isEqualTo(before);
        GetTrailStatusResponse status = east.getTrailStatus(r -> r.name("it-durable"));
        assertThat(status.isLogging()).isTrue();
        assertThat(status.startLoggingTime()).isEqualTo(startedAt);
        assertThat(east.getEventSelectors(r -> r.trailName("it-durable")).eventSelectors())
                .containsExactly(selector);
        assertThat(east.listTags(r -> r.resourceIdList(arn("us-east-1", "it-durable")))
                        .resourceTagList()
                        .get(0)
                        .tagsList())
                .containsExactly(Tag.builder().key("keep").value("me").build());

        List<Event> events =
                HistoryClients.lookupAll(east, LookupAttributeKey.EVENT_SOURCE, "cloudtrail.amazonaws.com");
        assertThat(events)
                .extracting(Event::eventName)
                .contains("CreateTrail", "StartLogging", "PutEventSelectors", "GetTrail", "GetTrailStatus", "ListTags");
        Event createEvent = events.stream()
                .filter(e -> e.eventName().equals("CreateTrail"))
                .filter(e -> TrailRecord.of(e).text("requestParameters", "name") != null
                        && TrailRecord.of(e).text("requestParameters", "name").equals("it-durable"))
                .findFirst()
                .orElseThrow();
        assertThat(createEvent.readOnly()).isEqualTo("false");
        TrailRecord record = TrailRecord.of(createEvent);
        assertThat(record.text("eventSource")).isEqualTo("cloudtrail.amazonaws.com");
        assertThat(record.text("awsRegion")).isEqualTo("us-east-1");
        assertThat(record.text("responseElements", "trailARN")).isEqualTo(arn("us-east-1", "it-durable"));
        assertThat(events.stream()
                        .filter(e -> e.eventName().equals("GetTrail"))
                        .findFirst()
                        .orElseThrow()
                        .readOnly())
                .isEqualTo("true");
        east.stopLogging(r -> r.name("it-durable"));
        east.deleteTrail(r -> r.name("it-durable"));
    }
}

package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.DataResource;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.InvalidEventSelectorsException;
import software.amazon.awssdk.services.cloudtrail.model.PutEventSelectorsRequest;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Each trail delivers exactly the events its selectors and scope take, driven by real calls against one
 * server that runs several trails at once: basic selectors by ReadWriteType, IncludeManagementEvents and S3
 * data resources; advanced selectors (conditions ANDed, values ORed, selectors ORed); multi-region and
 * single-region trails with one log file per region; IncludeGlobalServiceEvents; ExcludeManagementEventSources;
 * another account's calls; and StopLogging. Data events are Cairn's own S3 object calls.
 *
 * <p>Absence is judged only for calls made before a call the trail does deliver: a trail reads the journal
 * in order, so once that later call is in a log file, the earlier ones were judged.
 */
class TrailSelectorsIT {
    private static final String ACCOUNT = "123456789012";
    private static final String LOGS = "selectors-logs";
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    private static CairnProcess server;
    private static S3Client s3;
    private static CloudTrailClient east;
    private static CloudTrailClient west;
    private static IamClient iam;

    /** The trails a test created, deleted after it, so that each test has the five trails a region allows. */
    private final List<Runnable> deletions = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = CairnProcess.start("TrailSelectorsIT", "--trail-flush-interval", "1s");
        s3 = TrailLogs.s3(server);
        east = HistoryClients.cloudTrail(server);
        west = HistoryClients.cloudTrail(server, server.adminCredentials(), Region.EU_WEST_1);
        iam = Clients.iam(server);
        s3.createBucket(b -> b.bucket(LOGS));
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable c : new AutoCloseable[] {iam, west, east, s3, server}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @AfterEach
    void deleteTrails() {
        for (Runnable deletion : deletions) {
            try {
                deletion.run();
            } catch (RuntimeException e) {
                System.out.printf("TrailSelectorsIT: a trail could not be deleted after the test: %s%n", e);
            }
        }
    }

    // ---- basic selectors ------------------------------------------------------------------------------

    @Test
    void basicSelectorsTakeEventsByReadWriteTypeAndDataResource() throws Exception {
        s3.createBucket(b -> b.bucket("basic-data"));
        s3.createBucket(b -> b.bucket("basic-other"));
        TrailLogs writeOnly = trail(east, "write-only", r -> r.eventSelectors(management(ReadWriteType.WRITE_ONLY)));
        TrailLogs readOnly = trail(east, "read-only", r -> r.eventSelectors(management(ReadWriteType.READ_ONLY)));
        TrailLogs dataOnly = trail(
                east,
                "data-only",
                r -> r.eventSelectors(EventSelector.builder()
                        .readWriteType(ReadWriteType.ALL)
                        .includeManagementEvents(false)
                        .dataResources(DataResource.builder()
                                .type("AWS::S3::Object")
                                .values("arn:aws:s3:::basic-data/logs")
                                .build())
                        .build()));
        TrailLogs defaults = trail(east, "default-selectors", null);

        String createUser = id(iam.createUser(u -> u.userName("basic-user")));
        String listUsers = id(iam.listUsers());
        String putInPrefix = put("basic-data", "logs/a.txt");
        String getInPrefix = id(s3.getObjectAsBytes(g -> g.bucket("basic-data").key("logs/a.txt"))
                .response());
        String putOutsidePrefix = put("basic-data", "other/b.txt");
        String putOtherBucket = put("basic-other", "logs/c.txt");
        String listObjects = id(s3.listObjectsV2(l -> l.bucket("basic-data")));
        String writeMarker = id(iam.createUser(u -> u.userName("basic-marker")));
        String readMarker = id(iam.listUsers());
        String dataMarker = put("basic-data", "logs/marker.txt");

        writeOnly.awaitRequestIds(List.of(createUser, writeMarker), DELIVERY);
        assertThat(writeOnly.requestIds())
                .doesNotContain(listUsers, listObjects, putInPrefix, getInPrefix, putOutsidePrefix, putOtherBucket);
        assertThat(writeOnly.records()).allSatisfy(r -> {
            assertThat(r.get("readOnly").asBoolean()).as("readOnly of %s", r).isFalse();
            assertThat(r.get("managementEvent").asBoolean())
                    .as("managementEvent of %s", r)
                    .isTrue();
        });

        readOnly.awaitRequestIds(List.of(listUsers, readMarker), DELIVERY);
        assertThat(readOnly.requestIds())
                .as("a listing of objects is a data event")
                .doesNotContain(
                        createUser,
                        writeMarker,
                        listObjects,
                        putInPrefix,
                        getInPrefix,
                        putOutsidePrefix,
                        putOtherBucket);
        assertThat(readOnly.records()).allSatisfy(r -> {
            assertThat(r.get("readOnly").asBoolean()).as("readOnly of %s", r).isTrue();
            assertThat(r.get("managementEvent").asBoolean())
                    .as("managementEvent of %s", r)
                    .isTrue();
        });

        Map<String, JsonNode> data =
                dataOnly.awaitRequestIds(List.of(putInPrefix, getInPrefix, listObjects, dataMarker), DELIVERY);
        assertThat(dataOnly.requestIds())
                .doesNotContain(createUser, listUsers, writeMarker, readMarker, putOutsidePrefix, putOtherBucket);
        assertThat(dataOnly.records()).allSatisfy(r -> {
            assertThat(r.get("eventCategory").asText())
                    .as("eventCategory of %s", r)
                    .isEqualTo("Data");
            if (!r.get("eventName").asText().startsWith("ListObjects")) {
                assertThat(r.get("resources").findValuesAsText("ARN"))
                        .as("resources of %s", r)
                        .anySatisfy(arn -> assertThat(arn).startsWith("arn:aws:s3:::basic-data/logs"));
            }
        });
        assertThat(data.get(listObjects)
                        .get("resources")
                        .get(0)
                        .get("ARNPrefix")
                        .asText())
                .as("a listing of the bucket, taken by a selector for a prefix in it")
                .isEqualTo("arn:aws:s3:::basic-data/");
        assertThat(data.get(putInPrefix).get("eventName").asText()).isEqualTo("PutObject");
        assertThat(data.get(putInPrefix).get("eventSource").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(data.get(getInPrefix).get("eventName").asText()).isEqualTo("GetObject");
        assertThat(data.get(getInPrefix).get("readOnly").asBoolean()).isTrue();

        defaults.awaitRequestIds(List.of(createUser, listUsers, writeMarker, readMarker), DELIVERY);
        assertThat(defaults.requestIds())
                .as("a trail without selectors takes no data event")
                .doesNotContain(putInPrefix, getInPrefix, listObjects, putOutsidePrefix, putOtherBucket);
        assertThat(defaults.records())
                .allSatisfy(r -> assertThat(r.get("eventCategory").asText())
                        .as("eventCategory of %s", r)
                        .isEqualTo("Management"));
    }

    // ---- advanced selectors ---------------------------------------------------------------------------

    @Test
    void advancedSelectorsAndTheirConditionsOrTheirValuesAndOrEachOther() throws Exception {
        s3.createBucket(b -> b.bucket("adv-in"));
        s3.createBucket(b -> b.bucket("adv-out"));
        TrailLogs putsButOne = trail(
                east,
                "puts-but-one-bucket",
                r -> r.advancedEventSelectors(advanced(
                        "PutObject everywhere but adv-out",
                        field("eventCategory").equalsValue("Data"),
                        field("resources.type").equalsValue("AWS::S3::Object"),
                        field("eventName").equalsValue("PutObject"),
                        field("resources.ARN").notStartsWith("arn:aws:s3:::adv-out/"))));
        TrailLogs either = trail(
                east,
                "reads-or-adv-in-gets-deletes",
                r -> r.advancedEventSelectors(
                        advanced(
                                "read management events",
                                field("eventCategory").equalsValue("Management"),
                                field("readOnly").equalsValue("true")),
                        advanced(
                                "gets and deletes in adv-in",
                                field("eventCategory").equalsValue("Data"),
                                field("resources.type").equalsValue("AWS::S3::Object"),
                                field("eventName").equalsValue("GetObject", "DeleteObject"),
                                field("resources.ARN").startsWith("arn:aws:s3:::adv-in/"))));

        String putIn = put("adv-in", "k1");
        String putOut = put("adv-out", "k2");
        String getIn = id(s3.getObjectAsBytes(g -> g.bucket("adv-in").key("k1")).response());
        String getOut =
                id(s3.getObjectAsBytes(g -> g.bucket("adv-out").key("k2")).response());
        String deleteIn = id(s3.deleteObject(d -> d.bucket("adv-in").key("k1")));
        String createUser = id(iam.createUser(u -> u.userName("advanced-user")));
        String listUsers = id(iam.listUsers());
        String putMarker = put("adv-in", "marker");
        String readMarker = id(iam.listUsers());

        putsButOne.awaitRequestIds(List.of(putIn, putMarker), DELIVERY);
        assertThat(putsButOne.requestIds()).doesNotContain(putOut, getIn, getOut, deleteIn, createUser, listUsers);
        assertThat(putsButOne.records())
                .allSatisfy(r -> assertThat(r.get("eventName").asText()).isEqualTo("PutObject"));

        either.awaitRequestIds(List.of(getIn, deleteIn, listUsers, readMarker), DELIVERY);
        assertThat(either.requestIds()).doesNotContain(putIn, putOut, getOut, createUser, putMarker);
        assertThat(either.records()).allSatisfy(r -> {
            if (r.get("eventCategory").asText().equals("Management")) {
                assertThat(r.get("readOnly").asBoolean())
                        .as("readOnly of %s", r)
                        .isTrue();
            } else {
                assertThat(r.get("eventName").asText()).as("eventName of %s", r).isIn("GetObject", "DeleteObject");
                assertThat(r.get("resources").findValuesAsText("ARN"))
                        .as("resources of %s", r)
                        .anySatisfy(arn -> assertThat(arn).startsWith("arn:aws:s3:::adv-in/"));
            }
        });
    }

    // ---- regions --------------------------------------------------------------------------------------

    @Test
    void aMultiRegionTrailCollectsEveryRegionAndASingleRegionTrailItsOwn() throws Exception {
        TrailLogs all = trail(east, "all-regions", null, t -> t.isMultiRegionTrail(true));
        TrailLogs westOnly = trail(west, "west-only", null, t -> {});
        TrailLogs noGlobal = trail(east, "no-global", null, t -> t.includeGlobalServiceEvents(false));

        String globalIam;
        String globalIamSignedForWest;
        String globalSts;
        String westSts;
        try (IamClient westIam = iam(server.adminCredentials(), Region.EU_WEST_1);
                StsClient eastSts = sts(server.adminCredentials(), Region.US_EAST_1);
                StsClient westStsClient = sts(server.adminCredentials(), Region.EU_WEST_1)) {
            globalIam = id(iam.createUser(u -> u.userName("region-user")));
            globalIamSignedForWest = id(westIam.createUser(u -> u.userName("region-user-west")));
            globalSts = id(eastSts.getCallerIdentity());
            westSts = id(westStsClient.getCallerIdentity());
        }
        String westTrails = id(west.describeTrails());
        String eastTrails = id(east.describeTrails());
        String westMarker = id(west.listTrails(l -> {}));
        String eastMarker = id(east.listTrails(l -> {}));

        Map<String, JsonNode> collected = all.awaitRequestIds(
                List.of(
                        globalIam,
                        globalIamSignedForWest,
                        globalSts,
                        westSts,
                        westTrails,
                        eastTrails,
                        westMarker,
                        eastMarker),
                DELIVERY);
        for (String id : List.of(globalIam, globalIamSignedForWest, globalSts, eastTrails, eastMarker)) {
            assertThat(collected.get(id).get("awsRegion").asText())
                    .as("awsRegion of %s", collected.get(id))
                    .isEqualTo("us-east-1");
        }
        for (String id : List.of(westSts, westTrails, westMarker)) {
            assertThat(collected.get(id).get("awsRegion").asText())
                    .as("awsRegion of %s", collected.get(id))
                    .isEqualTo("eu-west-1");
        }
        // TrailLogs checked that each file holds the events of the region its key names.
        assertThat(all.files()).extracting(TrailLogs.LogFile::region).contains("us-east-1", "eu-west-1");

        westOnly.awaitRequestIds(List.of(westSts, westTrails, westMarker), DELIVERY);
        assertThat(westOnly.requestIds())
                .as("a single-region trail of eu-west-1 takes no us-east-1 or global event")
                .doesNotContain(globalIam, globalIamSignedForWest, globalSts, eastTrails);
        assertThat(westOnly.files()).extracting(TrailLogs.LogFile::region).containsOnly("eu-west-1");

        noGlobal.awaitRequestIds(List.of(eastTrails, eastMarker), DELIVERY);
        assertThat(noGlobal.requestIds())
                .as("a trail without global service events takes no IAM or global STS event, nor another region's")
                .doesNotContain(globalIam, globalIamSignedForWest, globalSts, westSts, westTrails);
        assertThat(noGlobal.records())
                .allSatisfy(r -> assertThat(r.get("eventSource").asText())
                        .as("eventSource of %s", r)
                        .isNotIn("iam.amazonaws.com", "sts.amazonaws.com"));
        assertThat(noGlobal.files()).extracting(TrailLogs.LogFile::region).containsOnly("us-east-1");
    }

    // ---- ExcludeManagementEventSources ----------------------------------------------------------------

    @Test
    void onlyKmsAndRdsDataMayBeExcludedAndExcludingThemKeepsOtherSources() throws Exception {
        TrailLogs excluding = trail(east, "excluding", null);

        InvalidEventSelectorsException iamExcluded = catchThrowableOfType(
                InvalidEventSelectorsException.class,
                () -> east.putEventSelectors(r -> r.trailName("excluding")
                        .eventSelectors(EventSelector.builder()
                                .includeManagementEvents(true)
                                .excludeManagementEventSources("iam.amazonaws.com")
                                .build())));
        assertThat(iamExcluded).as("excluding iam.amazonaws.com").isNotNull();
        assertThat(iamExcluded.awsErrorDetails().errorMessage()).contains("iam.amazonaws.com");
        InvalidEventSelectorsException advancedIamExcluded = catchThrowableOfType(
                InvalidEventSelectorsException.class,
                () -> east.putEventSelectors(r -> r.trailName("excluding")
                        .advancedEventSelectors(advanced(
                                "all but IAM",
                                field("eventCategory").equalsValue("Management"),
                                field("eventSource").notEquals("iam.amazonaws.com")))));
        assertThat(advancedIamExcluded).as("NotEquals iam.amazonaws.com").isNotNull();

        EventSelector excludingKmsAndRdsData = EventSelector.builder()
                .readWriteType(ReadWriteType.ALL)
                .includeManagementEvents(true)
                .excludeManagementEventSources("kms.amazonaws.com", "rdsdata.amazonaws.com")
                .build();
        east.putEventSelectors(r -> r.trailName("excluding").eventSelectors(excludingKmsAndRdsData));
        assertThat(east.getEventSelectors(r -> r.trailName("excluding")).eventSelectors())
                .singleElement()
                .satisfies(s -> assertThat(s.excludeManagementEventSources())
                        .containsExactlyInAnyOrder("kms.amazonaws.com", "rdsdata.amazonaws.com"));

        String createUser = id(iam.createUser(u -> u.userName("excluding-user")));
        String listUsers = id(iam.listUsers());
        String listTrails = id(east.listTrails(l -> {}));
        excluding.awaitRequestIds(List.of(createUser, listUsers, listTrails), DELIVERY);
    }

    // ---- accounts -------------------------------------------------------------------------------------

    @Test
    void anotherAccountsCallsNeverReachTheTrailAndItsOwnTrailGetsOnlyThem() throws Exception {
        TrailLogs first = trail(east, "first-account", null);
        String member;
        AwsSessionCredentials session;
        try (OrganizationsClient organizations = HistoryClients.organizations(server, server.adminCredentials());
                StsClient adminSts = Clients.sts(server)) {
            member = organizations
                    .createAccount(r -> r.email("trails@example.com").accountName("trails"))
                    .createAccountStatus()
                    .accountId();
            session = StsIT.sessionCredentials(
                    adminSts.assumeRole(r -> r.roleArn("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole")
                                    .roleSessionName("member-admin"))
                            .credentials());
        }
        String memberCreateUser;
        String memberMarker;
        TrailLogs memberLogs;
        try (S3Client memberS3 = TrailLogs.s3(server, session, Region.US_EAST_1);
                CloudTrailClient memberTrail = HistoryClients.cloudTrail(server, session, Region.US_EAST_1);
                IamClient memberIam = Clients.iam(server, session)) {
            memberS3.createBucket(b -> b.bucket("member-logs"));
            memberTrail.createTrail(t -> t.name("member-trail").s3BucketName("member-logs"));
            memberTrail.startLogging(l -> l.name("member-trail"));
            deletions.add(() -> {
                try (CloudTrailClient c = HistoryClients.cloudTrail(server, session, Region.US_EAST_1)) {
                    c.deleteTrail(d -> d.name("member-trail"));
                }
            });

            memberCreateUser = id(memberIam.createUser(u -> u.userName("member-user")));
            String firstCreateUser = id(iam.createUser(u -> u.userName("first-user")));
            memberMarker = id(memberIam.listUsers());
            String firstMarker = id(iam.listUsers());

            memberLogs = new TrailLogs(memberS3, "member-logs", null);
            memberLogs.awaitRequestIds(List.of(memberCreateUser, memberMarker), DELIVERY);
            assertThat(memberLogs.requestIds()).doesNotContain(firstCreateUser);
            assertThat(memberLogs.files())
                    .extracting(TrailLogs.LogFile::account)
                    .containsOnly(member);

            first.awaitRequestIds(List.of(firstCreateUser, firstMarker), DELIVERY);
        }
        assertThat(first.requestIds()).as("the first account's trail").doesNotContain(memberCreateUser, memberMarker);
        assertThat(first.files()).extracting(TrailLogs.LogFile::account).containsOnly(ACCOUNT);
        assertThat(first.records()).noneSatisfy(r -> assertThat(r.toString()).contains("member-user"));
    }

    // ---- StopLogging ----------------------------------------------------------------------------------

    @Test
    void callsMadeWhileATrailIsStoppedAreNeverDelivered() throws Exception {
        TrailLogs logs = trail(east, "stopped-for-a-while", null);

        String before = id(iam.createUser(u -> u.userName("before-stop")));
        String stop = id(east.stopLogging(s -> s.name("stopped-for-a-while")));
        List<String> whileStopped = stopForAWhile("stopped-for-a-while", "while-stopped-");
        id(east.startLogging(s -> s.name("stopped-for-a-while")));
        String after = id(iam.createUser(u -> u.userName("after-start")));

        logs.awaitRequestIds(List.of(before, stop, after), DELIVERY);
        assertThat(logs.requestIds()).doesNotContainAnyElementsOf(whileStopped);
    }

    /**
     * Regression: the StartLogging that resumes a stopped trail was not delivered, while the first StartLogging
     * of a new trail and the StopLogging were: a mutating call's event is journaled before its change commits,
     * and the deliverer judged the record against the trail still stopped. Logging is now switched by the
     * journal's own StartLogging and StopLogging events (TrailScope#switchesLogging, decision 0005).
     */
    @Test
    void theStartLoggingThatResumesATrailIsDelivered() throws Exception {
        TrailLogs logs = trail(east, "resumed", null);

        String stop = id(east.stopLogging(s -> s.name("resumed")));
        stopForAWhile("resumed", "while-resumed-stopped-");
        String resume = id(east.startLogging(s -> s.name("resumed")));
        String after = id(iam.createUser(u -> u.userName("after-resume")));

        logs.awaitRequestIds(List.of(stop, after), DELIVERY);
        assertThat(logs.requestIds())
                .as("request IDs in the log files of a trail that delivered its StopLogging and the call after the"
                        + " StartLogging that resumed it, against that StartLogging's")
                .contains(resume);
    }

    /** Calls made while the trail is stopped: seven, in a window of whole seconds after the stop. */
    private static List<String> stopForAWhile(String trail, String userPrefix) throws InterruptedException {
        // Event times have whole seconds, and the seconds of a stop and of a start count as logged: let them pass.
        Thread.sleep(1100);
        List<String> whileStopped = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = userPrefix + i;
            whileStopped.add(id(iam.createUser(u -> u.userName(name))));
        }
        whileStopped.add(id(iam.listUsers()));
        whileStopped.add(id(east.describeTrails()));
        assertThat(east.getTrailStatus(s -> s.name(trail)).isLogging()).isFalse();
        Thread.sleep(1100);
        return whileStopped;
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /**
     * Creates a logging trail of the admin's account delivering to {@value #LOGS} under the prefix {@code name},
     * with the given selectors (null: none put), and returns its log files.
     */
    private TrailLogs trail(CloudTrailClient client, String name, Consumer<PutEventSelectorsRequest.Builder> selectors)
            throws InterruptedException {
        return trail(client, name, selectors, t -> {});
    }

    private TrailLogs trail(
            CloudTrailClient client,
            String name,
            Consumer<PutEventSelectorsRequest.Builder> selectors,
            Consumer<CreateTrailRequest.Builder> settings)
            throws InterruptedException {
        client.createTrail(t -> {
            t.name(name).s3BucketName(LOGS).s3KeyPrefix(name);
            settings.accept(t);
        });
        deletions.add(() -> client.deleteTrail(d -> d.name(name)));
        if (selectors != null) {
            client.putEventSelectors(r -> {
                r.trailName(name);
                selectors.accept(r);
            });
        }
        client.startLogging(l -> l.name(name));
        return new TrailLogs(s3, LOGS, name);
    }

    private static EventSelector management(ReadWriteType type) {
        return EventSelector.builder()
                .readWriteType(type)
                .includeManagementEvents(true)
                .build();
    }

    private static AdvancedEventSelector advanced(String name, AdvancedFieldSelector.Builder... fields) {
        return AdvancedEventSelector.builder()
                .name(name)
                .fieldSelectors(Arrays.stream(fields)
                        .map(AdvancedFieldSelector.Builder::build)
                        .toList())
                .build();
    }

    private static AdvancedFieldSelector.Builder field(String field) {
        return AdvancedFieldSelector.builder().field(field);
    }

    /** Puts a small object and returns the call's request ID. */
    private static String put(String bucket, String key) {
        return id(s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString("content of " + key)));
    }

    private static String id(AwsResponse response) {
        String id = response.responseMetadata().requestId();
        assertThat(id).as("request ID of %s", response).isNotBlank().isNotEqualTo("UNKNOWN");
        return id;
    }

    private static IamClient iam(AwsCredentials credentials, Region region) {
        return IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static StsClient sts(AwsCredentials credentials, Region region) {
        return StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}

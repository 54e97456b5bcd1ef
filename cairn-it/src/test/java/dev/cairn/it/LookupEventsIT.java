package dev.cairn.it;

import static dev.cairn.it.HistoryClients.attribute;
import static dev.cairn.it.HistoryClients.lookupAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.InvalidEventCategoryException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidMaxResultsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Resource;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateUserResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * CloudTrail LookupEvents through the AWS SDK for Java v2 and the aws CLI: each lookup attribute finds the
 * event of a call with the fields AWS gives it, pages visit every event once newest first, and each bad
 * parameter gets CloudTrail's own exception.
 */
class LookupEventsIT {
    private static final String ACCOUNT = "123456789012";
    private static final String USER = "lookup-alice";
    private static final String MISSING = "lookup-missing";
    private static final String SESSION = "lookup-session";

    private static CairnProcess server;
    private static IamClient iam;
    private static StsClient sts;
    private static CloudTrailClient trail;
    private static AwsBasicCredentials admin;
    private static CreateUserResponse created;
    private static NoSuchEntityException deleteFailure;
    private static AssumeRoleResponse assumed;

    @BeforeAll
    static void startServerAndMakeCalls() {
        server = CairnProcess.start("LookupEventsIT");
        admin = server.adminCredentials();
        iam = Clients.iam(server);
        sts = Clients.sts(server);
        trail = HistoryClients.cloudTrail(server);

        created = iam.createUser(r -> r.userName(USER));
        deleteFailure =
                catchThrowableOfType(NoSuchEntityException.class, () -> iam.deleteUser(r -> r.userName(MISSING)));
        String roleArn = iam.createRole(r -> r.roleName("lookup-role")
                        .assumeRolePolicyDocument(StsIT.trustPolicy("arn:aws:iam::" + ACCOUNT + ":root")))
                .role()
                .arn();
        assumed = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName(SESSION));
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable c : new AutoCloseable[] {trail, sts, iam, server}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    // ---- finding one event ---------------------------------------------------------------------

    @Test
    void createUserIsFoundByEachOfTheEightLookupAttributes() {
        Event event = createUserEvent();
        Map<LookupAttributeKey, String> values = Map.of(
                LookupAttributeKey.EVENT_ID, event.eventId(),
                LookupAttributeKey.EVENT_NAME, "CreateUser",
                LookupAttributeKey.READ_ONLY, "false",
                LookupAttributeKey.USERNAME, "admin",
                LookupAttributeKey.RESOURCE_TYPE, "AWS::IAM::User",
                LookupAttributeKey.RESOURCE_NAME, USER,
                LookupAttributeKey.EVENT_SOURCE, "iam.amazonaws.com",
                LookupAttributeKey.ACCESS_KEY_ID, admin.accessKeyId());
        assertThat(values).hasSize(LookupAttributeKey.knownValues().size());

        values.forEach((key, value) -> {
            List<Event> found = lookupAll(trail, key, value);
            assertThat(found)
                    .as("lookup by %s = %s", key, value)
                    .filteredOn(e -> e.eventId().equals(event.eventId()))
                    .containsExactly(event);
            if (key == LookupAttributeKey.EVENT_ID) {
                assertThat(found).containsExactly(event);
            }
        });
    }

    @Test
    void theCreateUserEventShowsTheCallAsMade() {
        Event event = createUserEvent();
        User user = created.user();

        assertThat(event.eventName()).isEqualTo("CreateUser");
        assertThat(event.readOnly()).isEqualTo("false");
        assertThat(event.accessKeyId()).isEqualTo(admin.accessKeyId());
        assertThat(event.eventSource()).isEqualTo("iam.amazonaws.com");
        assertThat(event.username()).isEqualTo("admin");
        assertThat(event.resources())
                .containsExactly(Resource.builder()
                        .resourceType("AWS::IAM::User")
                        .resourceName(USER)
                        .build());

        TrailRecord record = TrailRecord.of(event);
        assertThat(event.eventTime()).isEqualTo(Instant.parse(record.text("eventTime")));
        assertThat(record.text("eventVersion")).isEqualTo("1.11");
        assertThat(record.text("eventID")).isEqualTo(event.eventId());
        assertThat(record.text("eventName")).isEqualTo("CreateUser");
        assertThat(record.text("eventSource")).isEqualTo("iam.amazonaws.com");
        assertThat(record.text("awsRegion")).isEqualTo("us-east-1");
        assertThat(record.text("eventType")).isEqualTo("AwsApiCall");
        assertThat(record.text("eventCategory")).isEqualTo("Management");
        assertThat(record.text("recipientAccountId")).isEqualTo(ACCOUNT);
        assertThat(record.text("requestID"))
                .isEqualTo(created.responseMetadata().requestId())
                .isNotBlank();
        JsonNode readOnly = record.at("readOnly").orElseThrow();
        assertThat(readOnly.isBoolean()).as("readOnly is a JSON boolean").isTrue();
        assertThat(readOnly.asBoolean()).isFalse();
        JsonNode management = record.at("managementEvent").orElseThrow();
        assertThat(management.isBoolean() && management.asBoolean()).isTrue();
        assertThat(record.at("errorCode")).isEmpty();

        assertThat(record.text("userIdentity", "type")).isEqualTo("IAMUser");
        assertThat(record.text("userIdentity", "userName")).isEqualTo("admin");
        assertThat(record.text("userIdentity", "accountId")).isEqualTo(ACCOUNT);
        assertThat(record.text("userIdentity", "arn")).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/admin");
        assertThat(record.text("userIdentity", "accessKeyId")).isEqualTo(admin.accessKeyId());
        // A long-term key has no session, so no mfaAuthenticated anywhere in userIdentity.
        assertThat(TrailRecord.mentions(record.at("userIdentity").orElseThrow(), "mfaAuthenticated"))
                .as("%s", record)
                .isFalse();

        JsonNode parameters = record.at("requestParameters").orElseThrow();
        assertThat(parameters.asObject()).containsOnlyKeys("userName");
        assertThat(record.text("requestParameters", "userName")).isEqualTo(USER);
        assertThat(record.text("responseElements", "user", "userName")).isEqualTo(USER);
        assertThat(record.text("responseElements", "user", "userId")).isEqualTo(user.userId());
        assertThat(record.text("responseElements", "user", "arn")).isEqualTo(user.arn());
        assertThat(record.text("responseElements", "user", "path")).isEqualTo("/");
    }

    @Test
    void aFailedCallIsFoundWithItsErrorCodeAndMessage() {
        assertThat(deleteFailure).isNotNull();

        List<Event> found = lookupAll(trail, LookupAttributeKey.RESOURCE_NAME, MISSING);

        assertThat(found).hasSize(1);
        Event event = found.getFirst();
        assertThat(event.eventName()).isEqualTo("DeleteUser");
        assertThat(event.readOnly()).isEqualTo("false");
        TrailRecord record = TrailRecord.of(event);
        assertThat(record.text("errorCode")).isEqualTo("NoSuchEntity");
        assertThat(record.text("errorMessage"))
                .isEqualTo(deleteFailure.awsErrorDetails().errorMessage())
                .isEqualTo("The user with name " + MISSING + " cannot be found.");
        assertThat(record.text("requestID")).isEqualTo(deleteFailure.requestId());
        assertThat(record.text("requestParameters", "userName")).isEqualTo(MISSING);
        assertThat(record.at("responseElements").map(JsonNode::isNull)).contains(true);
    }

    @Test
    void assumeRoleAndTheSessionsCallsAreFound() {
        List<Event> assumeRoles = lookupAll(trail, LookupAttributeKey.EVENT_NAME, "AssumeRole");
        assertThat(assumeRoles).hasSize(1);
        Event event = assumeRoles.getFirst();
        assertThat(event.eventSource()).isEqualTo("sts.amazonaws.com");
        assertThat(event.username()).isEqualTo("admin");
        assertThat(event.resources())
                .contains(Resource.builder()
                        .resourceType("AWS::IAM::Role")
                        .resourceName("lookup-role")
                        .build());
        TrailRecord record = TrailRecord.of(event);
        assertThat(record.text("requestID"))
                .isEqualTo(assumed.responseMetadata().requestId());
        assertThat(record.text("requestParameters", "roleSessionName")).isEqualTo(SESSION);
        assertThat(record.text("responseElements", "credentials", "sessionToken"))
                .isEqualTo("HIDDEN_DUE_TO_SECURITY_REASONS");

        // A call made with the session's key is found by that key, under the session's name.
        AwsSessionCredentials session = StsIT.sessionCredentials(assumed.credentials());
        try (IamClient sessionIam = Clients.iam(server, session)) {
            sessionIam.listUsers();
        }
        List<Event> bySession = lookupAll(trail, LookupAttributeKey.ACCESS_KEY_ID, session.accessKeyId());
        assertThat(bySession).hasSize(1);
        assertThat(bySession.getFirst().eventName()).isEqualTo("ListUsers");
        assertThat(bySession.getFirst().readOnly()).isEqualTo("true");
        assertThat(bySession.getFirst().username()).isEqualTo(SESSION);
        TrailRecord listed = TrailRecord.of(bySession.getFirst());
        assertThat(listed.text("userIdentity", "type")).isEqualTo("AssumedRole");
        assertThat(listed.text("userIdentity", "sessionContext", "attributes", "mfaAuthenticated"))
                .isEqualTo("false");
        assertThat(lookupAll(trail, LookupAttributeKey.USERNAME, SESSION)).containsExactlyElementsOf(bySession);
    }

    @Test
    void anEventIsFoundAsSoonAsItsCallReturns() {
        for (int i = 0; i < 5; i++) {
            String name = "lookup-now-" + i;
            CreateUserResponse response = iam.createUser(r -> r.userName(name));

            List<Event> found = lookupAll(trail, LookupAttributeKey.RESOURCE_NAME, name);

            assertThat(found)
                    .as("events of %s right after its CreateUser returned", name)
                    .hasSize(1);
            assertThat(TrailRecord.of(found.getFirst()).text("requestID"))
                    .isEqualTo(response.responseMetadata().requestId());
        }
    }

    // ---- pages ---------------------------------------------------------------------------------

    @Test
    void pagesOfOneToSevenVisitEveryEventOnceNewestFirst() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String name = String.format("lookup-page-%02d", i);
            iam.createUser(r -> r.userName(name));
            names.add(name);
        }
        Consumer<LookupEventsRequest.Builder> createUsers =
                r -> r.lookupAttributes(attribute(LookupAttributeKey.EVENT_NAME, "CreateUser"));
        List<Event> reference = lookupAll(trail, createUsers);
        List<String> referenceIds = reference.stream().map(Event::eventId).toList();
        assertThat(referenceIds).doesNotHaveDuplicates();
        assertNewestFirst(reference);
        for (String name : names) {
            assertThat(reference)
                    .as("CreateUser events of %s", name)
                    .filteredOn(e -> e.resources().stream().anyMatch(res -> name.equals(res.resourceName())))
                    .hasSize(1);
        }
        // Newest first: the last user created comes first among them.
        List<String> pageUsers = reference.stream()
                .map(e -> e.resources().getFirst().resourceName())
                .filter(names::contains)
                .toList();
        assertThat(pageUsers).containsExactlyElementsOf(names.reversed());

        for (int max = 1; max <= 7; max++) {
            int size = max;
            List<Event> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String next = token;
                LookupEventsResponse page = trail.lookupEvents(r -> {
                    createUsers.accept(r);
                    r.maxResults(size).nextToken(next);
                });
                assertThat(page.events())
                        .as("page %d of MaxResults %d", pages, size)
                        .hasSizeBetween(1, size);
                seen.addAll(page.events());
                token = page.nextToken();
                pages++;
            } while (token != null && pages < 100);

            assertThat(seen.stream().map(Event::eventId).toList())
                    .as("event ids with MaxResults %d", size)
                    .containsExactlyElementsOf(referenceIds);
            assertThat(pages).isEqualTo((reference.size() + size - 1) / size);
        }

        // The SDK's paginator follows the same tokens.
        List<String> paginated = new ArrayList<>();
        trail.lookupEventsPaginator(r -> {
                    createUsers.accept(r);
                    r.maxResults(4);
                })
                .events()
                .forEach(e -> paginated.add(e.eventId()));
        assertThat(paginated).containsExactlyElementsOf(referenceIds);

        // Without an attribute, over the time of those calls: every one of them once, newest first.
        Instant from = reference.getLast().eventTime();
        Instant to = reference.getFirst().eventTime();
        List<Event> window = lookupAll(trail, r -> r.startTime(from).endTime(to).maxResults(3));
        assertThat(window.stream().map(Event::eventId).toList()).doesNotHaveDuplicates();
        assertNewestFirst(window);
        assertThat(window.stream().map(Event::eventId).toList()).containsAll(referenceIds.subList(0, 25));
    }

    // ---- time range ----------------------------------------------------------------------------

    @Test
    void startTimeAndEndTimeAreInclusive() {
        Event event = createUserEvent();
        Instant at = event.eventTime();
        Consumer<LookupEventsRequest.Builder> alice =
                r -> r.lookupAttributes(attribute(LookupAttributeKey.RESOURCE_NAME, USER));

        assertThat(lookupAll(trail, r -> {
                    alice.accept(r);
                    r.startTime(at).endTime(at);
                }))
                .containsExactly(event);
        assertThat(lookupAll(trail, r -> {
                    alice.accept(r);
                    r.startTime(at);
                }))
                .containsExactly(event);
        assertThat(lookupAll(trail, r -> {
                    alice.accept(r);
                    r.endTime(at);
                }))
                .containsExactly(event);
        assertThat(lookupAll(trail, r -> {
                    alice.accept(r);
                    r.startTime(at.plusSeconds(1));
                }))
                .isEmpty();
        assertThat(lookupAll(trail, r -> {
                    alice.accept(r);
                    r.endTime(at.minusSeconds(1));
                }))
                .isEmpty();
        assertThat(lookupAll(trail, r -> {
                    alice.accept(r);
                    r.startTime(at.minus(Duration.ofMinutes(5))).endTime(at.plus(Duration.ofMinutes(5)));
                }))
                .containsExactly(event);
    }

    // ---- bad parameters ------------------------------------------------------------------------

    @Test
    void eachBadParameterGetsItsCloudTrailException() {
        assertRefused(InvalidMaxResultsException.class, "InvalidMaxResultsException", r -> r.maxResults(0));
        assertRefused(InvalidMaxResultsException.class, "InvalidMaxResultsException", r -> r.maxResults(51));
        assertRefused(
                InvalidLookupAttributesException.class,
                "InvalidLookupAttributesException",
                r -> r.lookupAttributes(
                        attribute(LookupAttributeKey.EVENT_NAME, "CreateUser"),
                        attribute(LookupAttributeKey.USERNAME, "admin")));
        assertRefused(
                InvalidLookupAttributesException.class,
                "InvalidLookupAttributesException",
                r -> r.lookupAttributes(a -> a.attributeKey("EventColour").attributeValue("blue")));
        assertRefused(
                InvalidLookupAttributesException.class,
                "InvalidLookupAttributesException",
                r -> r.lookupAttributes(a -> a.attributeKey("eventName").attributeValue("CreateUser")));
        Instant now = Instant.now();
        assertRefused(
                InvalidTimeRangeException.class,
                "InvalidTimeRangeException",
                r -> r.startTime(now).endTime(now.minus(Duration.ofHours(1))));
        assertRefused(
                InvalidEventCategoryException.class,
                "InvalidEventCategoryException",
                r -> r.eventCategory("management"));
    }

    @Test
    void aTamperedOrReusedNextTokenIsInvalidNextTokenException() {
        for (int i = 0; i < 3; i++) {
            String name = "lookup-token-" + i;
            iam.createUser(r -> r.userName(name));
        }
        Consumer<LookupEventsRequest.Builder> createUsers =
                r -> r.lookupAttributes(attribute(LookupAttributeKey.EVENT_NAME, "CreateUser"));
        String token = trail.lookupEvents(r -> {
                    createUsers.accept(r);
                    r.maxResults(1);
                })
                .nextToken();
        assertThat(token).isNotBlank();
        // The token works as given.
        assertThat(trail.lookupEvents(r -> {
                            createUsers.accept(r);
                            r.maxResults(1).nextToken(token);
                        })
                        .events())
                .hasSize(1);

        int middle = token.length() / 2;
        char flipped = token.charAt(middle) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, middle) + flipped + token.substring(middle + 1);
        assertRefused(InvalidNextTokenException.class, "InvalidNextTokenException", r -> {
            createUsers.accept(r);
            r.maxResults(1).nextToken(tampered);
        });
        assertRefused(InvalidNextTokenException.class, "InvalidNextTokenException", r -> {
            createUsers.accept(r);
            r.maxResults(1).nextToken(token + "x");
        });
        assertRefused(
                InvalidNextTokenException.class,
                "InvalidNextTokenException",
                r -> r.lookupAttributes(attribute(LookupAttributeKey.EVENT_NAME, "DeleteUser"))
                        .maxResults(1)
                        .nextToken(token));
        assertRefused(
                InvalidNextTokenException.class,
                "InvalidNextTokenException",
                r -> r.maxResults(1).nextToken(token));
        assertRefused(InvalidNextTokenException.class, "InvalidNextTokenException", r -> {
            createUsers.accept(r);
            r.startTime(Instant.now().minus(Duration.ofDays(1))).maxResults(1).nextToken(token);
        });
    }

    // ---- the aws CLI ---------------------------------------------------------------------------

    @Test
    void awsCliLooksUpEventsByNameAndByTime() {
        assumeTrue(AwsCommand.available(), "the aws CLI is not on the PATH");
        Event event = createUserEvent();

        AwsCommand.Result byName = AwsCommand.run(
                server,
                "cloudtrail",
                "lookup-events",
                "--lookup-attributes",
                "AttributeKey=EventName,AttributeValue=CreateUser",
                "--output",
                "json");

        assertThat(byName.exitCode()).as("%s", byName).isZero();
        List<JsonNode> events = JsonNode.parser()
                .parse(byName.stdout())
                .field("Events")
                .orElseThrow()
                .asArray();
        assertThat(events)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.field("EventName").orElseThrow().asString())
                        .isEqualTo("CreateUser"));
        JsonNode alice = events.stream()
                .filter(e -> e.field("EventId").orElseThrow().asString().equals(event.eventId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the CLI did not list " + event.eventId() + ": " + byName));
        assertThat(alice.field("ReadOnly").orElseThrow().asString()).isEqualTo("false");
        assertThat(alice.field("Username").orElseThrow().asString()).isEqualTo("admin");
        assertThat(TrailRecord.parse(
                                alice.field("CloudTrailEvent").orElseThrow().asString())
                        .text("requestID"))
                .isEqualTo(created.responseMetadata().requestId());

        AwsCommand.Result byTime = AwsCommand.run(
                server,
                "cloudtrail",
                "lookup-events",
                "--lookup-attributes",
                "AttributeKey=ResourceName,AttributeValue=" + USER,
                "--start-time",
                event.eventTime().toString(),
                "--end-time",
                event.eventTime().toString(),
                "--output",
                "json");
        assertThat(byTime.exitCode()).as("%s", byTime).isZero();
        assertThat(byTime.stdout()).contains(event.eventId());

        // botocore checks only the minimum of MaxResults; 51 reaches the server, which refuses it.
        AwsCommand.Result tooMany = AwsCommand.run(
                server, "cloudtrail", "lookup-events", "--max-results", "51", "--no-paginate", "--output", "json");
        assertThat(tooMany.exitCode()).as("%s", tooMany).isIn(254, 255);
        assertThat(tooMany.stderr()).contains("InvalidMaxResultsException");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The CreateUser event of {@link #USER}: the one whose requestID is the SDK call's request id. */
    private static Event createUserEvent() {
        String requestId = created.responseMetadata().requestId();
        List<Event> matching = lookupAll(trail, LookupAttributeKey.EVENT_NAME, "CreateUser").stream()
                .filter(e -> requestId.equals(TrailRecord.of(e).text("requestID")))
                .toList();
        assertThat(matching)
                .as("CreateUser events with requestID %s", requestId)
                .hasSize(1);
        return matching.getFirst();
    }

    private static void assertNewestFirst(List<Event> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).eventTime())
                    .as("EventTime of event %d of %d", i, events.size())
                    .isBeforeOrEqualTo(events.get(i - 1).eventTime());
        }
    }

    private static <T extends CloudTrailException> void assertRefused(
            Class<T> type, String code, Consumer<LookupEventsRequest.Builder> request) {
        T e = catchThrowableOfType(type, () -> trail.lookupEvents(request));
        assertThat(e).as("%s expected", code).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).isNotBlank();
    }
}

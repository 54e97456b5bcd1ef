package dev.cairn.event;

import static dev.cairn.event.TestJson.golden;
import static dev.cairn.event.TestJson.memberNames;
import static dev.cairn.event.TestJson.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records built by Cairn: canonical order, AWS's JSON types, and the members every record has. */
class AuditEventTest {

    private static final Instant TIME = Instant.parse("2019-06-19T00:18:31Z");

    private static UserIdentity alice() {
        return UserIdentity.builder()
                .type("IAMUser")
                .principalId("AIDAJ45Q7YFFAREXAMPLE")
                .arn("arn:aws:iam::123456789012:user/Alice")
                .accountId("123456789012")
                .accessKeyId("AKIAIOSFODNN7EXAMPLE")
                .userName("Alice")
                .build();
    }

    /** The members a builder requires, and nothing else. */
    private static AuditEvent.Builder minimal() {
        return AuditEvent.builder()
                .userIdentity(alice())
                .eventTime(TIME)
                .eventSource("cloudtrail.amazonaws.com")
                .eventName("DescribeTrails")
                .awsRegion("us-east-2")
                .eventID("7116c6a1-0000-4000-8000-000000000001")
                .eventType("AwsApiCall");
    }

    private static String json(AuditEvent event) {
        return text(CloudTrailJson.serialize(event));
    }

    @Test
    void membersAreWrittenInCanonicalOrderWhateverTheOrderTheyWereSet() {
        RawJson object = RawJson.of("{\"k\":\"v\"}");
        AuditEvent event = AuditEvent.builder()
                .eventContext(object)
                .edgeDeviceDetails(object)
                .tlsDetails(object)
                .sessionCredentialFromConsole(true)
                .addendum(object)
                .eventCategory("Management")
                .insightDetails(object)
                .serviceEventDetails(object)
                .vpcEndpointAccountId("111122223333")
                .vpcEndpointId("vpce-1234abcdf5678c90a")
                .sharedEventID("5d40662a-0000-4000-8000-000000000002")
                .recipientAccountId("123456789012")
                .managementEvent(true)
                .apiVersion("2013-11-01")
                .eventType("AwsApiCall")
                .resources(List.of(Resource.of("arn:aws:iam::123456789012:user/Bob", "123456789012", "AWS::IAM::User")))
                .readOnly(false)
                .eventID("7116c6a1-0000-4000-8000-000000000001")
                .requestID("ddf5140f-0000-4000-8000-000000000003")
                .additionalEventData(object)
                .responseElements(object)
                .requestParameters(object)
                .errorMessage("message")
                .errorCode("code")
                .userAgent("aws-cli/2.15.0")
                .sourceIPAddress("203.0.113.64")
                .awsRegion("us-east-2")
                .eventName("CreateUser")
                .eventSource("iam.amazonaws.com")
                .eventTime(TIME)
                .userIdentity(alice())
                .member("annotation", RawJson.of("\"note\""))
                .build();

        assertThat(memberNames(json(event)))
                .containsExactly(
                        "eventVersion",
                        "userIdentity",
                        "eventTime",
                        "eventSource",
                        "eventName",
                        "awsRegion",
                        "sourceIPAddress",
                        "userAgent",
                        "errorCode",
                        "errorMessage",
                        "requestParameters",
                        "responseElements",
                        "additionalEventData",
                        "requestID",
                        "eventID",
                        "readOnly",
                        "resources",
                        "eventType",
                        "apiVersion",
                        "managementEvent",
                        "recipientAccountId",
                        "sharedEventID",
                        "vpcEndpointId",
                        "vpcEndpointAccountId",
                        "serviceEventDetails",
                        "insightDetails",
                        "eventCategory",
                        "addendum",
                        "sessionCredentialFromConsole",
                        "tlsDetails",
                        "edgeDeviceDetails",
                        "eventContext",
                        "annotation");
        assertThat(json(event))
                .contains("\"resources\":[{\"ARN\":\"arn:aws:iam::123456789012:user/Bob\","
                        + "\"accountId\":\"123456789012\",\"type\":\"AWS::IAM::User\"}]")
                .contains("\"sessionCredentialFromConsole\":\"true\"")
                .endsWith(",\"annotation\":\"note\"}");
    }

    @Test
    void eventVersionIs1_11ByDefault() {
        assertThat(minimal().build().eventVersion()).isEqualTo("1.11");
        assertThat(json(minimal().build())).startsWith("{\"eventVersion\":\"1.11\",");
    }

    @Test
    void readOnlyAndManagementEventAreJsonBooleans() {
        String json = json(minimal().readOnly(true).managementEvent(false).build());

        assertThat(json).contains("\"readOnly\":true").contains("\"managementEvent\":false");
    }

    @Test
    void mfaAuthenticatedIsTheStringFalseOrTrue() {
        SessionContext session = SessionContext.builder()
                .attributes(SessionAttributes.of(Instant.parse("2023-11-02T01:06:28.750Z"), false))
                .build();
        UserIdentity identity = alice().toBuilder().sessionContext(session).build();

        assertThat(json(minimal().userIdentity(identity).build()))
                .contains("\"attributes\":{\"creationDate\":\"2023-11-02T01:06:28Z\",\"mfaAuthenticated\":\"false\"}");
        assertThat(SessionAttributes.of(Instant.EPOCH, true).mfaAuthenticated()).isEqualTo("true");
    }

    @Test
    void requestParametersAndResponseElementsAreWrittenAsNullWhenUnset() {
        AuditEvent event = minimal().build();

        assertThat(json(event)).contains(",\"requestParameters\":null,\"responseElements\":null,");
        assertThat(event.requestParameters()).isNull();
        assertThat(event.hasMember("requestParameters")).isTrue();
        assertThat(json(minimal().requestParameters(RawJson.NULL).build())).contains("\"requestParameters\":null");
    }

    @Test
    void absentOptionalMembersAreLeftOut() {
        assertThat(memberNames(json(minimal().build())))
                .containsExactly(
                        "eventVersion",
                        "userIdentity",
                        "eventTime",
                        "eventSource",
                        "eventName",
                        "awsRegion",
                        "requestParameters",
                        "responseElements",
                        "eventID",
                        "eventType");
        UserIdentity service = UserIdentity.builder()
                .type("AWSService")
                .invokedBy("ec2.amazonaws.com")
                .build();
        assertThat(json(minimal().userIdentity(service).build()))
                .contains("\"userIdentity\":{\"type\":\"AWSService\",\"invokedBy\":\"ec2.amazonaws.com\"},");
    }

    @Test
    void eventTimeIsWrittenInWholeUtcSeconds() {
        AuditEvent event = minimal()
                .eventTime(Instant.parse("2024-02-29T23:59:59.999999Z"))
                .build();

        assertThat(json(event)).contains("\"eventTime\":\"2024-02-29T23:59:59Z\"");
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    }

    @Test
    void anIamUserRecordIsWrittenAsAwsWritesIt() {
        AuditEvent event = AuditEvent.builder()
                .userIdentity(UserIdentity.builder()
                        .type("IAMUser")
                        .principalId("AIDAJDPLRKLG7UEXAMPLE")
                        .arn("arn:aws:iam::123456789012:user/Mary_Major")
                        .accountId("123456789012")
                        .accessKeyId("AKIAIOSFODNN7EXAMPLE")
                        .userName("Mary_Major")
                        .build())
                .eventTime(TIME)
                .eventSource("cloudtrail.amazonaws.com")
                .eventName("StartLogging")
                .awsRegion("us-east-2")
                .sourceIPAddress("203.0.113.64")
                .userAgent("aws-cli/2.15.0 ...")
                .requestParameters(
                        RawJson.of("{\"name\":\"arn:aws:cloudtrail:us-east-2:123456789012:trail/My-First-Trail\"}"))
                .requestID("ddf5140f-EXAMPLE")
                .eventID("7116c6a1-EXAMPLE")
                .readOnly(false)
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId("123456789012")
                .eventCategory("Management")
                .tlsDetails(RawJson.of("{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\","
                        + "\"clientProvidedHostHeader\":\"cloudtrail.us-east-2.amazonaws.com\"}"))
                .build();

        String golden = golden("iam-user-start-logging.json");
        assertThat(json(event)).isEqualTo(golden);
        assertThat(CloudTrailJson.parse(golden)).isEqualTo(event);
    }

    @Test
    void anAssumedRoleRecordCarriesItsSessionContext() {
        UserIdentity identity = UserIdentity.builder()
                .type("AssumedRole")
                .principalId("AROAIDPPEZS35WEXAMPLE:MySessionName")
                .arn("arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName")
                .accountId("123456789012")
                .accessKeyId("ASIAIOSFODNN7EXAMPLE")
                .sessionContext(SessionContext.builder()
                        .sessionIssuer(SessionIssuer.builder()
                                .type("Role")
                                .principalId("AROAIDPPEZS35WEXAMPLE")
                                .arn("arn:aws:iam::123456789012:role/RoleToBeAssumed")
                                .accountId("123456789012")
                                .userName("RoleToBeAssumed")
                                .build())
                        .webIdFederationData(RawJson.EMPTY_OBJECT)
                        .attributes(SessionAttributes.of(Instant.parse("2023-11-02T01:06:28Z"), false))
                        .build())
                .build();
        AuditEvent event = AuditEvent.builder()
                .userIdentity(identity)
                .eventTime(Instant.parse("2023-11-02T01:10:12Z"))
                .eventSource("iam.amazonaws.com")
                .eventName("CreateUser")
                .awsRegion("us-east-1")
                .sourceIPAddress("203.0.113.64")
                .userAgent("aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off"
                        + " command/iam.create-user")
                .requestParameters(RawJson.of("{\"userName\":\"Richard_Roe\",\"path\":\"/\"}"))
                .responseElements(RawJson.of("{\"user\":{\"path\":\"/\",\"userName\":\"Richard_Roe\","
                        + "\"userId\":\"AIDACKCEVSQ6C2EXAMPLE\",\"arn\":\"arn:aws:iam::123456789012:user/Richard_Roe\","
                        + "\"createDate\":\"Nov 2, 2023, 1:10:12 AM\"}}"))
                .requestID("9f0ee1c5-8e1c-4b1c-9a3e-EXAMPLE11111")
                .eventID("4d4b8b5c-1f2e-4c1d-8f8e-EXAMPLE22222")
                .readOnly(false)
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId("123456789012")
                .eventCategory("Management")
                .tlsDetails(RawJson.of("{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\","
                        + "\"clientProvidedHostHeader\":\"iam.amazonaws.com\"}"))
                .build();

        String golden = golden("assumed-role-create-user.json");
        assertThat(json(event)).isEqualTo(golden);
        AuditEvent parsed = CloudTrailJson.parse(golden);
        assertThat(parsed).isEqualTo(event);
        assertThat(parsed.userIdentity().sessionContext().sessionIssuer().userName())
                .isEqualTo("RoleToBeAssumed");
        assertThat(parsed.userIdentity().sessionContext().attributes().creationDate())
                .isEqualTo("2023-11-02T01:06:28Z");
    }

    @Test
    void anInsightsEventHasNoRequestParametersOrIdentity() {
        AuditEvent insight = AuditEvent.builder()
                .eventVersion("1.07")
                .eventTime(Instant.parse("2020-07-21T20:56:00Z"))
                .awsRegion("us-east-1")
                .eventID("abcd00b0-ccfe-422d-961c-98a2198a408a")
                .eventType("AwsCloudTrailInsight")
                .recipientAccountId("838185438692")
                .sharedEventID("7bb000aa-22b3-4c03-94af-c74fa0c8e7c0")
                .insightDetails(RawJson.of("{\"state\":\"Start\",\"insightType\":\"ApiCallRateInsight\"}"))
                .eventCategory("Insight")
                .build();

        assertThat(json(insight))
                .isEqualTo(
                        "{\"eventVersion\":\"1.07\",\"eventTime\":\"2020-07-21T20:56:00Z\",\"awsRegion\":\"us-east-1\","
                                + "\"eventID\":\"abcd00b0-ccfe-422d-961c-98a2198a408a\",\"eventType\":\"AwsCloudTrailInsight\","
                                + "\"recipientAccountId\":\"838185438692\",\"sharedEventID\":\"7bb000aa-22b3-4c03-94af-c74fa0c8e7c0\","
                                + "\"insightDetails\":{\"state\":\"Start\",\"insightType\":\"ApiCallRateInsight\"},"
                                + "\"eventCategory\":\"Insight\"}");
    }

    @Test
    void buildingWithoutAMemberEveryRecordHasFailsNamingIt() {
        assertThatThrownBy(() -> minimal().eventID(null).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("eventID is not set; every record has one");
        assertThatThrownBy(() -> minimal().eventVersion(null).build())
                .hasMessageStartingWith("eventVersion is not set");
        assertThatThrownBy(() -> minimal().userIdentity(null).build())
                .hasMessage("userIdentity is not set; every record other than an Insights event has one");
    }

    @Test
    void eventTimeBeyondYear9999IsRefused() {
        assertThatThrownBy(() -> minimal().eventTime(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventTime +10000-01-01T00:00:00Z has no four-digit year");
    }

    @Test
    void unknownMembersCannotShadowModelledOnes() {
        assertThatThrownBy(() -> AuditEvent.builder().member("readOnly", RawJson.of("\"yes\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member readOnly is modelled");
    }

    @Test
    void aRebuiltParsedRecordIsWrittenInCanonicalOrderWithItsValues() {
        String parsedOrder = "{\"eventID\":\"e1\",\"eventTime\":\"2019-06-19T00:18:31Z\",\"awsRegion\":\"us-east-2\","
                + "\"eventVersion\":\"1.08\",\"x\":1,\"eventType\":\"AwsApiCall\",\"eventName\":\"ListUsers\","
                + "\"eventSource\":\"iam.amazonaws.com\",\"userIdentity\":{\"arn\":\"a\",\"type\":\"Root\"}}";
        AuditEvent parsed = CloudTrailJson.parse(parsedOrder);

        AuditEvent rebuilt = parsed.toBuilder().readOnly(true).build();

        assertThat(json(rebuilt))
                .isEqualTo("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"arn\":\"a\",\"type\":\"Root\"},"
                        + "\"eventTime\":\"2019-06-19T00:18:31Z\",\"eventSource\":\"iam.amazonaws.com\","
                        + "\"eventName\":\"ListUsers\",\"awsRegion\":\"us-east-2\",\"requestParameters\":null,"
                        + "\"responseElements\":null,\"eventID\":\"e1\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
                        + "\"x\":1}");
    }

    @Test
    void builtAndParsedRecordsWithTheSameJsonAreEqual() {
        AuditEvent built = minimal().readOnly(true).build();
        AuditEvent parsed = CloudTrailJson.parse(CloudTrailJson.serialize(built));

        assertThat(parsed).isEqualTo(built).hasSameHashCodeAs(built);
        assertThat(parsed.toString()).isEqualTo(built.toString()).doesNotContain("Alice");
    }
}

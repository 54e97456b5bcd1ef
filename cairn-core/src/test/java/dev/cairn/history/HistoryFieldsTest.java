package dev.cairn.history;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.RawJson;
import dev.cairn.event.Resource;
import dev.cairn.event.UserIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryFieldsTest {

    private static final String ACCOUNT = "123456789012";
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    // Username

    @Test
    void theUsernameOfAnIamUserIsItsUserName() {
        assertThat(HistoryFields.username(call(identity("IAMUser", "arn:aws:iam::" + ACCOUNT + ":user/Alice")
                                .userName("Alice")
                                .build())
                        .build()))
                .isEqualTo("Alice");
    }

    @Test
    void anIamUserWithoutUserNameIsNamedByTheLastSegmentOfItsArn() {
        assertThat(HistoryFields.username(call(identity("IAMUser", "arn:aws:iam::" + ACCOUNT + ":user/division/Bob")
                                .build())
                        .build()))
                .isEqualTo("Bob");
    }

    @Test
    void theUsernameOfAnAssumedRoleIsItsSessionName() {
        AuditEvent event = call(identity(
                                "AssumedRole",
                                "arn:aws:sts::" + ACCOUNT + ":assumed-role/RoleToBeAssumed/my-session-name")
                        .build())
                .build();

        assertThat(HistoryFields.username(event)).isEqualTo("my-session-name");
    }

    @Test
    void theUsernameOfRootIsRoot() {
        assertThat(HistoryFields.username(call(identity("Root", "arn:aws:iam::" + ACCOUNT + ":root")
                                .build())
                        .build()))
                .isEqualTo("root");
    }

    @Test
    void theUsernameOfAFederatedUserIsItsName() {
        assertThat(HistoryFields.username(
                        call(identity("FederatedUser", "arn:aws:sts::" + ACCOUNT + ":federated-user/Carol")
                                        .build())
                                .build()))
                .isEqualTo("Carol");
    }

    @Test
    void theUsernameOfAnAwsServiceIsTheServiceThatCalled() {
        AuditEvent event = call(UserIdentity.builder()
                        .type("AWSService")
                        .invokedBy("lambda.amazonaws.com")
                        .build())
                .build();

        assertThat(HistoryFields.username(event)).isEqualTo("lambda.amazonaws.com");
    }

    @Test
    void otherIdentitiesAreNamedByTheirUserNameWhenTheyHaveOne() {
        AuditEvent named = call(UserIdentity.builder()
                        .type("WebIdentityUser")
                        .userName("web-user")
                        .build())
                .build();
        AuditEvent unnamed = call(UserIdentity.builder()
                        .type("AWSAccount")
                        .accountId(ACCOUNT)
                        .build())
                .build();

        assertThat(HistoryFields.username(named)).isEqualTo("web-user");
        assertThat(HistoryFields.username(unnamed)).isNull();
    }

    @Test
    void anInsightsEventHasNoUsername() {
        assertThat(HistoryFields.username(insight())).isNull();
    }

    // Resources

    @Test
    void resourcesOfTheRecordAreNamedByTheLastSegmentOfTheirArn() {
        AuditEvent event = call(alice())
                .resources(List.of(
                        Resource.of("arn:aws:s3:::my-bucket", null, "AWS::S3::Bucket"),
                        Resource.of(
                                "arn:aws:iam::" + ACCOUNT + ":role/service-role/CloudTrail_CloudWatchLogs_Role",
                                ACCOUNT,
                                "AWS::IAM::Role"),
                        Resource.of("arn:aws:kms:us-east-2:" + ACCOUNT + ":key/7944f0ec-EXAMPLE", ACCOUNT, null)))
                .build();

        assertThat(HistoryFields.resources(event))
                .containsExactly(
                        new HistoryResource("AWS::S3::Bucket", "my-bucket"),
                        new HistoryResource("AWS::IAM::Role", "CloudTrail_CloudWatchLogs_Role"),
                        new HistoryResource(null, "7944f0ec-EXAMPLE"));
    }

    @Test
    void iamRequestParametersNameUsersRolesAndAccessKeys() {
        AuditEvent event = call(alice())
                .eventName("DeleteAccessKey")
                .requestParameters(RawJson.of("{\"userName\":\"bob\",\"accessKeyId\":\"AKIAOLD\"}"))
                .build();
        AuditEvent attach = call(alice())
                .eventName("AttachRolePolicy")
                .requestParameters(
                        RawJson.of("{\"roleName\":\"Deployer\",\"policyArn\":\"arn:aws:iam::aws:policy/X\"}"))
                .build();

        assertThat(HistoryFields.resources(event))
                .containsExactly(
                        new HistoryResource("AWS::IAM::User", "bob"),
                        new HistoryResource("AWS::IAM::AccessKey", "AKIAOLD"));
        assertThat(HistoryFields.resources(attach)).containsExactly(new HistoryResource("AWS::IAM::Role", "Deployer"));
    }

    @Test
    void stsAssumeRoleNamesTheRoleOfItsRoleArn() {
        AuditEvent event = call(alice())
                .eventSource("sts.amazonaws.com")
                .eventName("AssumeRole")
                .requestParameters(RawJson.of(
                        "{\"roleArn\":\"arn:aws:iam::" + ACCOUNT + ":role/path/Deployer\",\"roleSessionName\":\"s\"}"))
                .build();

        assertThat(HistoryFields.resources(event)).containsExactly(new HistoryResource("AWS::IAM::Role", "Deployer"));
    }

    @Test
    void cloudTrailCallsNameTheirTrailByNameOrArn() {
        AuditEvent byName = call(alice())
                .eventSource("cloudtrail.amazonaws.com")
                .eventName("CreateTrail")
                .requestParameters(RawJson.of("{\"name\":\"my-trail\",\"s3BucketName\":\"b\"}"))
                .build();
        AuditEvent byArn = call(alice())
                .eventSource("cloudtrail.amazonaws.com")
                .eventName("StartLogging")
                .requestParameters(
                        RawJson.of("{\"name\":\"arn:aws:cloudtrail:us-east-2:" + ACCOUNT + ":trail/My-First-Trail\"}"))
                .build();

        assertThat(HistoryFields.resources(byName))
                .containsExactly(new HistoryResource("AWS::CloudTrail::Trail", "my-trail"));
        assertThat(HistoryFields.resources(byArn))
                .containsExactly(new HistoryResource("AWS::CloudTrail::Trail", "My-First-Trail"));
    }

    @Test
    void requestParametersOfOtherServicesOrNestedDeeperNameNothing() {
        AuditEvent ec2 = call(alice())
                .eventSource("ec2.amazonaws.com")
                .requestParameters(RawJson.of("{\"userName\":\"x\",\"name\":\"y\"}"))
                .build();
        AuditEvent nested = call(alice())
                .requestParameters(RawJson.of("{\"policy\":{\"userName\":\"x\"},\"tags\":[{\"roleName\":\"y\"}]}"))
                .build();
        AuditEvent notAString =
                call(alice()).requestParameters(RawJson.of("{\"userName\":7}")).build();

        assertThat(HistoryFields.resources(ec2)).isEmpty();
        assertThat(HistoryFields.resources(nested)).isEmpty();
        assertThat(HistoryFields.resources(notAString)).isEmpty();
    }

    @Test
    void aResourceNamedTwiceIsListedOnce() {
        AuditEvent event = call(alice())
                .eventName("CreateRole")
                .resources(
                        List.of(Resource.of("arn:aws:iam::" + ACCOUNT + ":role/Deployer", ACCOUNT, "AWS::IAM::Role")))
                .requestParameters(RawJson.of("{\"roleName\":\"Deployer\"}"))
                .build();

        assertThat(HistoryFields.resources(event)).containsExactly(new HistoryResource("AWS::IAM::Role", "Deployer"));
        assertThat(HistoryFields.values(event, LookupAttributeKey.ResourceName)).containsExactly("Deployer");
    }

    // the other attributes

    @Test
    void readOnlyIsTheStringOfTheBoolean() {
        assertThat(HistoryFields.readOnly(call(alice()).readOnly(true).build())).isEqualTo("true");
        assertThat(HistoryFields.readOnly(call(alice()).readOnly(false).build()))
                .isEqualTo("false");
        assertThat(HistoryFields.readOnly(call(alice()).readOnly(null).build())).isNull();
        assertThat(HistoryFields.values(call(alice()).readOnly(null).build(), LookupAttributeKey.ReadOnly))
                .isEmpty();
    }

    @Test
    void anEmptyAccessKeyIdIsNone() {
        AuditEvent root = call(identity("Root", "arn:aws:iam::" + ACCOUNT + ":root")
                        .accessKeyId("")
                        .build())
                .build();

        assertThat(HistoryFields.accessKeyId(root)).isNull();
        assertThat(HistoryFields.values(root, LookupAttributeKey.AccessKeyId)).isEmpty();
        assertThat(HistoryFields.values(call(alice()).build(), LookupAttributeKey.AccessKeyId))
                .containsExactly("AKIAALICE");
    }

    @Test
    void anInsightsEventIsNamedByItsDetails() {
        AuditEvent insight = insight();

        assertThat(HistoryFields.eventName(insight)).isEqualTo("CompleteLifecycleAction");
        assertThat(HistoryFields.eventSource(insight)).isEqualTo("autoscaling.amazonaws.com");
        assertThat(HistoryFields.values(insight, LookupAttributeKey.EventId)).containsExactly("insight");
    }

    @Test
    void valuesLongerThanLookupEventsAcceptsAreLeftOut() {
        String longName = "n".repeat(LookupAttribute.MAX_VALUE_LENGTH + 1);
        String longest = "n".repeat(LookupAttribute.MAX_VALUE_LENGTH);
        AuditEvent event = call(alice())
                .resources(List.of(
                        Resource.of("arn:aws:s3:::" + longName, null, "AWS::S3::Bucket"),
                        Resource.of("arn:aws:s3:::" + longest, null, "AWS::S3::Bucket")))
                .build();

        assertThat(HistoryFields.values(event, LookupAttributeKey.ResourceName)).containsExactly(longest);
    }

    @Test
    void hasAgreesWithValuesForEveryCorpusEventAttributeAndValue() throws IOException {
        int checked = 0;
        for (String line : corpus()) {
            AuditEvent event = CloudTrailJson.parse(line);
            if (!HistoryFields.isKept(event)) {
                continue;
            }
            HistoryEvent shown = HistoryRecord.of(StoredEvent.of(event)).shown(RecordText.ofJson(line));
            for (LookupAttributeKey key : LookupAttributeKey.values()) {
                List<String> values = HistoryFields.values(shown, key);
                for (String value : values) {
                    assertThat(HistoryFields.has(shown, key, value))
                            .as("%s %s", key, value)
                            .isTrue();
                    checked++;
                }
                assertThat(HistoryFields.has(shown, key, "not-" + shown.eventId()))
                        .isFalse();
                assertThat(HistoryFields.has(shown, key, "")).isFalse();
            }
        }
        assertThat(checked).isGreaterThan(3_000);
    }

    @Test
    void hasLeavesOutValuesLongerThanLookupEventsAccepts() {
        String longName = "n".repeat(LookupAttribute.MAX_VALUE_LENGTH + 1);
        AuditEvent event = call(alice())
                .resources(List.of(Resource.of("arn:aws:s3:::" + longName, null, "AWS::S3::Bucket")))
                .build();
        HistoryEvent shown = HistoryRecord.of(StoredEvent.of(event)).shown(RecordText.ofJson("{}"));

        assertThat(HistoryFields.has(shown, LookupAttributeKey.ResourceName, longName))
                .isFalse();
        assertThat(HistoryFields.has(shown, LookupAttributeKey.ResourceType, "AWS::S3::Bucket"))
                .isTrue();
    }

    // which events and whose

    @Test
    void managementEventsAreKept() {
        assertThat(HistoryFields.isKept(call(alice()).build())).isTrue();
        assertThat(HistoryFields.isManagement(call(alice()).build())).isTrue();
    }

    @Test
    void recordsOlderThanManagementEventAndEventCategoryAreKept() {
        AuditEvent old = call(alice())
                .eventVersion("1.04")
                .managementEvent(null)
                .eventCategory(null)
                .build();

        assertThat(HistoryFields.isKept(old)).isTrue();
    }

    @Test
    void dataAndNetworkActivityEventsAreNotKept() {
        assertThat(HistoryFields.isKept(call(alice())
                        .managementEvent(false)
                        .eventCategory("Data")
                        .build()))
                .isFalse();
        assertThat(HistoryFields.isKept(call(alice()).managementEvent(false).build()))
                .isFalse();
        assertThat(HistoryFields.isKept(call(alice())
                        .managementEvent(null)
                        .eventCategory("NetworkActivity")
                        .build()))
                .isFalse();
    }

    @Test
    void insightsEventsAreKeptAsInsights() {
        assertThat(HistoryFields.isKept(insight())).isTrue();
        assertThat(HistoryFields.isInsight(insight())).isTrue();
        assertThat(HistoryFields.isManagement(insight())).isFalse();
    }

    @Test
    void theAccountIsTheRecipientElseTheCallersAccount() {
        assertThat(HistoryFields.accountId(
                        call(alice()).recipientAccountId("999988887777").build()))
                .isEqualTo("999988887777");
        assertThat(HistoryFields.accountId(
                        call(alice()).recipientAccountId(null).build()))
                .isEqualTo(ACCOUNT);
        assertThat(HistoryFields.accountId(call(UserIdentity.builder()
                                .type("AWSService")
                                .invokedBy("x")
                                .build())
                        .recipientAccountId(null)
                        .build()))
                .isNull();
    }

    @Test
    void everyCorpusRecordHasConsistentDerivedFields() throws IOException {
        int withUsername = 0;
        int withResources = 0;
        for (String line : corpus()) {
            AuditEvent event = CloudTrailJson.parse(line);
            HistoryEvent shown = HistoryEvent.of(new StoredEvent(event, line.getBytes(UTF_8)));

            assertThat(shown.cloudTrailEvent()).isEqualTo(line);
            assertThat(HistoryFields.values(event, LookupAttributeKey.EventId)).containsExactly(event.eventID());
            assertThat(HistoryFields.values(event, LookupAttributeKey.ResourceName))
                    .containsExactlyElementsOf(shown.resources().stream()
                            .map(HistoryResource::resourceName)
                            .distinct()
                            .toList());
            if (shown.username() != null) {
                withUsername++;
            }
            if (!shown.resources().isEmpty()) {
                withResources++;
            }
        }
        assertThat(withUsername).isGreaterThan(600);
        assertThat(withResources).isGreaterThan(300);
    }

    // helpers

    private static List<String> corpus() throws IOException {
        try (InputStream in = HistoryFieldsTest.class.getResourceAsStream("/corpus/cloudtrail-events.jsonl")) {
            return new String(in.readAllBytes(), UTF_8).lines().toList();
        }
    }

    private static UserIdentity.Builder identity(String type, String arn) {
        return UserIdentity.builder().type(type).arn(arn).accountId(ACCOUNT).principalId("AIDAEXAMPLE");
    }

    private static UserIdentity alice() {
        return identity("IAMUser", "arn:aws:iam::" + ACCOUNT + ":user/alice")
                .userName("alice")
                .accessKeyId("AKIAALICE")
                .build();
    }

    private static AuditEvent.Builder call(UserIdentity identity) {
        return AuditEvent.builder()
                .userIdentity(identity)
                .eventTime(T)
                .eventSource("iam.amazonaws.com")
                .eventName("ListUsers")
                .awsRegion("us-east-1")
                .eventID("evt")
                .readOnly(true)
                .eventType("AwsApiCall")
                .managementEvent(true)
                .recipientAccountId(ACCOUNT)
                .eventCategory("Management");
    }

    private static AuditEvent insight() {
        return AuditEvent.builder()
                .eventVersion("1.07")
                .eventTime(T)
                .awsRegion("us-east-1")
                .eventID("insight")
                .eventType(HistoryFields.INSIGHT_EVENT_TYPE)
                .recipientAccountId(ACCOUNT)
                .insightDetails(RawJson.of("{\"state\":\"Start\",\"eventSource\":\"autoscaling.amazonaws.com\","
                        + "\"eventName\":\"CompleteLifecycleAction\",\"insightType\":\"ApiCallRateInsight\"}"))
                .eventCategory("Insight")
                .build();
    }
}

package dev.cairn.server.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.identity.Caller;
import dev.cairn.identity.PrincipalType;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.json.EncodedOutput;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.Input;
import dev.cairn.protocol.operation.Operation;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.server.call.CompletedCall;
import dev.cairn.testkit.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFactoryTest {
    private static final ServiceModel IAM = ServiceModel.query("iam", "2010-05-08", true);
    private static final ServiceModel STS = ServiceModel.query("sts", "2011-06-15", true);
    private static final ServiceModel DEMO = ServiceModel.json11("demo", "2020-01-01", "Demo_20200101");
    private static final Caller ALICE = new Caller(
            PrincipalType.IAM_USER,
            "123456789012",
            "arn:aws:iam::123456789012:user/alice",
            "AIDAALICE",
            "alice",
            "AKIAALICE",
            null);
    private static final Caller SESSION = new Caller(
            PrincipalType.ASSUMED_ROLE,
            "123456789012",
            "arn:aws:sts::123456789012:assumed-role/Deploy/s1",
            "AROADEPLOY:s1",
            "Deploy",
            "ASIASESSION",
            new Caller.Session(
                    Instant.parse("2026-11-23T09:00:00Z"),
                    Instant.parse("2026-11-23T10:00:00Z"),
                    "Role",
                    "AROADEPLOY",
                    "arn:aws:iam::123456789012:role/Deploy",
                    "Deploy"));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00.750Z"));
    private final EventFactory factory = new EventFactory(clock);

    private static ObjectNode obj() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static Call call(ServiceModel service, String name, boolean readOnly, ObjectNode input, Caller caller) {
        Operation op = new Operation(service, name, readOnly, c -> null);
        return new Call(
                "req-1",
                op,
                new Input(input, CommonError.VALIDATION_ERROR),
                caller,
                "eu-west-1",
                Instant.parse("2026-11-23T10:00:00Z"),
                "10.1.2.3",
                "aws-cli/1.45.11");
    }

    private static String json(AuditEvent event) {
        return new String(CloudTrailJson.serialize(event), StandardCharsets.UTF_8);
    }

    @Test
    void aMutatingIamCallIsAFullManagementEvent() {
        ObjectNode input = obj().put("UserName", "bob").put("Path", "/team/");
        ObjectNode output = obj();
        output.putObject("User").put("UserName", "bob").put("Path", "/team/");
        AuditEvent event =
                factory.fromCall(new CompletedCall(call(IAM, "CreateUser", false, input, ALICE), output, null));
        assertThat(json(event))
                .isEqualTo("{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"IAMUser\","
                        + "\"principalId\":\"AIDAALICE\",\"arn\":\"arn:aws:iam::123456789012:user/alice\","
                        + "\"accountId\":\"123456789012\",\"accessKeyId\":\"AKIAALICE\",\"userName\":\"alice\"},"
                        + "\"eventTime\":\"2026-11-23T10:00:00Z\",\"eventSource\":\"iam.amazonaws.com\","
                        + "\"eventName\":\"CreateUser\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"10.1.2.3\","
                        + "\"userAgent\":\"aws-cli/1.45.11\",\"requestParameters\":{\"userName\":\"bob\",\"path\":\"/team/\"},"
                        + "\"responseElements\":{\"user\":{\"userName\":\"bob\",\"path\":\"/team/\"}},"
                        + "\"requestID\":\"req-1\",\"eventID\":\"" + event.eventID() + "\",\"readOnly\":false,"
                        + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"123456789012\","
                        + "\"eventCategory\":\"Management\"}");
    }

    @Test
    void aReadOnlyCallHasNullResponseElementsAndAnEmptyRequestHasNullParameters() {
        AuditEvent event = factory.fromCall(
                new CompletedCall(call(STS, "GetCallerIdentity", true, obj(), ALICE), obj().put("Arn", "x"), null));
        assertThat(json(event))
                .contains("\"requestParameters\":null,\"responseElements\":null")
                .contains("\"readOnly\":true");
    }

    @Test
    void aReadOnlyCallMayAnswerWithEncodedBytesButAMutatingOneMayNot() {
        EncodedOutput encoded = EncodedOutput.of("{\"Events\":[]}".getBytes(StandardCharsets.UTF_8));
        AuditEvent event =
                factory.fromCall(new CompletedCall(call(STS, "GetCallerIdentity", true, obj(), ALICE), encoded, null));
        assertThat(json(event)).contains("\"responseElements\":null");

        assertThatThrownBy(() -> factory.fromCall(
                        new CompletedCall(call(IAM, "CreateUser", false, obj(), ALICE), encoded, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CreateUser")
                .hasMessageContaining("read-only");
    }

    @Test
    void aFailedCallCarriesItsErrorAndNoResponse() {
        AwsException error = new AwsException("NoSuchEntity", 404, "The user with name x cannot be found.");
        AuditEvent event = factory.fromCall(
                new CompletedCall(call(IAM, "DeleteUser", false, obj().put("UserName", "x"), ALICE), null, error));
        assertThat(event.errorCode()).isEqualTo("NoSuchEntity");
        assertThat(event.errorMessage()).isEqualTo("The user with name x cannot be found.");
        assertThat(json(event)).contains("\"responseElements\":null");
    }

    @Test
    void aRegionalServiceKeepsTheSigningRegion() {
        AuditEvent event = factory.fromCall(new CompletedCall(call(DEMO, "Echo", true, obj(), ALICE), null, null));
        assertThat(event.awsRegion()).isEqualTo("eu-west-1");
        assertThat(event.eventSource()).isEqualTo("demo.amazonaws.com");
    }

    @Test
    void anAssumedRoleCallerHasItsSessionContext() {
        AuditEvent event =
                factory.fromCall(new CompletedCall(call(STS, "GetCallerIdentity", true, obj(), SESSION), null, null));
        assertThat(json(event))
                .contains(
                        "\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROADEPLOY:s1\","
                                + "\"arn\":\"arn:aws:sts::123456789012:assumed-role/Deploy/s1\",\"accountId\":\"123456789012\","
                                + "\"accessKeyId\":\"ASIASESSION\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
                                + "\"principalId\":\"AROADEPLOY\",\"arn\":\"arn:aws:iam::123456789012:role/Deploy\","
                                + "\"accountId\":\"123456789012\",\"userName\":\"Deploy\"},\"webIdFederationData\":{},"
                                + "\"attributes\":{\"creationDate\":\"2026-11-23T09:00:00Z\",\"mfaAuthenticated\":\"false\"}}}");
    }

    @Test
    void secretsAndSessionTokensAreHidden() {
        ObjectNode output = obj();
        output.putObject("Credentials")
                .put("AccessKeyId", "ASIAX")
                .put("SecretAccessKey", "s3cr3t")
                .put("SessionToken", "t0k3n")
                .put("Expiration", "2026-11-23T11:00:00Z");
        AuditEvent event = factory.fromCall(new CompletedCall(
                call(
                        STS,
                        "AssumeRole",
                        false,
                        obj().put("RoleArn", "arn:aws:iam::210987654321:role/R").put("RoleSessionName", "s"),
                        ALICE),
                output,
                null));
        String text = json(event);
        assertThat(text)
                .doesNotContain("s3cr3t")
                .doesNotContain("t0k3n")
                .contains(
                        "\"credentials\":{\"accessKeyId\":\"ASIAX\",\"secretAccessKey\":\"HIDDEN_DUE_TO_SECURITY_REASONS\","
                                + "\"sessionToken\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"")
                .contains("\"resources\":[{\"ARN\":\"arn:aws:iam::210987654321:role/R\",\"accountId\":\"210987654321\","
                        + "\"type\":\"AWS::IAM::Role\"}]");
    }

    @Test
    void aSecretInAnOperationWithoutAnEntryIsHiddenAnyway() {
        ObjectNode input = obj();
        input.putArray("Items").addObject().put("Password", "hunter2").put("Name", "n");
        AuditEvent event = factory.fromCall(new CompletedCall(call(DEMO, "Put", false, input, ALICE), null, null));
        assertThat(json(event))
                .doesNotContain("hunter2")
                .contains("{\"items\":[{\"password\":\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"name\":\"n\"}]}");
    }

    @Test
    void oversizedMembersAreDroppedAndLongTextsCut() {
        ObjectNode input = obj().put("Blob", "x".repeat(EventFactory.MAX_MEMBERS_BYTES + 1));
        AwsException error = new AwsException("ValidationException", 400, "m".repeat(5000));
        AuditEvent event = factory.fromCall(new CompletedCall(call(DEMO, "Put", false, input, ALICE), null, error));
        assertThat(json(event)).contains("\"requestParameters\":null");
        assertThat(event.errorMessage()).hasSize(EventFactory.MAX_TEXT);
    }

    @Test
    void aRevertedCallGetsACorrectionThatNamesTheOriginalEvent() {
        ObjectNode output = obj();
        output.putObject("User").put("UserName", "bob");
        AuditEvent original = factory.fromCall(
                new CompletedCall(call(IAM, "CreateUser", false, obj().put("UserName", "bob"), ALICE), output, null));
        AuditEvent correction = factory.reverted(
                original, new AwsException("ServiceUnavailable", 503, "The service cannot store changes right now."));
        assertThat(correction.requestID()).isEqualTo(original.requestID());
        assertThat(correction.eventID()).isNotEqualTo(original.eventID());
        assertThat(correction.errorCode()).isEqualTo("ServiceUnavailable");
        assertThat(json(correction))
                .contains("\"responseElements\":null")
                .contains("\"addendum\":{\"reason\":\"UPDATED_DATA\",\"updatedFields\":\"errorCode,errorMessage,"
                        + "responseElements\",\"originalRequestID\":\"req-1\",\"originalEventID\":\""
                        + original.eventID() + "\"}");
    }

    @Test
    void aRefusedCallNamesTheClaimedKeyAndItsOwner() {
        AwsException error = new AwsException("SignatureDoesNotMatch", 403, "The request signature ...");
        AuditEvent known = factory.fromRejected(new RejectedCall(
                "r",
                STS,
                "GetCallerIdentity",
                "AKIAALICE",
                ALICE,
                "123456789012",
                "us-east-1",
                "10.0.0.9",
                null,
                error));
        assertThat(json(known))
                .contains("\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAALICE\","
                        + "\"arn\":\"arn:aws:iam::123456789012:user/alice\",\"accountId\":\"123456789012\","
                        + "\"accessKeyId\":\"AKIAALICE\",\"userName\":\"alice\"}")
                .contains("\"errorCode\":\"SignatureDoesNotMatch\"");
        AuditEvent unknown = factory.fromRejected(
                new RejectedCall("r", STS, null, "AKIANOBODY", null, "123456789012", null, "10.0.0.9", null, error));
        assertThat(json(unknown))
                .contains("\"userIdentity\":{\"type\":\"Unknown\",\"accessKeyId\":\"AKIANOBODY\"}")
                .contains("\"recipientAccountId\":\"123456789012\"");
    }

    // ---- cross-account copies --------------------------------------------------------------------

    private static ObjectNode assumed() {
        ObjectNode output = obj();
        output.putObject("Credentials")
                .put("AccessKeyId", "ASIAX")
                .put("SecretAccessKey", "s3cr3t")
                .put("SessionToken", "t0k3n")
                .put("Expiration", "2026-11-23T11:00:00Z");
        output.putObject("AssumedRoleUser")
                .put("AssumedRoleId", "AROAR:s")
                .put("Arn", "arn:aws:sts::210987654321:assumed-role/R/s");
        return output;
    }

    private static Call assumeRole(String roleArn, Caller caller) {
        return call(STS, "AssumeRole", false, obj().put("RoleArn", roleArn).put("RoleSessionName", "s"), caller);
    }

    @Test
    void aCrossAccountAssumeRoleIsRecordedForTheCallerAndForTheRoleOwner() {
        List<AuditEvent> copies = factory.recordsOf(
                new CompletedCall(assumeRole("arn:aws:iam::210987654321:role/R", ALICE), assumed(), null));

        assertThat(copies).hasSize(2);
        AuditEvent caller = copies.get(0);
        AuditEvent owner = copies.get(1);
        assertThat(caller.recipientAccountId()).isEqualTo("123456789012");
        assertThat(owner.recipientAccountId()).isEqualTo("210987654321");
        assertThat(caller.sharedEventID()).isNotNull().isEqualTo(owner.sharedEventID());
        assertThat(caller.eventID()).isNotEqualTo(owner.eventID()).isNotEqualTo(caller.sharedEventID());
        assertThat(owner.requestID()).isEqualTo(caller.requestID());
        assertThat(caller.userIdentity()).isEqualTo(UserIdentities.of(ALICE));
        assertThat(json(owner))
                .contains("\"userIdentity\":{\"type\":\"AWSAccount\",\"principalId\":\"AIDAALICE\","
                        + "\"accountId\":\"123456789012\"},")
                .contains("\"resources\":[{\"ARN\":\"arn:aws:iam::210987654321:role/R\",\"accountId\":\"210987654321\","
                        + "\"type\":\"AWS::IAM::Role\"}]")
                .contains("\"recipientAccountId\":\"210987654321\",\"sharedEventID\":\"" + owner.sharedEventID() + "\"")
                .contains("\"sessionToken\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"")
                .doesNotContain("s3cr3t")
                .doesNotContain("AKIAALICE");
        // Apart from who is named, whose copy it is and the event id, the copies are the same record.
        assertThat(owner.toBuilder()
                        .userIdentity(caller.userIdentity())
                        .recipientAccountId(caller.recipientAccountId())
                        .eventID(caller.eventID())
                        .build())
                .isEqualTo(caller);
    }

    @Test
    void anAssumeRoleInTheCallersOwnAccountIsRecordedOnceWithoutASharedId() {
        List<AuditEvent> copies = factory.recordsOf(
                new CompletedCall(assumeRole("arn:aws:iam::123456789012:role/R", ALICE), assumed(), null));
        assertThat(copies).singleElement().satisfies(e -> {
            assertThat(e.recipientAccountId()).isEqualTo("123456789012");
            assertThat(e.sharedEventID()).isNull();
        });
    }

    @Test
    void aRefusedCrossAccountAssumeRoleIsRecordedForTheCallerOnly() {
        AwsException denied = new AwsException(
                "AccessDenied", 403, "User: x is not authorized to perform: sts:AssumeRole on resource: y");
        List<AuditEvent> copies = factory.recordsOf(
                new CompletedCall(assumeRole("arn:aws:iam::210987654321:role/R", ALICE), null, denied));
        assertThat(copies).singleElement().satisfies(e -> {
            assertThat(e.recipientAccountId()).isEqualTo("123456789012");
            assertThat(e.errorCode()).isEqualTo("AccessDenied");
            assertThat(e.sharedEventID()).isNull();
        });
    }

    @Test
    void otherCallsNamingAnotherAccountsResourceAreNotCopied() {
        List<AuditEvent> copies = factory.recordsOf(new CompletedCall(
                call(IAM, "GetRole", true, obj().put("RoleArn", "arn:aws:iam::210987654321:role/R"), ALICE),
                null,
                null));
        assertThat(copies).hasSize(1);
    }

    @Test
    void theCorrectionsOfBothCopiesShareANewSharedId() {
        List<AuditEvent> copies = factory.recordsOf(
                new CompletedCall(assumeRole("arn:aws:iam::210987654321:role/R", ALICE), assumed(), null));
        List<AuditEvent> corrections = factory.reverted(
                copies, new AwsException("ServiceUnavailable", 503, "The service cannot store changes right now."));
        assertThat(corrections).hasSize(2);
        assertThat(corrections)
                .extracting(AuditEvent::recipientAccountId)
                .containsExactly("123456789012", "210987654321");
        assertThat(corrections.get(0).sharedEventID())
                .isNotNull()
                .isEqualTo(corrections.get(1).sharedEventID())
                .isNotEqualTo(copies.get(0).sharedEventID());
        assertThat(json(corrections.get(1)))
                .contains("\"originalEventID\":\"" + copies.get(1).eventID() + "\"");
    }
}

package dev.cairn.it;

import static dev.cairn.it.HistoryClients.lookupAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * A cross-account AssumeRole is recorded in both accounts, as AWS records it. Account B is made with
 * Organizations CreateAccount; B's admin (A's admin acting through {@code OrganizationAccountAccessRole})
 * makes a role trusting account A, and a user of A assumes it. Each account's LookupEvents finds its own
 * copy of that AssumeRole: the same {@code sharedEventID}, each its own {@code eventID} and
 * {@code recipientAccountId}, the role named in {@code resources}, and in B's copy the caller as an
 * {@code AWSAccount}. Apart from such copies, neither account sees the other's events.
 */
class CrossAccountIT {
    private static final String ACCOUNT_A = "123456789012";

    private static CairnProcess server;
    private static OrganizationsClient organizations;
    private static IamClient iam;
    private static StsClient sts;
    private static CloudTrailClient trailA;

    @BeforeAll
    static void startServer() {
        server = CairnProcess.start("CrossAccountIT");
        organizations = HistoryClients.organizations(server, server.adminCredentials());
        iam = Clients.iam(server);
        sts = Clients.sts(server);
        trailA = HistoryClients.cloudTrail(server);
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable c : new AutoCloseable[] {trailA, sts, iam, organizations, server}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @Test
    void aCrossAccountAssumeRoleIsInBothAccountsHistoriesWithOneSharedEventId() {
        String accountB = organizations
                .createAccount(r -> r.email("crossing@example.com").accountName("crossing"))
                .createAccountStatus()
                .accountId();
        AwsSessionCredentials adminOfB = StsIT.sessionCredentials(
                sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountB + ":role/OrganizationAccountAccessRole")
                                .roleSessionName("b-admin"))
                        .credentials());
        Role shared;
        try (IamClient iamOfB = Clients.iam(server, adminOfB)) {
            shared = iamOfB.createRole(r -> r.roleName("shared-reader")
                            .assumeRolePolicyDocument(StsIT.trustPolicy("arn:aws:iam::" + ACCOUNT_A + ":root")))
                    .role();
        }
        assertThat(shared.arn()).isEqualTo("arn:aws:iam::" + accountB + ":role/shared-reader");

        // A user of account A crosses into B.
        iam.createUser(r -> r.userName("crosser"));
        AccessKey key = iam.createAccessKey(r -> r.userName("crosser")).accessKey();
        AssumeRoleResponse crossing;
        try (StsClient asCrosser =
                Clients.sts(server, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
            crossing = asCrosser.assumeRole(r -> r.roleArn(shared.arn()).roleSessionName("crossing"));
        }
        assertThat(crossing.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::" + accountB + ":assumed-role/shared-reader/crossing");
        String requestId = crossing.responseMetadata().requestId();

        List<Event> historyA = lookupAll(trailA);
        List<Event> historyB;
        try (CloudTrailClient trailB = HistoryClients.cloudTrail(server, adminOfB, Region.US_EAST_1)) {
            historyB = lookupAll(trailB);
        }

        Event copyA = byRequestId(historyA, requestId);
        Event copyB = byRequestId(historyB, requestId);
        TrailRecord recordA = TrailRecord.of(copyA);
        TrailRecord recordB = TrailRecord.of(copyB);
        assertThat(recordA.text("sharedEventID"))
                .as("sharedEventID of A's copy")
                .isNotBlank()
                .isEqualTo(recordB.text("sharedEventID"));
        assertThat(copyA.eventId()).isNotEqualTo(copyB.eventId());
        assertThat(recordA.text("eventID")).isEqualTo(copyA.eventId());
        assertThat(recordB.text("eventID")).isEqualTo(copyB.eventId());
        assertThat(recordA.text("recipientAccountId")).isEqualTo(ACCOUNT_A);
        assertThat(recordB.text("recipientAccountId")).isEqualTo(accountB);
        for (TrailRecord record : List.of(recordA, recordB)) {
            assertThat(record.text("eventName")).isEqualTo("AssumeRole");
            assertThat(record.text("eventSource")).isEqualTo("sts.amazonaws.com");
            assertThat(record.text("requestParameters", "roleArn")).isEqualTo(shared.arn());
            assertThat(record.root().field("resources").orElseThrow().asArray())
                    .singleElement()
                    .satisfies(resource -> {
                        assertThat(resource.field("ARN").orElseThrow().asString())
                                .isEqualTo(shared.arn());
                        assertThat(resource.field("accountId").orElseThrow().asString())
                                .isEqualTo(accountB);
                        assertThat(resource.field("type").orElseThrow().asString())
                                .isEqualTo("AWS::IAM::Role");
                    });
        }
        assertThat(recordA.text("userIdentity", "type")).isEqualTo("IAMUser");
        assertThat(recordA.text("userIdentity", "userName")).isEqualTo("crosser");
        assertThat(recordA.text("userIdentity", "accessKeyId")).isEqualTo(key.accessKeyId());
        assertThat(copyA.username()).isEqualTo("crosser");
        assertThat(recordB.text("userIdentity", "type")).isEqualTo("AWSAccount");
        assertThat(recordB.text("userIdentity", "accountId")).isEqualTo(ACCOUNT_A);
        assertThat(recordB.text("userIdentity", "principalId")).isEqualTo(recordA.text("userIdentity", "principalId"));
        assertThat(recordB.at("userIdentity", "accessKeyId"))
                .as("B's copy names no key of A")
                .isEmpty();
        assertThat(recordB.at("userIdentity", "arn")).isEmpty();

        // Each history holds its own account's events only, and shares no event id with the other.
        assertThat(historyA)
                .allSatisfy(e ->
                        assertThat(TrailRecord.of(e).text("recipientAccountId")).isEqualTo(ACCOUNT_A));
        assertThat(historyB)
                .allSatisfy(e ->
                        assertThat(TrailRecord.of(e).text("recipientAccountId")).isEqualTo(accountB));
        Set<String> idsA = historyA.stream().map(Event::eventId).collect(Collectors.toSet());
        assertThat(historyB).extracting(Event::eventId).doesNotContainAnyElementsOf(idsA);
        assertThat(historyB)
                .extracting(Event::eventName)
                .doesNotContain("CreateUser", "CreateAccessKey", "CreateAccount");
        assertThat(lookupAll(trailA, LookupAttributeKey.RESOURCE_NAME, "shared-reader"))
                .as("A's history naming the role: its own copy of the AssumeRole only")
                .extracting(Event::eventId)
                .containsExactly(copyA.eventId());
        // Both AssumeRoles into B (the admin's and the user's) have their copy in B, none of A's other calls.
        assertThat(historyB)
                .filteredOn(e -> e.eventName().equals("AssumeRole"))
                .hasSize(2)
                .allSatisfy(
                        e -> assertThat(TrailRecord.of(e).text("sharedEventID")).isNotBlank());
    }

    @Test
    void anAssumeRoleWithinOneAccountHasOneEventAndNoSharedEventId() {
        Role own = iam.createRole(r -> r.roleName("own-reader")
                        .assumeRolePolicyDocument(StsIT.trustPolicy("arn:aws:iam::" + ACCOUNT_A + ":root")))
                .role();
        String requestId = sts.assumeRole(r -> r.roleArn(own.arn()).roleSessionName("own"))
                .responseMetadata()
                .requestId();

        List<Event> copies = lookupAll(trailA, LookupAttributeKey.EVENT_NAME, "AssumeRole").stream()
                .filter(e -> requestId.equals(TrailRecord.of(e).text("requestID")))
                .toList();
        assertThat(copies)
                .singleElement()
                .satisfies(
                        e -> assertThat(TrailRecord.of(e).at("sharedEventID")).isEmpty());
    }

    private static Event byRequestId(List<Event> history, String requestId) {
        List<Event> found = history.stream()
                .filter(e -> requestId.equals(TrailRecord.of(e).text("requestID")))
                .toList();
        assertThat(found).as("events of request %s", requestId).hasSize(1);
        return found.getFirst();
    }
}

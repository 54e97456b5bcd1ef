package dev.cairn.it;

import static dev.cairn.it.HistoryClients.lookupAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateUserResponse;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountJoinedMethod;
import software.amazon.awssdk.services.organizations.model.AccountStatus;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatusNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Event history is per account and per region. The admin makes a second account with Organizations
 * CreateAccount and acts in it through {@code OrganizationAccountAccessRole}; each account's LookupEvents
 * sees its own events only. A lookup signed for another region sees none of the global services' events,
 * which land in us-east-1.
 */
class AccountIsolationIT {
    private static final String MANAGEMENT = "123456789012";
    private static final Set<String> GLOBAL_SOURCES =
            Set.of("iam.amazonaws.com", "sts.amazonaws.com", "organizations.amazonaws.com");

    private static CairnProcess server;
    private static IamClient iam;
    private static StsClient sts;
    private static OrganizationsClient organizations;
    private static CloudTrailClient trail;

    @BeforeAll
    static void startServer() {
        server = CairnProcess.start("AccountIsolationIT");
        iam = Clients.iam(server);
        sts = Clients.sts(server);
        organizations = HistoryClients.organizations(server, server.adminCredentials());
        trail = HistoryClients.cloudTrail(server);
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable c : new AutoCloseable[] {trail, organizations, sts, iam, server}) {
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
    void aSecondAccountSeesOnlyItsOwnEventsAndTheFirstNoneOfIts() {
        CreateAccountStatus status = organizations
                .createAccount(r -> r.email("isolated@example.com").accountName("isolated"))
                .createAccountStatus();
        assertThat(status.state()).isEqualTo(CreateAccountState.SUCCEEDED);
        String member = status.accountId();
        assertThat(member).matches("[0-9]{12}").isNotEqualTo(MANAGEMENT);
        assertThat(status.id()).matches("car-[a-z0-9]{8,32}");
        assertThat(status.requestedTimestamp()).isNotNull();
        assertThat(status.completedTimestamp()).isNotNull();
        assertThat(organizations
                        .describeCreateAccountStatus(r -> r.createAccountRequestId(status.id()))
                        .createAccountStatus())
                .isEqualTo(status);
        List<Account> accounts = organizations.listAccounts().accounts();
        assertThat(accounts)
                .extracting(Account::id)
                .contains(MANAGEMENT, member)
                .doesNotHaveDuplicates();
        Account created =
                accounts.stream().filter(a -> a.id().equals(member)).findFirst().orElseThrow();
        assertThat(created.joinedMethod()).isEqualTo(AccountJoinedMethod.CREATED);
        assertThat(created.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(created.email()).isEqualTo("isolated@example.com");
        assertThat(created.name()).isEqualTo("isolated");
        assertThat(created.arn())
                .matches("arn:aws:organizations::" + MANAGEMENT + ":account/o-[a-z0-9]{10,32}/" + member);

        // The first account's admin makes a user of its own, then acts in the new account.
        CreateUserResponse ownUser = iam.createUser(r -> r.userName("first-account-user"));
        String roleArn = "arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole";
        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("isolation"));
        AwsSessionCredentials session = StsIT.sessionCredentials(assumed.credentials());
        CreateUserResponse memberUser;
        try (IamClient memberIam = Clients.iam(server, session);
                StsClient memberSts = Clients.sts(server, session)) {
            assertThat(memberSts.getCallerIdentity().account()).isEqualTo(member);
            memberUser = memberIam.createUser(r -> r.userName("second-account-user"));
        }
        assertThat(memberUser.user().arn()).isEqualTo("arn:aws:iam::" + member + ":user/second-account-user");

        try (CloudTrailClient memberTrail = HistoryClients.cloudTrail(server, session, Region.US_EAST_1)) {
            List<Event> seen = lookupAll(memberTrail);
            assertThat(seen).isNotEmpty();
            assertThat(seen)
                    .as("the second account's history")
                    .allSatisfy(e -> assertThat(TrailRecord.of(e).text("recipientAccountId"))
                            .isEqualTo(member));
            Event createUser = seen.stream()
                    .filter(e -> e.eventName().equals("CreateUser"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no CreateUser in " + seen));
            TrailRecord record = TrailRecord.of(createUser);
            assertThat(record.text("requestID"))
                    .isEqualTo(memberUser.responseMetadata().requestId());
            assertThat(record.text("requestParameters", "userName")).isEqualTo("second-account-user");
            assertThat(record.text("userIdentity", "type")).isEqualTo("AssumedRole");
            assertThat(record.text("userIdentity", "accountId")).isEqualTo(member);
            assertThat(record.text("userIdentity", "sessionContext", "sessionIssuer", "arn"))
                    .isEqualTo(roleArn);
            assertThat(createUser.username()).isEqualTo("isolation");
            assertThat(seen).extracting(Event::eventName).doesNotContain("CreateAccount");
            assertThat(lookupAll(memberTrail, LookupAttributeKey.RESOURCE_NAME, "first-account-user"))
                    .isEmpty();
            assertThat(lookupAll(memberTrail, LookupAttributeKey.USERNAME, "admin"))
                    .isEmpty();
        }

        List<Event> first = lookupAll(trail);
        assertThat(first)
                .as("the first account's history")
                .allSatisfy(e ->
                        assertThat(TrailRecord.of(e).text("recipientAccountId")).isEqualTo(MANAGEMENT));
        assertThat(first)
                .noneMatch(e -> e.resources().stream().anyMatch(r -> "second-account-user".equals(r.resourceName())));
        assertThat(lookupAll(trail, LookupAttributeKey.RESOURCE_NAME, "second-account-user"))
                .isEmpty();
        assertThat(lookupAll(trail, LookupAttributeKey.USERNAME, "isolation")).isEmpty();
        assertThat(lookupAll(trail, LookupAttributeKey.RESOURCE_NAME, "first-account-user"))
                .singleElement()
                .satisfies(e -> assertThat(TrailRecord.of(e).text("requestID"))
                        .isEqualTo(ownUser.responseMetadata().requestId()));
        // The management account's history has the CreateAccount call, as a global event.
        Event createAccount = lookupAll(trail, LookupAttributeKey.EVENT_NAME, "CreateAccount").stream()
                .filter(e ->
                        status.id().equals(TrailRecord.of(e).text("responseElements", "createAccountStatus", "id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CreateAccount event for " + status.id()));
        assertThat(createAccount.eventSource()).isEqualTo("organizations.amazonaws.com");
        assertThat(createAccount.readOnly()).isEqualTo("false");
        assertThat(createAccount.username()).isEqualTo("admin");
        assertThat(TrailRecord.of(createAccount).text("awsRegion")).isEqualTo("us-east-1");
        assertThat(TrailRecord.of(createAccount).text("responseElements", "createAccountStatus", "accountId"))
                .isEqualTo(member);
        assertThat(lookupAll(trail, LookupAttributeKey.EVENT_NAME, "AssumeRole"))
                .singleElement()
                .satisfies(e -> assertThat(e.resources())
                        .anySatisfy(r -> assertThat(r.resourceName()).isEqualTo("OrganizationAccountAccessRole")));
    }

    @Test
    void aMemberAccountMayNotUseTheManagementOperations() {
        String member = organizations
                .createAccount(r -> r.email("member@example.com").accountName("member"))
                .createAccountStatus()
                .accountId();
        AssumeRoleResponse assumed =
                sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole")
                        .roleSessionName("member-admin"));

        try (OrganizationsClient memberOrganizations =
                HistoryClients.organizations(server, StsIT.sessionCredentials(assumed.credentials()))) {
            AccessDeniedException denied = catchThrowableOfType(
                    AccessDeniedException.class,
                    () -> memberOrganizations.createAccount(
                            r -> r.email("nested@example.com").accountName("nested")));
            assertThat(denied.statusCode()).isEqualTo(400);
            assertThat(denied.awsErrorDetails().errorMessage())
                    .isEqualTo("You don't have permissions to access this resource.");
            assertThat(catchThrowableOfType(AccessDeniedException.class, memberOrganizations::listAccounts))
                    .isNotNull();
            assertThat(memberOrganizations.describeOrganization().organization().masterAccountId())
                    .isEqualTo(MANAGEMENT);
        }
        assertThat(catchThrowableOfType(
                        CreateAccountStatusNotFoundException.class,
                        () -> organizations.describeCreateAccountStatus(
                                r -> r.createAccountRequestId("car-00000000000000000000000000000000"))))
                .isNotNull();
    }

    @Test
    void aLookupSignedForAnotherRegionSeesNoneOfTheGlobalEvents() {
        CreateUserResponse user = iam.createUser(r -> r.userName("region-user"));
        // The us-east-1 history has it at once.
        assertThat(lookupAll(trail, LookupAttributeKey.RESOURCE_NAME, "region-user"))
                .singleElement()
                .satisfies(e -> assertThat(TrailRecord.of(e).text("requestID"))
                        .isEqualTo(user.responseMetadata().requestId()));

        try (CloudTrailClient europe = HistoryClients.cloudTrail(server, server.adminCredentials(), Region.EU_WEST_1)) {
            List<Event> seen = lookupAll(europe);
            assertThat(seen)
                    .as("eu-west-1 history")
                    .noneMatch(e -> GLOBAL_SOURCES.contains(e.eventSource()))
                    .allSatisfy(
                            e -> assertThat(TrailRecord.of(e).text("awsRegion")).isEqualTo("eu-west-1"));
            assertThat(lookupAll(europe, LookupAttributeKey.RESOURCE_NAME, "region-user"))
                    .isEmpty();
            assertThat(lookupAll(europe, LookupAttributeKey.EVENT_SOURCE, "iam.amazonaws.com"))
                    .isEmpty();

            // CloudTrail itself is regional: the eu-west-1 lookups are in eu-west-1's history only.
            List<Event> europeanLookups = lookupAll(europe, LookupAttributeKey.EVENT_NAME, "LookupEvents");
            assertThat(europeanLookups)
                    .isNotEmpty()
                    .allSatisfy(
                            e -> assertThat(TrailRecord.of(e).text("awsRegion")).isEqualTo("eu-west-1"));
            assertThat(lookupAll(trail, LookupAttributeKey.EVENT_NAME, "LookupEvents"))
                    .isNotEmpty()
                    .allSatisfy(
                            e -> assertThat(TrailRecord.of(e).text("awsRegion")).isEqualTo("us-east-1"));
        }
    }
}

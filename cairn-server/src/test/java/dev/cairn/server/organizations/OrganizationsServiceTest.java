package dev.cairn.server.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.event.AuditEvent;
import dev.cairn.identity.AccessKey;
import dev.cairn.identity.IamRole;
import dev.cairn.identity.IdGenerator;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.metadata.TransactionalMetadataStore;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.sigv4.SigV4Verifier;
import dev.cairn.server.AuthMode;
import dev.cairn.server.auth.Authenticator;
import dev.cairn.server.call.CallPipeline;
import dev.cairn.server.call.CallRecorder;
import dev.cairn.server.call.CompletedCall;
import dev.cairn.server.metrics.CallMetrics;
import dev.cairn.server.recording.EventFactory;
import dev.cairn.testkit.metadata.InMemoryMetadataStore;
import dev.cairn.testkit.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Organizations through the whole call pipeline in open-auth mode: requests need a well-formed signature,
 * and a key the directory knows signs as its owner, so calls from member and outside accounts are real.
 */
class OrganizationsServiceTest {
    private static final String MANAGEMENT = "123456789012";
    private static final String ADMIN_KEY = "AKIAORGANIZATIONS001";
    private static final String TARGET = "AWSOrganizationsV20161128.";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00.250Z"));
    private final List<CompletedCall> recorded = new ArrayList<>();
    private final InMemoryMetadataStore stored = new InMemoryMetadataStore();
    private final TransactionalMetadataStore metadata = new TransactionalMetadataStore(stored);
    private final IdentityDirectory directory = new IdentityDirectory(metadata, clock, new IdGenerator());
    private CallPipeline pipeline;

    OrganizationsServiceTest() {
        directory.createUser(MANAGEMENT, "admin", null);
        directory.importAccessKey(MANAGEMENT, "admin", ADMIN_KEY, "secret");
        pipeline = pipeline(OrganizationsService.MAX_ACCOUNTS);
    }

    private CallPipeline pipeline(int maxAccounts) {
        OperationRegistry registry = new OperationRegistry();
        new OrganizationsService(directory, metadata, MANAGEMENT, clock, maxAccounts).register(registry);
        Authenticator authenticator =
                new Authenticator(new SigV4Verifier(clock), directory, AuthMode.OPEN, MANAGEMENT, clock);
        CallRecorder recorder = recorded::add;
        return new CallPipeline(
                registry,
                authenticator,
                recorder,
                metadata,
                new CallMetrics(new SimpleMeterRegistry()),
                MANAGEMENT,
                clock);
    }

    // ---- CreateAccount -------------------------------------------------------------------------

    @Test
    void createAccountMakesAnAccountWithARoleTheManagementAccountMayAssume() {
        JsonNode status = ok(call(
                        ADMIN_KEY, "CreateAccount", "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\"}"))
                .get("CreateAccountStatus");

        String accountId = status.get("AccountId").asText();
        assertThat(accountId).matches("[1-9][0-9]{11}").isNotEqualTo(MANAGEMENT);
        assertThat(status.get("Id").asText()).matches("car-[a-z0-9]{32}");
        assertThat(status.get("AccountName").asText()).isEqualTo("dev");
        assertThat(status.get("State").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.get("RequestedTimestamp").isNumber()).isTrue();
        assertThat(status.get("RequestedTimestamp").decimalValue()).isEqualByComparingTo("1795428000.250");
        assertThat(status.get("CompletedTimestamp").decimalValue()).isEqualByComparingTo("1795428000.250");
        assertThat(status.has("FailureReason")).isFalse();

        IamRole role = directory.getRole(accountId, "OrganizationAccountAccessRole");
        assertThat(role.arn()).isEqualTo("arn:aws:iam::" + accountId + ":role/OrganizationAccountAccessRole");
        assertThat(role.assumeRolePolicyDocument()).contains("\"AWS\":\"arn:aws:iam::" + MANAGEMENT + ":root\"");
        // The role came with the call's transaction, which the pipeline committed after recording it.
        assertThat(stored.get("iam_roles", accountId + "/organizationaccountaccessrole"))
                .isPresent();
    }

    @Test
    void createAccountUsesTheRoleNameGiven() {
        String accountId = createAccount("ops@example.com", "ops", "\"RoleName\":\"Break-Glass\"");

        assertThat(directory.findRole(accountId, "Break-Glass")).isPresent();
        assertThat(directory.findRole(accountId, "OrganizationAccountAccessRole"))
                .isEmpty();
    }

    @Test
    void createAccountIsRecordedAsAGlobalOrganizationsEventWhateverTheSigningRegion() {
        HttpResponse r = call(
                ADMIN_KEY,
                "eu-west-1",
                "CreateAccount",
                "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\",\"IamUserAccessToBilling\":\"DENY\"}");
        ok(r);

        assertThat(recorded).hasSize(1);
        AuditEvent event = new EventFactory(clock).fromCall(recorded.getFirst());
        assertThat(event.eventSource()).isEqualTo("organizations.amazonaws.com");
        assertThat(event.eventName()).isEqualTo("CreateAccount");
        assertThat(event.awsRegion()).isEqualTo("us-east-1");
        assertThat(event.readOnly()).isFalse();
        assertThat(event.recipientAccountId()).isEqualTo(MANAGEMENT);
        assertThat(event.requestID()).isEqualTo(r.headers().first("x-amzn-RequestId"));
        assertThat(event.responseElements().json()).contains("\"createAccountStatus\"");
    }

    @Test
    void anEmailAlreadyInTheOrganizationFailsTheRequestAsAwsReportsIt() {
        createAccount("dev@example.com", "dev", null);

        JsonNode status = ok(call(
                        ADMIN_KEY, "CreateAccount", "{\"Email\":\"DEV@example.com\",\"AccountName\":\"again\"}"))
                .get("CreateAccountStatus");

        assertThat(status.get("State").asText()).isEqualTo("FAILED");
        assertThat(status.get("FailureReason").asText()).isEqualTo("EMAIL_ALREADY_EXISTS");
        assertThat(status.has("AccountId")).isFalse();
        JsonNode described = ok(call(
                        ADMIN_KEY,
                        "DescribeCreateAccountStatus",
                        "{\"CreateAccountRequestId\":\"" + status.get("Id").asText() + "\"}"))
                .get("CreateAccountStatus");
        assertThat(described).isEqualTo(status);
        assertThat(accountIds()).hasSize(2);
        // The management account's own address is taken too.
        JsonNode own = ok(call(
                        ADMIN_KEY,
                        "CreateAccount",
                        "{\"Email\":\"management@123456789012.cairn.invalid\",\"AccountName\":\"x\"}"))
                .get("CreateAccountStatus");
        assertThat(own.get("State").asText()).isEqualTo("FAILED");
    }

    @Test
    void badInputIsInvalidInputExceptionAndChangesNothing() {
        assertError(
                call(ADMIN_KEY, "CreateAccount", "{\"AccountName\":\"dev\"}"),
                "InvalidInputException",
                OrganizationsService.INPUT_REQUIRED);
        assertError(
                call(ADMIN_KEY, "CreateAccount", "{\"Email\":\"dev@example.com\"}"),
                "InvalidInputException",
                OrganizationsService.INPUT_REQUIRED);
        assertError(
                call(ADMIN_KEY, "CreateAccount", "{\"Email\":\"no-at-sign.example.com\",\"AccountName\":\"dev\"}"),
                "InvalidInputException",
                OrganizationsService.BAD_PATTERN);
        assertError(
                call(ADMIN_KEY, "CreateAccount", "{\"Email\":\"a@b.c\",\"AccountName\":\"dev\"}"),
                "InvalidInputException",
                OrganizationsService.TOO_SHORT);
        assertError(
                call(
                        ADMIN_KEY,
                        "CreateAccount",
                        "{\"Email\":\"dev@example.com\",\"AccountName\":\"" + "n".repeat(51) + "\"}"),
                "InvalidInputException",
                OrganizationsService.TOO_LONG);
        assertError(
                call(ADMIN_KEY, "CreateAccount", "{\"Email\":\"dev@example.com\",\"AccountName\":\"tab\\tname\"}"),
                "InvalidInputException",
                OrganizationsService.BAD_PATTERN);
        assertError(
                call(
                        ADMIN_KEY,
                        "CreateAccount",
                        "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\",\"RoleName\":\"bad/role\"}"),
                "InvalidInputException",
                OrganizationsService.BAD_PATTERN);
        assertError(
                call(
                        ADMIN_KEY,
                        "CreateAccount",
                        "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\",\"IamUserAccessToBilling\":\"MAYBE\"}"),
                "InvalidInputException",
                OrganizationsService.BAD_ENUM);
        assertError(
                call(ADMIN_KEY, "CreateAccount", "{\"Email\":42,\"AccountName\":\"dev\"}"),
                "InvalidInputException",
                OrganizationsService.BAD_PATTERN);

        assertThat(recorded).hasSize(9).allSatisfy(c -> assertThat(c.error()).isNotNull());
        assertThat(parse(call(ADMIN_KEY, "CreateAccount", "{\"AccountName\":\"dev\"}"))
                        .get("Reason")
                        .asText())
                .isEqualTo("INPUT_REQUIRED");
        assertThat(parse(call(ADMIN_KEY, "CreateAccount", "{\"Email\":\"a@b.c\",\"AccountName\":\"dev\"}"))
                        .get("Reason")
                        .asText())
                .isEqualTo("MIN_LENGTH_EXCEEDED");
        assertThat(stored.list(OrgAccounts.TABLE, "")).isEmpty();
        assertThat(accountIds()).containsExactly(MANAGEMENT);
    }

    @Test
    void theAccountQuotaIsConstraintViolationException() {
        pipeline = pipeline(2);
        createAccount("one@example.com", "one", null);

        assertError(
                call(ADMIN_KEY, "CreateAccount", "{\"Email\":\"two@example.com\",\"AccountName\":\"two\"}"),
                "ConstraintViolationException",
                "You have exceeded the allowed number of AWS accounts.");
        assertThat(parse(call(ADMIN_KEY, "CreateAccount", "{\"Email\":\"two@example.com\",\"AccountName\":\"two\"}"))
                        .get("Reason")
                        .asText())
                .isEqualTo("ACCOUNT_NUMBER_LIMIT_EXCEEDED");
    }

    // ---- who may call --------------------------------------------------------------------------

    @Test
    void aMemberAccountIsDeniedTheManagementOperationsButSeesTheOrganization() {
        String accountId = createAccount("dev@example.com", "dev", null);
        IamRole role = directory.getRole(accountId, "OrganizationAccountAccessRole");
        AccessKey session = directory.issueRoleSession(role, "it", Duration.ofHours(1));

        for (String operation : List.of("CreateAccount", "ListAccounts", "DescribeCreateAccountStatus")) {
            assertError(
                    call(
                            session.accessKeyId(),
                            operation,
                            "{\"Email\":\"x@example.com\",\"AccountName\":\"x\",\"CreateAccountRequestId\":\"car-abcdefgh\"}"),
                    "AccessDeniedException",
                    "You don't have permissions to access this resource.");
        }
        JsonNode org =
                ok(call(session.accessKeyId(), "DescribeOrganization", "{}")).get("Organization");
        assertThat(org.get("MasterAccountId").asText()).isEqualTo(MANAGEMENT);
        assertThat(accountIds()).hasSize(2);
    }

    @Test
    void anAccountOutsideTheOrganizationIsToldOrganizationsIsNotInUse() {
        directory.createUser("999999999999", "stranger", null);
        AccessKey key = directory.createAccessKey("999999999999", "stranger");

        for (String operation : List.of("CreateAccount", "ListAccounts", "DescribeOrganization")) {
            assertError(
                    call(key.accessKeyId(), operation, "{\"Email\":\"x@example.com\",\"AccountName\":\"x\"}"),
                    "AWSOrganizationsNotInUseException",
                    "Your account is not a member of an organization.");
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    @Test
    void describeCreateAccountStatusFindsTheRequest() {
        JsonNode created = ok(call(
                        ADMIN_KEY, "CreateAccount", "{\"Email\":\"dev@example.com\",\"AccountName\":\"dev\"}"))
                .get("CreateAccountStatus");

        JsonNode described = ok(call(
                        ADMIN_KEY,
                        "DescribeCreateAccountStatus",
                        "{\"CreateAccountRequestId\":\"" + created.get("Id").asText() + "\"}"))
                .get("CreateAccountStatus");

        assertThat(described).isEqualTo(created);
        assertError(
                call(ADMIN_KEY, "DescribeCreateAccountStatus", "{\"CreateAccountRequestId\":\"car-0000000000\"}"),
                "CreateAccountStatusNotFoundException",
                "We can't find a create account request with the CreateAccountRequestId that you specified.");
        assertError(
                call(ADMIN_KEY, "DescribeCreateAccountStatus", "{\"CreateAccountRequestId\":\"req-1\"}"),
                "InvalidInputException",
                OrganizationsService.BAD_PATTERN);
        assertError(
                call(ADMIN_KEY, "DescribeCreateAccountStatus", "{}"),
                "InvalidInputException",
                OrganizationsService.INPUT_REQUIRED);
    }

    @Test
    void listAccountsShowsTheManagementAccountAndTheMembers() {
        String member = createAccount("dev@example.com", "dev", null);
        String orgId = OrganizationsService.organizationId(MANAGEMENT);

        JsonNode accounts = ok(call(ADMIN_KEY, "ListAccounts", "{}")).get("Accounts");

        assertThat(accounts).hasSize(2);
        for (JsonNode a : accounts) {
            String id = a.get("Id").asText();
            assertThat(a.get("Arn").asText())
                    .isEqualTo("arn:aws:organizations::" + MANAGEMENT + ":account/" + orgId + "/" + id);
            assertThat(a.get("Status").asText()).isEqualTo("ACTIVE");
            assertThat(a.get("JoinedTimestamp").isNumber()).isTrue();
            if (id.equals(MANAGEMENT)) {
                assertThat(a.get("JoinedMethod").asText()).isEqualTo("INVITED");
                assertThat(a.get("Email").asText()).isEqualTo("management@123456789012.cairn.invalid");
            } else {
                assertThat(id).isEqualTo(member);
                assertThat(a.get("JoinedMethod").asText()).isEqualTo("CREATED");
                assertThat(a.get("Email").asText()).isEqualTo("dev@example.com");
                assertThat(a.get("Name").asText()).isEqualTo("dev");
            }
        }
        assertThat(orgId).matches("o-[a-z0-9]{10}");
    }

    @Test
    void listAccountsPagesVisitEveryAccountOnce() {
        Set<String> expected = new HashSet<>(List.of(MANAGEMENT));
        for (int i = 0; i < 5; i++) {
            expected.add(createAccount("a" + i + "@example.com", "a" + i, null));
        }

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String body = token == null ? "{\"MaxResults\":2}" : "{\"MaxResults\":2,\"NextToken\":\"" + token + "\"}";
            JsonNode page = ok(call(ADMIN_KEY, "ListAccounts", body));
            assertThat(page.get("Accounts").size()).isBetween(1, 2);
            page.get("Accounts").forEach(a -> seen.add(a.get("Id").asText()));
            token = page.has("NextToken") ? page.get("NextToken").asText() : null;
            pages++;
        } while (token != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected)
                .isSorted();
        assertError(
                call(ADMIN_KEY, "ListAccounts", "{\"MaxResults\":21}"),
                "InvalidInputException",
                OrganizationsService.TOO_LARGE);
        assertError(
                call(ADMIN_KEY, "ListAccounts", "{\"MaxResults\":0}"),
                "InvalidInputException",
                OrganizationsService.TOO_SMALL);
        assertError(
                call(ADMIN_KEY, "ListAccounts", "{\"NextToken\":\"not-a-token\"}"),
                "InvalidInputException",
                OrganizationsService.BAD_NEXT_TOKEN);
        assertThat(parse(call(ADMIN_KEY, "ListAccounts", "{\"MaxResults\":21}"))
                        .get("Reason")
                        .asText())
                .isEqualTo("MAX_VALUE_EXCEEDED");
    }

    @Test
    void accountsAreKeptInTheStoreAndReadBackByANewService() {
        String member = createAccount("dev@example.com", "dev", null);

        OrganizationsService fresh = new OrganizationsService(directory, metadata, MANAGEMENT, clock);
        OrgAccounts reread = new OrgAccounts(stored);

        assertThat(reread.member(member)).hasValueSatisfying(m -> {
            assertThat(m.email()).isEqualTo("dev@example.com");
            assertThat(m.joined()).isEqualTo(Instant.parse("2026-11-23T10:00:00.250Z"));
        });
        assertThat(reread.request(reread.member(member).orElseThrow().requestId()))
                .hasValueSatisfying(r -> assertThat(r.accountId()).isEqualTo(member));
        assertThat(fresh.organizationId()).isEqualTo(OrganizationsService.organizationId(MANAGEMENT));
    }

    @Test
    void anUnknownOperationIsUnknownOperationException() {
        assertError(call(ADMIN_KEY, "CreateOrganization", "{}"), "UnknownOperationException", null);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String createAccount(String email, String name, String extra) {
        String body = "{\"Email\":\"" + email + "\",\"AccountName\":\"" + name + "\""
                + (extra == null ? "" : "," + extra) + "}";
        JsonNode status = ok(call(ADMIN_KEY, "CreateAccount", body)).get("CreateAccountStatus");
        assertThat(status.get("State").asText()).isEqualTo("SUCCEEDED");
        return status.get("AccountId").asText();
    }

    private List<String> accountIds() {
        List<String> ids = new ArrayList<>();
        ok(call(ADMIN_KEY, "ListAccounts", "{}"))
                .get("Accounts")
                .forEach(a -> ids.add(a.get("Id").asText()));
        return ids;
    }

    private HttpResponse call(String keyId, String operation, String body) {
        return call(keyId, "us-east-1", operation, body);
    }

    private HttpResponse call(String keyId, String region, String operation, String body) {
        Headers headers = new Headers()
                .set("Host", "organizations.us-east-1.amazonaws.com")
                .set("X-Amz-Date", "20261123T100000Z")
                .set("X-Amz-Target", TARGET + operation)
                .set("Content-Type", "application/x-amz-json-1.1")
                .set(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + keyId + "/20261123/" + region
                                + "/organizations/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        return pipeline.handle(
                new HttpRequest("POST", "/", null, headers, body.getBytes(StandardCharsets.UTF_8), "10.0.0.1"));
    }

    private static JsonNode ok(HttpResponse r) {
        assertThat(r.status()).as(text(r)).isEqualTo(200);
        return parse(r);
    }

    private void assertError(HttpResponse r, String code, String message) {
        assertThat(r.status()).as(text(r)).isEqualTo(400);
        JsonNode body = parse(r);
        assertThat(body.get("__type").asText()).isEqualTo(code);
        if (message != null) {
            assertThat(body.get("message").asText()).isEqualTo(message);
        }
    }

    private static JsonNode parse(HttpResponse r) {
        try {
            return JsonProtocol.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(HttpResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}

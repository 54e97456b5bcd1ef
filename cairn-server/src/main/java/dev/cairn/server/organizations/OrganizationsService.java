package dev.cairn.server.organizations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.identity.IamUser;
import dev.cairn.identity.IdentityDirectory;
import dev.cairn.identity.IdentityException;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataStore;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.operation.Call;
import dev.cairn.protocol.operation.OperationRegistry;
import dev.cairn.protocol.operation.Protocol;
import dev.cairn.protocol.operation.ServiceModel;
import dev.cairn.server.bootstrap.AdminCredentials;
import dev.cairn.time.Clock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * AWS Organizations over JSON 1.1 ({@code AWSOrganizationsV20161128}), global like IAM: its events land
 * in us-east-1 with event source {@code organizations.amazonaws.com}. Served: CreateAccount,
 * DescribeCreateAccountStatus, ListAccounts and DescribeOrganization.
 *
 * <p>The model:
 *
 * <ul>
 *   <li>The server's default account is the management account of one organization that always exists
 *       (no CreateOrganization). Its id is {@code o-} and ten characters derived from the management
 *       account id, so it is the same across restarts and resets. Feature set ALL, no policies.
 *   <li>CreateAccount completes at once: it answers State {@code SUCCEEDED} (never {@code IN_PROGRESS})
 *       with the new 12-digit account id (first digit not 0), and creates in the new account the IAM role
 *       {@code OrganizationAccountAccessRole} (or the RoleName given) whose trust policy allows
 *       {@code arn:aws:iam::<management>:root}. No permission policy is attached, since Cairn does not
 *       evaluate them. An email already used by an account of the organization (case-insensitive) gives
 *       State {@code FAILED} with FailureReason {@code EMAIL_ALREADY_EXISTS}, as AWS reports it later
 *       through DescribeCreateAccountStatus. IamUserAccessToBilling is checked and Tags are accepted;
 *       neither is kept.
 *   <li>The management account appears in ListAccounts as Name {@code Management}, Email
 *       {@code management@<account>.cairn.invalid}, JoinedMethod {@code INVITED} (as AWS shows the account
 *       that created the organization), joined when the admin user was created. Members are
 *       JoinedMethod {@code CREATED}. The organization holds at most {@value #MAX_ACCOUNTS} accounts
 *       (AWS starts at a quota of 10 that can be raised); beyond that CreateAccount answers
 *       ConstraintViolationException.
 * </ul>
 *
 * <p>Who may call: CreateAccount, DescribeCreateAccountStatus and ListAccounts are the management
 * account's. A member account gets {@code AccessDeniedException} "You don't have permissions to access
 * this resource." (HTTP 400); any other account gets {@code AWSOrganizationsNotInUseException} "Your
 * account is not a member of an organization." Members may call DescribeOrganization.
 *
 * <p>Errors: bad input is {@code InvalidInputException} with the wording of the reason AWS documents
 * (INPUT_REQUIRED, MIN/MAX_LENGTH_EXCEEDED, INVALID_PATTERN, INVALID_ENUM, MIN/MAX_VALUE_EXCEEDED,
 * INVALID_NEXT_TOKEN), and that reason in the error's {@code Reason} member, as AWS sends it; the account
 * quota's ConstraintViolationException carries Reason {@code ACCOUNT_NUMBER_LIMIT_EXCEEDED}.
 */
public final class OrganizationsService {
    public static final ServiceModel MODEL = new ServiceModel(
            "organizations",
            "organizations.amazonaws.com",
            Protocol.JSON_1_1,
            "AWSOrganizationsV20161128",
            "2016-11-28",
            null,
            true);

    /** The default role CreateAccount makes in a new account. */
    public static final String DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole";

    /** The most accounts, management included, the organization may hold. */
    static final int MAX_ACCOUNTS = 1000;

    static final String ACCESS_DENIED_MESSAGE = "You don't have permissions to access this resource.";
    static final String NOT_IN_USE_MESSAGE = "Your account is not a member of an organization.";
    static final String INPUT_REQUIRED = "You must specify a value for all required parameters.";
    static final String TOO_SHORT = "You provided a string parameter that is shorter than allowed.";
    static final String TOO_LONG = "You provided a string parameter that is longer than allowed.";
    static final String BAD_PATTERN = "You provided a value that does not match the required pattern.";
    static final String BAD_ENUM = "You specified an invalid value.";
    static final String TOO_SMALL = "You provided a numeric parameter that has a smaller value than allowed.";
    static final String TOO_LARGE = "You provided a numeric parameter that has a larger value than allowed.";
    static final String BAD_NEXT_TOKEN = "You specified an invalid value for nextToken.";

    /** The Reason of InvalidInputException for each of the messages above, as AWS documents the pairs. */
    private static final Map<String, String> INPUT_REASONS = Map.of(
            INPUT_REQUIRED, "INPUT_REQUIRED",
            TOO_SHORT, "MIN_LENGTH_EXCEEDED",
            TOO_LONG, "MAX_LENGTH_EXCEEDED",
            BAD_PATTERN, "INVALID_PATTERN",
            BAD_ENUM, "INVALID_ENUM",
            TOO_SMALL, "MIN_VALUE_EXCEEDED",
            TOO_LARGE, "MAX_VALUE_EXCEEDED",
            BAD_NEXT_TOKEN, "INVALID_NEXT_TOKEN");

    private static final Pattern EMAIL = Pattern.compile("[^\\s@]*@[^\\s@]*\\.[^\\s@]*");
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[\\u0020-\\u007E]+");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern REQUEST_ID = Pattern.compile("car-[a-z0-9]{8,32}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Set<String> BILLING_ACCESS = Set.of("ALLOW", "DENY");
    private static final int LIST_ACCOUNTS_MAX = 20;
    private static final char[] LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final IdentityDirectory directory;
    private final OrgAccounts accounts;
    private final String managementAccountId;
    private final String organizationId;
    private final Clock clock;
    private final int maxAccounts;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param directory where the new accounts' roles are made
     * @param store the metadata store of {@code directory} (the server's transactional store), so that a
     *     CreateAccount commits its account and its role together, after its event is recorded
     * @param managementAccountId the server's default account
     */
    public OrganizationsService(
            IdentityDirectory directory, MetadataStore store, String managementAccountId, Clock clock) {
        this(directory, store, managementAccountId, clock, MAX_ACCOUNTS);
    }

    OrganizationsService(
            IdentityDirectory directory,
            MetadataStore store,
            String managementAccountId,
            Clock clock,
            int maxAccounts) {
        this.directory = requireNonNull(directory, "directory is null");
        this.accounts = new OrgAccounts(requireNonNull(store, "store is null"));
        this.managementAccountId = requireNonNull(managementAccountId, "managementAccountId is null");
        this.organizationId = organizationId(managementAccountId);
        this.clock = requireNonNull(clock, "clock is null");
        this.maxAccounts = maxAccounts;
    }

    public void register(OperationRegistry registry) {
        registry.service(MODEL)
                .write("CreateAccount", this::createAccount)
                .read("DescribeCreateAccountStatus", this::describeCreateAccountStatus)
                .read("ListAccounts", this::listAccounts)
                .read("DescribeOrganization", this::describeOrganization);
    }

    /** Returns the organization's id, {@code o-} and ten lower-case letters or digits. */
    public String organizationId() {
        return organizationId;
    }

    // ---- operations ----------------------------------------------------------------------------

    ObjectNode createAccount(Call call) {
        requireManagement(call);
        ObjectNode in = call.input().members();
        String email = string(in, "Email", 6, 64, EMAIL, true);
        String name = string(in, "AccountName", 1, 50, ACCOUNT_NAME, true);
        String roleName = string(in, "RoleName", 1, 64, ROLE_NAME, false);
        String billing = string(in, "IamUserAccessToBilling", 1, 16, null, false);
        if (billing != null && !BILLING_ACCESS.contains(billing)) {
            throw invalidInput(BAD_ENUM);
        }
        JsonNode tags = in.get("Tags");
        if (tags != null && !tags.isNull() && !tags.isArray()) {
            throw invalidInput(BAD_PATTERN);
        }
        requireNonNull(email);
        requireNonNull(name);

        List<OrgAccounts.Member> members = accounts.members();
        if (members.size() + 1 >= maxAccounts) {
            throw OrganizationsError.CONSTRAINT_VIOLATION.withMessage(
                    "You have exceeded the allowed number of AWS accounts.",
                    Map.of("Reason", "ACCOUNT_NUMBER_LIMIT_EXCEEDED"));
        }
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        String requestId = "car-" + random(LOWER_ALNUM, 32);
        boolean emailTaken = managementEmail().equalsIgnoreCase(email)
                || members.stream().anyMatch(m -> m.email().equalsIgnoreCase(email));
        OrgAccounts.Request request;
        if (emailTaken) {
            request = new OrgAccounts.Request(requestId, name, "FAILED", now, now, null, "EMAIL_ALREADY_EXISTS");
            accounts.addFailed(request);
        } else {
            String accountId = newAccountId();
            request = new OrgAccounts.Request(requestId, name, "SUCCEEDED", now, now, accountId, null);
            try {
                accounts.addMember(request, new OrgAccounts.Member(accountId, name, email, now, requestId));
                directory.createRole(
                        accountId,
                        roleName == null ? DEFAULT_ROLE_NAME : roleName,
                        "/",
                        trustPolicy(managementAccountId),
                        null,
                        3600);
            } catch (MetadataConflictException | IdentityException e) {
                // A fresh random id met an existing one: vanishingly rare, and the caller may simply retry.
                throw new AwsException(
                        "ConcurrentModificationException",
                        400,
                        "The target of the operation is currently being modified by a different request. Try again later.");
            }
        }
        ObjectNode out = NODES.objectNode();
        out.set("CreateAccountStatus", status(request));
        return out;
    }

    ObjectNode describeCreateAccountStatus(Call call) {
        requireManagement(call);
        String id = string(call.input().members(), "CreateAccountRequestId", 1, 36, REQUEST_ID, true);
        OrgAccounts.Request request = accounts.request(requireNonNull(id))
                .orElseThrow(() -> OrganizationsError.CREATE_ACCOUNT_STATUS_NOT_FOUND.withMessage(
                        "We can't find a create account request with the CreateAccountRequestId that you specified."));
        ObjectNode out = NODES.objectNode();
        out.set("CreateAccountStatus", status(request));
        return out;
    }

    ObjectNode listAccounts(Call call) {
        requireManagement(call);
        ObjectNode in = call.input().members();
        int max = LIST_ACCOUNTS_MAX;
        JsonNode maxNode = in.get("MaxResults");
        if (maxNode != null && !maxNode.isNull()) {
            if (!maxNode.isIntegralNumber() || !maxNode.canConvertToInt()) {
                throw invalidInput(BAD_PATTERN);
            }
            max = maxNode.intValue();
            if (max < 1) {
                throw invalidInput(TOO_SMALL);
            }
            if (max > LIST_ACCOUNTS_MAX) {
                throw invalidInput(TOO_LARGE);
            }
        }
        List<ObjectNode> all = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        all.add(managementShape());
        ids.add(managementAccountId);
        for (OrgAccounts.Member m : accounts.members()) {
            all.add(account(m.accountId(), m.name(), m.email(), "CREATED", m.joined()));
            ids.add(m.accountId());
        }
        // Ordered by account id, which the NextToken names.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(ids::get));
        int start = 0;
        String token = string(in, "NextToken", 1, 100_000, null, false);
        if (token != null) {
            String after = decodeToken(token);
            start = order.size();
            for (int i = 0; i < order.size(); i++) {
                if (ids.get(order.get(i)).compareTo(after) >= 0) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(order.size(), start + max);
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("Accounts");
        for (int i = start; i < end; i++) {
            list.add(all.get(order.get(i)));
        }
        if (end < order.size()) {
            out.put("NextToken", encodeToken(ids.get(order.get(end))));
        }
        return out;
    }

    ObjectNode describeOrganization(Call call) {
        if (!call.accountId().equals(managementAccountId)
                && accounts.member(call.accountId()).isEmpty()) {
            throw OrganizationsError.NOT_IN_USE.withMessage(NOT_IN_USE_MESSAGE);
        }
        ObjectNode out = NODES.objectNode();
        ObjectNode org = out.putObject("Organization");
        org.put("Id", organizationId);
        org.put("Arn", "arn:aws:organizations::" + managementAccountId + ":organization/" + organizationId);
        org.put("FeatureSet", "ALL");
        org.put("MasterAccountArn", accountArn(managementAccountId));
        org.put("MasterAccountId", managementAccountId);
        org.put("MasterAccountEmail", managementEmail());
        org.putArray("AvailablePolicyTypes");
        return out;
    }

    // ---- rules ---------------------------------------------------------------------------------

    private void requireManagement(Call call) {
        String account = call.accountId();
        if (account.equals(managementAccountId)) {
            return;
        }
        if (accounts.member(account).isPresent()) {
            throw OrganizationsError.ACCESS_DENIED.withMessage(ACCESS_DENIED_MESSAGE);
        }
        throw OrganizationsError.NOT_IN_USE.withMessage(NOT_IN_USE_MESSAGE);
    }

    /** A random 12-digit id, first digit not 0, that neither the management account nor a member has. */
    private String newAccountId() {
        while (true) {
            char[] digits = new char[12];
            digits[0] = (char) ('1' + random.nextInt(9));
            for (int i = 1; i < digits.length; i++) {
                digits[i] = (char) ('0' + random.nextInt(10));
            }
            String id = new String(digits);
            if (!id.equals(managementAccountId) && accounts.member(id).isEmpty()) {
                return id;
            }
        }
    }

    static String trustPolicy(String managementAccountId) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + managementAccountId + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    /**
     * Reads an optional or required string member and checks its length and pattern, with the
     * InvalidInputException wording AWS uses for each reason.
     */
    private static @Nullable String string(
            ObjectNode in, String member, int min, int max, @Nullable Pattern pattern, boolean required) {
        JsonNode node = in.get(member);
        if (node == null || node.isNull()) {
            if (required) {
                throw invalidInput(INPUT_REQUIRED);
            }
            return null;
        }
        if (!node.isTextual()) {
            throw invalidInput(BAD_PATTERN);
        }
        String value = node.asText();
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            throw invalidInput(TOO_SHORT);
        }
        if (length > max) {
            throw invalidInput(TOO_LONG);
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            throw invalidInput(BAD_PATTERN);
        }
        return value;
    }

    /** Returns InvalidInputException with {@code message} and the Reason AWS sends with it. */
    private static AwsException invalidInput(String message) {
        String reason = INPUT_REASONS.get(message);
        if (reason == null) {
            throw new IllegalArgumentException("no InvalidInputException Reason is known for '" + message + "'");
        }
        return OrganizationsError.INVALID_INPUT.withMessage(message, Map.of("Reason", reason));
    }

    private static String encodeToken(String accountId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("account:" + accountId).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidInput(BAD_NEXT_TOKEN);
        }
        if (!decoded.startsWith("account:")
                || !ACCOUNT_ID.matcher(decoded.substring("account:".length())).matches()) {
            throw invalidInput(BAD_NEXT_TOKEN);
        }
        return decoded.substring("account:".length());
    }

    // ---- shapes --------------------------------------------------------------------------------

    private ObjectNode status(OrgAccounts.Request r) {
        ObjectNode s = NODES.objectNode();
        s.put("Id", r.id());
        s.put("AccountName", r.accountName());
        s.put("State", r.state());
        s.put("RequestedTimestamp", epochSeconds(r.requested()));
        s.put("CompletedTimestamp", epochSeconds(r.completed()));
        if (r.accountId() != null) {
            s.put("AccountId", r.accountId());
        }
        if (r.failureReason() != null) {
            s.put("FailureReason", r.failureReason());
        }
        return s;
    }

    private ObjectNode managementShape() {
        Instant joined = directory
                .findUser(managementAccountId, AdminCredentials.USER_NAME)
                .map(IamUser::createDate)
                .orElse(Instant.EPOCH);
        return account(managementAccountId, "Management", managementEmail(), "INVITED", joined);
    }

    private ObjectNode account(String id, String name, String email, String joinedMethod, Instant joined) {
        ObjectNode a = NODES.objectNode();
        a.put("Id", id);
        a.put("Arn", accountArn(id));
        a.put("Email", email);
        a.put("Name", name);
        a.put("Status", "ACTIVE");
        a.put("State", "ACTIVE");
        a.put("JoinedMethod", joinedMethod);
        a.put("JoinedTimestamp", epochSeconds(joined));
        return a;
    }

    private String accountArn(String accountId) {
        return "arn:aws:organizations::" + managementAccountId + ":account/" + organizationId + "/" + accountId;
    }

    private String managementEmail() {
        return "management@" + managementAccountId + ".cairn.invalid";
    }

    /** JSON 1.1 timestamps are epoch seconds; ours carry milliseconds. */
    private static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3);
    }

    private String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    /** {@code o-} and the first ten base-36 characters of SHA-256 over the management account id. */
    static String organizationId(String managementAccountId) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256")
                    .digest(("cairn-organization:" + managementAccountId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
        StringBuilder id = new StringBuilder("o-");
        for (int i = 0; i < 10; i++) {
            id.append(LOWER_ALNUM[(hash[i] & 0xff) % LOWER_ALNUM.length]);
        }
        return id.toString();
    }
}

package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** IAM users, access keys and roles through the AWS SDK for Java v2, and the errors IAM answers with. */
class IamIT {
    private static final String ACCOUNT = "123456789012";

    private static CairnProcess server;
    private static IamClient iam;

    @BeforeAll
    static void startServer() {
        server = CairnProcess.start("IamIT");
        iam = Clients.iam(server);
    }

    @AfterAll
    static void stopServer() {
        if (iam != null) {
            iam.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- users ---------------------------------------------------------------------------------

    @Test
    void usersCanBeCreatedReadListedAndDeleted() {
        User created =
                iam.createUser(r -> r.userName("it-alice").path("/team/")).user();

        assertThat(created.userName()).isEqualTo("it-alice");
        assertThat(created.path()).isEqualTo("/team/");
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/team/it-alice");
        assertThat(created.userId()).startsWith("AIDA");
        assertThat(created.createDate()).isNotNull();

        User read = iam.getUser(r -> r.userName("it-alice")).user();
        assertThat(read).isEqualTo(created);

        assertThat(userNames(iam.listUsers().users())).contains("admin", "it-alice");
        assertThat(userNames(iam.listUsers(r -> r.pathPrefix("/team/")).users()))
                .containsExactly("it-alice");

        iam.deleteUser(r -> r.userName("it-alice"));

        assertThat(userNames(iam.listUsers().users())).doesNotContain("it-alice");
        NoSuchEntityException e =
                catchThrowableOfType(NoSuchEntityException.class, () -> iam.getUser(r -> r.userName("it-alice")));
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The user with name it-alice cannot be found.");
    }

    @Test
    void getUserWithoutANameReturnsTheCaller() {
        User me = iam.getUser().user();

        assertThat(me.userName()).isEqualTo("admin");
        assertThat(me.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/admin");
    }

    @Test
    void listUsersWithMaxItemsOneReturnsEveryUserOnce() {
        List<String> created = List.of("it-page-a", "it-page-b", "it-page-c", "it-page-d");
        created.forEach(name -> iam.createUser(r -> r.userName(name)));

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String marker = null;
        do {
            String from = marker;
            ListUsersResponse page = iam.listUsers(r -> r.maxItems(1).marker(from));
            pages++;
            assertThat(page.users()).hasSizeLessThanOrEqualTo(1);
            seen.addAll(userNames(page.users()));
            assertThat(page.isTruncated()).isEqualTo(page.marker() != null);
            marker = page.marker();
        } while (marker != null && pages < 100);

        assertThat(seen).doesNotHaveDuplicates().containsAll(created).contains("admin");
        assertThat(seen)
                .containsExactlyInAnyOrderElementsOf(userNames(iam.listUsers().users()));
        // The SDK's paginator follows the same markers.
        List<String> paginated = new ArrayList<>();
        iam.listUsersPaginator(r -> r.maxItems(1)).users().forEach(u -> paginated.add(u.userName()));
        assertThat(paginated).containsExactlyElementsOf(seen);
    }

    @Test
    void creatingAUserTwiceIsEntityAlreadyExists() {
        iam.createUser(r -> r.userName("it-twice"));

        EntityAlreadyExistsException e = catchThrowableOfType(
                EntityAlreadyExistsException.class, () -> iam.createUser(r -> r.userName("it-twice")));

        assertThat(e.statusCode()).isEqualTo(409);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityAlreadyExists");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User with name it-twice already exists.");
    }

    @Test
    void badUserNameIsAValidationError() {
        IamException e = catchThrowableOfType(IamException.class, () -> iam.createUser(r -> r.userName("it bad/name")));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(userNames(iam.listUsers().users())).doesNotContain("it bad/name");
    }

    @Test
    void tooLongUserNameIsAValidationError() {
        String name = "u".repeat(65);

        IamException e = catchThrowableOfType(IamException.class, () -> iam.createUser(r -> r.userName(name)));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("1 validation error detected: Value '" + name + "' at 'userName' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 64");
    }

    @Test
    void deletingAnUnknownUserIsNoSuchEntity() {
        NoSuchEntityException e = catchThrowableOfType(
                NoSuchEntityException.class, () -> iam.deleteUser(r -> r.userName("it-never-created")));

        assertThat(e.statusCode()).isEqualTo(404);
    }

    // ---- access keys ---------------------------------------------------------------------------

    @Test
    void accessKeysCanBeCreatedListedDeactivatedAndDeleted() {
        iam.createUser(r -> r.userName("it-keys"));

        AccessKey key = iam.createAccessKey(r -> r.userName("it-keys")).accessKey();
        assertThat(key.userName()).isEqualTo("it-keys");
        assertThat(key.accessKeyId()).startsWith("AKIA").hasSize(20);
        assertThat(key.secretAccessKey()).hasSize(40);
        assertThat(key.status()).isEqualTo(StatusType.ACTIVE);

        List<AccessKeyMetadata> listed =
                iam.listAccessKeys(r -> r.userName("it-keys")).accessKeyMetadata();
        assertThat(listed).singleElement().satisfies(m -> {
            assertThat(m.accessKeyId()).isEqualTo(key.accessKeyId());
            assertThat(m.userName()).isEqualTo("it-keys");
            assertThat(m.status()).isEqualTo(StatusType.ACTIVE);
        });

        iam.updateAccessKey(
                r -> r.userName("it-keys").accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
        assertThat(iam.listAccessKeys(r -> r.userName("it-keys")).accessKeyMetadata())
                .singleElement()
                .extracting(AccessKeyMetadata::status)
                .isEqualTo(StatusType.INACTIVE);

        iam.deleteAccessKey(r -> r.userName("it-keys").accessKeyId(key.accessKeyId()));
        assertThat(iam.listAccessKeys(r -> r.userName("it-keys")).accessKeyMetadata())
                .isEmpty();

        NoSuchEntityException e = catchThrowableOfType(
                NoSuchEntityException.class,
                () -> iam.deleteAccessKey(r -> r.userName("it-keys").accessKeyId(key.accessKeyId())));
        assertThat(e.statusCode()).isEqualTo(404);
        iam.deleteUser(r -> r.userName("it-keys"));
    }

    @Test
    void deletingAUserWithKeysIsADeleteConflict() {
        iam.createUser(r -> r.userName("it-conflict"));
        AccessKey key = iam.createAccessKey(r -> r.userName("it-conflict")).accessKey();

        DeleteConflictException e = catchThrowableOfType(
                DeleteConflictException.class, () -> iam.deleteUser(r -> r.userName("it-conflict")));

        assertThat(e.statusCode()).isEqualTo(409);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DeleteConflict");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Cannot delete entity, must delete access keys first.");

        iam.deleteAccessKey(r -> r.userName("it-conflict").accessKeyId(key.accessKeyId()));
        iam.deleteUser(r -> r.userName("it-conflict"));
    }

    @Test
    void aThirdAccessKeyExceedsTheLimit() {
        iam.createUser(r -> r.userName("it-limit"));
        iam.createAccessKey(r -> r.userName("it-limit"));
        AccessKey second = iam.createAccessKey(r -> r.userName("it-limit")).accessKey();
        // Inactive keys count toward the limit too.
        iam.updateAccessKey(
                r -> r.userName("it-limit").accessKeyId(second.accessKeyId()).status(StatusType.INACTIVE));

        LimitExceededException e = catchThrowableOfType(
                LimitExceededException.class, () -> iam.createAccessKey(r -> r.userName("it-limit")));

        assertThat(e.statusCode()).isEqualTo(409);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceeded");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(iam.listAccessKeys(r -> r.userName("it-limit")).accessKeyMetadata())
                .hasSize(2);
    }

    @Test
    void accessKeyForAnUnknownUserIsNoSuchEntity() {
        NoSuchEntityException e = catchThrowableOfType(
                NoSuchEntityException.class, () -> iam.createAccessKey(r -> r.userName("it-ghost")));

        assertThat(e.statusCode()).isEqualTo(404);
    }

    @Test
    void aNewUsersKeySignsCallsAsThatUser() {
        User user = iam.createUser(r -> r.userName("it-signer")).user();
        AccessKey key = iam.createAccessKey(r -> r.userName("it-signer")).accessKey();

        AwsBasicCredentials credentials = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        try (StsClient sts = Clients.sts(server, credentials);
                IamClient asUser = Clients.iam(server, credentials)) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/it-signer");
            assertThat(identity.userId()).isEqualTo(user.userId());
            assertThat(identity.account()).isEqualTo(ACCOUNT);

            // Without UserName, the access-key operations act on the caller.
            assertThat(asUser.listAccessKeys().accessKeyMetadata())
                    .extracting(AccessKeyMetadata::accessKeyId)
                    .containsExactly(key.accessKeyId());
            assertThat(asUser.getUser().user().userName()).isEqualTo("it-signer");
        }
    }

    // ---- roles ---------------------------------------------------------------------------------

    @Test
    void rolesCanBeCreatedReadListedAndDeleted() {
        String policy = StsIT.trustPolicy("arn:aws:iam::" + ACCOUNT + ":root");

        Role created = iam.createRole(r ->
                        r.roleName("it-role").assumeRolePolicyDocument(policy).description("integration test role"))
                .role();

        assertThat(created.roleName()).isEqualTo("it-role");
        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/it-role");
        assertThat(created.roleId()).startsWith("AROA");
        assertThat(URLDecoder.decode(created.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .isEqualTo(policy);

        Role read = iam.getRole(r -> r.roleName("it-role")).role();
        assertThat(read.roleId()).isEqualTo(created.roleId());
        assertThat(read.maxSessionDuration()).isEqualTo(3600);
        assertThat(URLDecoder.decode(read.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .isEqualTo(policy);

        assertThat(iam.listRoles().roles()).extracting(Role::roleName).contains("it-role");

        iam.deleteRole(r -> r.roleName("it-role"));

        assertThat(iam.listRoles().roles()).extracting(Role::roleName).doesNotContain("it-role");
        NoSuchEntityException e =
                catchThrowableOfType(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("it-role")));
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The role with name it-role cannot be found.");
    }

    @Test
    void creatingARoleTwiceIsEntityAlreadyExists() {
        String policy = StsIT.trustPolicy("arn:aws:iam::" + ACCOUNT + ":root");
        iam.createRole(r -> r.roleName("it-role-twice").assumeRolePolicyDocument(policy));

        EntityAlreadyExistsException e = catchThrowableOfType(
                EntityAlreadyExistsException.class,
                () -> iam.createRole(r -> r.roleName("it-role-twice").assumeRolePolicyDocument(policy)));

        assertThat(e.statusCode()).isEqualTo(409);
    }

    @Test
    void aTrustPolicyThatIsNotJsonIsMalformed() {
        IamException e = catchThrowableOfType(
                IamException.class,
                () -> iam.createRole(r -> r.roleName("it-bad-policy").assumeRolePolicyDocument("{not json")));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
    }

    private static List<String> userNames(List<User> users) {
        return users.stream().map(User::userName).toList();
    }
}

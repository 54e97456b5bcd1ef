package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * State written through IAM and STS survives the server process: a graceful stop (SIGTERM) and a crash
 * ({@code kill -9}), each followed by a start on the same data directory and port.
 */
class RestartIT {
    private static final String ACCOUNT = "123456789012";

    private static CairnProcess server;

    @BeforeAll
    static void startServer() {
        server = CairnProcess.start("RestartIT");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void usersAndKeysSurviveAGracefulRestart() {
        AwsBasicCredentials admin = server.adminCredentials();
        User user;
        AwsBasicCredentials key;
        try (IamClient iam = Clients.iam(server)) {
            user = iam.createUser(r -> r.userName("it-stopped")).user();
            key = credentials(iam.createAccessKey(r -> r.userName("it-stopped")).accessKey());
        }

        server.restart();

        assertThat(server.adminCredentials()).isEqualTo(admin);
        assertSurvived(user, key);
    }

    @Test
    void usersAndKeysSurviveAKill() {
        User user;
        AwsBasicCredentials key;
        try (IamClient iam = Clients.iam(server)) {
            user = iam.createUser(r -> r.userName("it-killed")).user();
            key = credentials(iam.createAccessKey(r -> r.userName("it-killed")).accessKey());
        }

        server.kill();
        server.restart();

        assertSurvived(user, key);
    }

    @Test
    void deletionsAndDeactivationsSurviveAKill() {
        AwsBasicCredentials inactive;
        try (IamClient iam = Clients.iam(server)) {
            iam.createUser(r -> r.userName("it-gone"));
            iam.deleteUser(r -> r.userName("it-gone"));
            iam.createUser(r -> r.userName("it-dormant"));
            inactive = credentials(
                    iam.createAccessKey(r -> r.userName("it-dormant")).accessKey());
            iam.updateAccessKey(r ->
                    r.userName("it-dormant").accessKeyId(inactive.accessKeyId()).status(StatusType.INACTIVE));
        }

        server.kill();
        server.restart();

        try (IamClient iam = Clients.iam(server);
                StsClient asDormant = Clients.sts(server, inactive)) {
            assertThat(catchThrowableOfType(NoSuchEntityException.class, () -> iam.getUser(r -> r.userName("it-gone"))))
                    .isNotNull();
            assertThat(iam.listAccessKeys(r -> r.userName("it-dormant")).accessKeyMetadata())
                    .singleElement()
                    .satisfies(m -> assertThat(m.status()).isEqualTo(StatusType.INACTIVE));
            StsException e = catchThrowableOfType(StsException.class, asDormant::getCallerIdentity);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        }
    }

    @Test
    void rolesAndTheirSessionsSurviveARestart() {
        Role role;
        Credentials session;
        try (IamClient iam = Clients.iam(server);
                StsClient sts = Clients.sts(server)) {
            role = iam.createRole(r -> r.roleName("it-durable-role")
                            .assumeRolePolicyDocument(StsIT.trustPolicy("arn:aws:iam::" + ACCOUNT + ":root")))
                    .role();
            session = sts.assumeRole(r -> r.roleArn(role.arn()).roleSessionName("before-restart"))
                    .credentials();
        }

        server.restart();

        try (IamClient iam = Clients.iam(server);
                StsClient asSession = Clients.sts(server, StsIT.sessionCredentials(session))) {
            assertThat(iam.getRole(r -> r.roleName("it-durable-role")).role().roleId())
                    .isEqualTo(role.roleId());
            assertThat(asSession.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/it-durable-role/before-restart");
        }
    }

    private static void assertSurvived(User user, AwsCredentials key) {
        try (IamClient iam = Clients.iam(server);
                StsClient admin = Clients.sts(server);
                StsClient asUser = Clients.sts(server, key)) {
            assertThat(admin.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/admin");
            assertThat(iam.getUser(r -> r.userName(user.userName())).user().userId())
                    .isEqualTo(user.userId());
            assertThat(iam.listAccessKeys(r -> r.userName(user.userName())).accessKeyMetadata())
                    .singleElement()
                    .satisfies(m -> assertThat(m.accessKeyId()).isEqualTo(key.accessKeyId()));
            assertThat(asUser.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/" + user.userName());
        }
    }

    private static AwsBasicCredentials credentials(AccessKey key) {
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }
}

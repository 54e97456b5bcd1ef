package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS through the AWS SDK for Java v2: who am I, assuming roles, and session tokens. */
class StsIT {
    private static final String ACCOUNT = "123456789012";

    private static CairnProcess server;
    private static StsClient sts;
    private static IamClient iam;

    @BeforeAll
    static void startServer() {
        server = CairnProcess.start("StsIT");
        sts = Clients.sts(server);
        iam = Clients.iam(server);
    }

    @AfterAll
    static void stopServer() {
        if (sts != null) {
            sts.close();
        }
        if (iam != null) {
            iam.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void getCallerIdentityReturnsTheAdminUser() {
        GetCallerIdentityResponse identity = sts.getCallerIdentity();

        assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/admin");
        assertThat(identity.account()).isEqualTo(ACCOUNT);
        assertThat(identity.userId()).startsWith("AIDA");
        assertThat(identity.responseMetadata().requestId()).isNotBlank();
    }

    @Test
    void assumedRoleCredentialsActAsTheRoleSession() {
        Role role = createRole("it-reader", trustPolicy("arn:aws:iam::" + ACCOUNT + ":root"));

        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(role.arn()).roleSessionName("it-session"));

        Credentials credentials = assumed.credentials();
        assertThat(credentials.accessKeyId()).startsWith("ASIA");
        assertThat(credentials.sessionToken()).isNotBlank();
        assertThat(credentials.expiration()).isAfter(java.time.Instant.now());
        assertThat(assumed.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/it-reader/it-session");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).isEqualTo(role.roleId() + ":it-session");

        try (StsClient asRole = Clients.sts(server, sessionCredentials(credentials))) {
            GetCallerIdentityResponse identity = asRole.getCallerIdentity();

            assertThat(identity.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/it-reader/it-session");
            assertThat(identity.userId()).isEqualTo(role.roleId() + ":it-session");
            assertThat(identity.account()).isEqualTo(ACCOUNT);
        }
    }

    @Test
    void assumeRoleIsDeniedWhenTheTrustPolicyNamesAnotherAccount() {
        Role role = createRole("it-foreign", trustPolicy("arn:aws:iam::999999999999:root"));

        StsException e = catchThrowableOfType(
                StsException.class,
                () -> sts.assumeRole(r -> r.roleArn(role.arn()).roleSessionName("denied")));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("User: arn:aws:iam::" + ACCOUNT + ":user/admin is not authorized to perform: "
                        + "sts:AssumeRole on resource: " + role.arn());
    }

    @Test
    void assumeRoleOfAMissingRoleIsDeniedLikeAForeignOne() {
        String arn = "arn:aws:iam::" + ACCOUNT + ":role/it-does-not-exist";

        StsException e = catchThrowableOfType(
                StsException.class, () -> sts.assumeRole(r -> r.roleArn(arn).roleSessionName("nobody")));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(e.statusCode()).isEqualTo(403);
    }

    @Test
    void sessionTokenCredentialsActAsTheUserAndCannotGetAnotherSessionToken() {
        Credentials credentials = sts.getSessionToken().credentials();
        assertThat(credentials.accessKeyId()).startsWith("ASIA");

        try (StsClient asSession = Clients.sts(server, sessionCredentials(credentials))) {
            GetCallerIdentityResponse identity = asSession.getCallerIdentity();
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/admin");
            assertThat(identity.account()).isEqualTo(ACCOUNT);

            StsException e = catchThrowableOfType(StsException.class, asSession::getSessionToken);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Cannot call GetSessionToken with session credentials");
        }
    }

    @Test
    void sessionCredentialsWithAForgedTokenAreRejected() {
        Credentials credentials = sts.getSessionToken().credentials();
        AwsSessionCredentials forged = AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken() + "x");

        try (StsClient asForged = Clients.sts(server, forged)) {
            StsException e = catchThrowableOfType(StsException.class, asForged::getCallerIdentity);

            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(e.statusCode()).isEqualTo(403);
        }
    }

    private static Role createRole(String name, String trustPolicy) {
        return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trustPolicy))
                .role();
    }

    static String trustPolicy(String principal) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    static AwsSessionCredentials sessionCredentials(Credentials credentials) {
        return AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
    }
}

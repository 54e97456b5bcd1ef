package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Secrets never reach the server's log or its audit journal, whatever the calls that carried them. */
class SecretsIT {
    private static CairnProcess server;

    @BeforeAll
    static void start() {
        server = CairnProcess.start("secrets");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void secretKeysAndSessionTokensAreNeitherLoggedNorJournaled() throws IOException {
        List<String> secrets = new ArrayList<>();
        AwsBasicCredentials admin = server.adminCredentials();
        secrets.add(admin.secretAccessKey());
        try (IamClient iam = Clients.iam(server, admin);
                StsClient sts = Clients.sts(server, admin)) {
            iam.createUser(r -> r.userName("keeper"));
            AccessKey key = iam.createAccessKey(r -> r.userName("keeper")).accessKey();
            secrets.add(key.secretAccessKey());
            iam.createRole(
                    r -> r.roleName("Vault")
                            .assumeRolePolicyDocument(
                                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}"));
            Credentials assumed = sts.assumeRole(r ->
                            r.roleArn("arn:aws:iam::123456789012:role/Vault").roleSessionName("s1"))
                    .credentials();
            secrets.add(assumed.secretAccessKey());
            secrets.add(assumed.sessionToken());
            Credentials session = sts.getSessionToken().credentials();
            secrets.add(session.secretAccessKey());
            secrets.add(session.sessionToken());
        }
        server.stop();
        String log = server.output();
        assertThat(log).isNotEmpty();
        String journal = allText(server.dataDirectory().resolve("journal"));
        assertThat(journal).contains("\"eventName\":\"CreateAccessKey\"").contains("HIDDEN_DUE_TO_SECURITY_REASONS");
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
            assertThat(journal).doesNotContain(secret);
        }
        server.restart();
    }

    private static String allText(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }
}

package dev.cairn.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.sigv4.SigningCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialSourceTest {
    private static final Map<String, String> ENV =
            Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "env-secret");

    @TempDir
    Path data;

    @BeforeEach
    void writeTheServersFile() throws Exception {
        Files.writeString(
                data.resolve("credentials"),
                "# written by cairn\n[cairn]\naws_access_key_id = AKIAADMIN\naws_secret_access_key = admin/secret+1\n\n"
                        + "[temp]\naws_access_key_id=ASIATEMP\naws_secret_access_key=temp-secret\n"
                        + "aws_session_token = tok==\n");
    }

    @Test
    void theServersAdminProfileIsTheDefault() throws Exception {
        assertThat(CredentialSource.resolve(Map.of(), data, null))
                .isEqualTo(SigningCredentials.of("AKIAADMIN", "admin/secret+1"));
    }

    @Test
    void environmentVariablesComeBeforeTheFile() throws Exception {
        assertThat(CredentialSource.resolve(ENV, data, null)).isEqualTo(SigningCredentials.of("AKIAENV", "env-secret"));
        Map<String, String> withToken =
                Map.of("AWS_ACCESS_KEY_ID", "ASIAENV", "AWS_SECRET_ACCESS_KEY", "s", "AWS_SESSION_TOKEN", "env-token");
        assertThat(CredentialSource.resolve(withToken, data, null))
                .isEqualTo(new SigningCredentials("ASIAENV", "s", "env-token"));
    }

    @Test
    void anExplicitProfileComesBeforeTheEnvironment() throws Exception {
        assertThat(CredentialSource.resolve(ENV, data, "temp"))
                .isEqualTo(new SigningCredentials("ASIATEMP", "temp-secret", "tok=="));
    }

    @Test
    void halfOfAKeyInTheEnvironmentIsAnError() {
        assertThatThrownBy(() -> CredentialSource.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV"), data, null))
                .isInstanceOf(CredentialsException.class)
                .hasMessageStartingWith("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    }

    @Test
    void aMissingProfileIsNamed() {
        assertThatThrownBy(() -> CredentialSource.resolve(Map.of(), data, "nope"))
                .isInstanceOf(CredentialsException.class)
                .hasMessage(data.resolve("credentials") + " has no profile 'nope' with aws_access_key_id and"
                        + " aws_secret_access_key");
    }

    @Test
    void aMissingFileSaysHowToPointAtTheServersData(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> CredentialSource.resolve(Map.of(), elsewhere, null))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining(elsewhere.resolve("credentials") + " does not exist")
                .hasMessageContaining("--data (or CAIRN_DATA)");
    }
}

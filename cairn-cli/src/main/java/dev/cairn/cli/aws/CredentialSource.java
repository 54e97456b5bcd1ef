package dev.cairn.cli.aws;

import static java.util.Objects.requireNonNull;

import dev.cairn.cli.aws.CredentialsException.Problem;
import dev.cairn.protocol.sigv4.SigningCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the CLI finds the key it signs with, in this order: with {@code --profile}, that profile of
 * {@code <data>/credentials}; else {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (with
 * {@code AWS_SESSION_TOKEN} when set); else the {@code cairn} profile of {@code <data>/credentials}, the admin
 * key the server writes on first start. An explicit profile beats the environment, as in the aws CLI.
 */
public final class CredentialSource {
    /** The profile the server writes, {@code dev.cairn.server.bootstrap.AdminCredentials#PROFILE}. */
    public static final String DEFAULT_PROFILE = "cairn";

    /** The name of the AWS shared-credentials file in the server's data directory. */
    public static final String FILE = "credentials";

    private CredentialSource() {}

    /**
     * Returns the credentials to sign with.
     *
     * @param env the process environment
     * @param dataDirectory the server's data directory, which holds {@code credentials}
     * @param profile the profile asked for with {@code --profile}, or null
     * @throws CredentialsException when none can be found, saying where the CLI looked
     */
    public static SigningCredentials resolve(Map<String, String> env, Path dataDirectory, @Nullable String profile)
            throws CredentialsException {
        requireNonNull(env, "env is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        Path file = dataDirectory.resolve(FILE);
        if (profile == null) {
            String id = nonEmpty(env.get("AWS_ACCESS_KEY_ID"));
            String secret = nonEmpty(env.get("AWS_SECRET_ACCESS_KEY"));
            if (id != null && secret != null) {
                return new SigningCredentials(id, secret, nonEmpty(env.get("AWS_SESSION_TOKEN")));
            }
            if (id != null || secret != null) {
                throw new CredentialsException(
                        Problem.HALF_A_KEY_IN_THE_ENVIRONMENT,
                        file,
                        (id != null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") + " is set but "
                                + (id != null ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID")
                                + " is not; set both, or neither to use the profile '" + DEFAULT_PROFILE + "' of "
                                + file,
                        null);
            }
        }
        String name = profile == null ? DEFAULT_PROFILE : profile;
        Map<String, String> values;
        try {
            values = readProfile(file, name);
        } catch (NoSuchFileException e) {
            throw new CredentialsException(
                    Problem.NO_FILE,
                    file,
                    "no credentials: " + file + " does not exist"
                            + (profile == null ? " and AWS_ACCESS_KEY_ID is not set" : "")
                            + "; point --data (or CAIRN_DATA) at the server's data directory, or set"
                            + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                    e);
        } catch (IOException e) {
            throw new CredentialsException(
                    Problem.UNREADABLE_FILE, file, "cannot read " + file + ": " + e.getMessage(), e);
        }
        String id = nonEmpty(values.get("aws_access_key_id"));
        String secret = nonEmpty(values.get("aws_secret_access_key"));
        if (id == null || secret == null) {
            throw new CredentialsException(
                    Problem.NO_PROFILE,
                    file,
                    file + " has no profile '" + name + "' with aws_access_key_id and aws_secret_access_key",
                    null);
        }
        return new SigningCredentials(id, secret, nonEmpty(values.get("aws_session_token")));
    }

    /** Reads one profile of an AWS shared-credentials file; empty when the file lacks it. */
    private static Map<String, String> readProfile(Path file, String profile) throws IOException {
        Map<String, String> values = new HashMap<>();
        @Nullable String section = null;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (profile.equals(section) && eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    private static @Nullable String nonEmpty(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

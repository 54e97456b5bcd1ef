package dev.cairn.cli.validate;

import dev.cairn.protocol.sigv4.SigningCredentials;
import dev.cairn.trail.validation.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where {@code validate-logs} finds the key it signs its calls with, in the order the {@code events} commands
 * use: with {@code --profile}, that profile of {@code <data>/credentials}; else {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY} (with {@code AWS_SESSION_TOKEN}); else the profile {@code cairn} of {@code
 * <data>/credentials}, the admin key the server writes on first start.
 */
final class Credentials {

    static final String DEFAULT_PROFILE = "cairn";

    private Credentials() {}

    /**
     * Returns the credentials to sign with.
     *
     * @throws ValidationException when none are found, saying where it looked
     */
    static SigningCredentials resolve(Map<String, String> env, Path data, @Nullable String profile) {
        if (profile == null) {
            String id = nonEmpty(env.get("AWS_ACCESS_KEY_ID"));
            String secret = nonEmpty(env.get("AWS_SECRET_ACCESS_KEY"));
            if (id != null && secret != null) {
                return new SigningCredentials(id, secret, nonEmpty(env.get("AWS_SESSION_TOKEN")));
            }
        }
        String name = profile == null ? DEFAULT_PROFILE : profile;
        Path file = data.resolve("credentials");
        Map<String, String> values;
        try {
            values = readProfile(file, name);
        } catch (NoSuchFileException e) {
            throw new ValidationException("Unable to locate credentials: " + file + " does not exist"
                    + (profile == null ? " and AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set" : "")
                    + "; point --data (or CAIRN_DATA) at the server's data directory, or set them");
        } catch (IOException e) {
            throw new ValidationException("Unable to locate credentials: cannot read " + file + ": " + e.getMessage());
        }
        String id = nonEmpty(values.get("aws_access_key_id"));
        String secret = nonEmpty(values.get("aws_secret_access_key"));
        if (id == null || secret == null) {
            throw new ValidationException("Unable to locate credentials: " + file + " has no profile '" + name
                    + "' with aws_access_key_id and aws_secret_access_key");
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

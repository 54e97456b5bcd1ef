package dev.cairn.protocol.sigv4;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The credentials a client signs with: an access key id, its secret, and for temporary credentials the
 * session token that travels as {@code X-Amz-Security-Token}.
 */
public record SigningCredentials(
        String accessKeyId,
        String secretAccessKey,
        @Nullable String sessionToken) {

    public SigningCredentials {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        if (accessKeyId.isBlank()) {
            throw new IllegalArgumentException("accessKeyId must not be blank");
        }
        if (secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("secretAccessKey of " + accessKeyId + " must not be empty");
        }
        if (sessionToken != null && sessionToken.isEmpty()) {
            sessionToken = null;
        }
    }

    /** Returns credentials of a long-term access key, without a session token. */
    public static SigningCredentials of(String accessKeyId, String secretAccessKey) {
        return new SigningCredentials(accessKeyId, secretAccessKey, null);
    }

    @Override
    public String toString() {
        // The secret and the token are bearer secrets; name only the key.
        return "SigningCredentials[" + accessKeyId + ", sessionToken=" + (sessionToken == null ? "none" : "present")
                + "]";
    }
}

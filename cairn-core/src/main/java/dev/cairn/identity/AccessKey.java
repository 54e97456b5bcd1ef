package dev.cairn.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A signing credential: an access key id and its secret, owned by a principal. Long-term keys
 * ({@code AKIA…}) belong to a user or the root; temporary keys ({@code ASIA…}) also carry a session token
 * and an expiry, and the session they were issued for.
 *
 * @param ownerType who the key signs as
 * @param accountId the owner's account
 * @param ownerName the user name, the role name for an assumed role, or null for root
 * @param ownerId the user id or role id; the account id for root
 * @param sessionName the role session name, for an assumed-role key
 * @param sessionToken the token a temporary key must be presented with
 */
public record AccessKey(
        String accessKeyId,
        String secretAccessKey,
        Status status,
        Instant createDate,
        PrincipalType ownerType,
        String accountId,
        @Nullable String ownerName,
        String ownerId,
        @Nullable String ownerPath,
        @Nullable String sessionName,
        @Nullable String sessionToken,
        @Nullable Instant expiration) {

    /** Whether a key may sign calls. */
    public enum Status {
        Active,
        Inactive
    }

    public AccessKey {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(status, "status is null");
        requireNonNull(createDate, "createDate is null");
        requireNonNull(ownerType, "ownerType is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(ownerId, "ownerId is null");
    }

    public boolean temporary() {
        return sessionToken != null;
    }

    public AccessKey withStatus(Status newStatus) {
        return new AccessKey(
                accessKeyId,
                secretAccessKey,
                newStatus,
                createDate,
                ownerType,
                accountId,
                ownerName,
                ownerId,
                ownerPath,
                sessionName,
                sessionToken,
                expiration);
    }

    @Override
    public String toString() {
        // The secret and the session token never reach a log line.
        return "AccessKey[" + accessKeyId + ", " + status + ", " + ownerType + " " + accountId + "/" + ownerName + "]";
    }
}

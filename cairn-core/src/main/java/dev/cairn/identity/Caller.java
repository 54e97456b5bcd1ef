package dev.cairn.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated principal behind one call: who it is, which key signed, and the session the key
 * belongs to when it is temporary. This is what later becomes the event's {@code userIdentity}.
 *
 * @param type the principal kind
 * @param accountId the 12-digit account the principal belongs to
 * @param arn the principal's ARN, for example {@code arn:aws:sts::123456789012:assumed-role/Admin/s1}
 * @param principalId the unique id: the user id, {@code roleId:sessionName}, or the account id for root
 * @param userName the IAM user name, or for an assumed role the role name; null for root
 * @param accessKeyId the key that signed the call
 * @param session the session of a temporary key, null for a long-term key
 */
public record Caller(
        PrincipalType type,
        String accountId,
        String arn,
        String principalId,
        @Nullable String userName,
        String accessKeyId,
        @Nullable Session session) {

    public Caller {
        requireNonNull(type, "type is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(principalId, "principalId is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
    }

    /**
     * The context of temporary credentials: when they were issued, and for an assumed role the role that
     * issued them (CloudTrail's {@code sessionContext.sessionIssuer}).
     */
    public record Session(
            Instant issuedAt,
            Instant expiresAt,
            @Nullable String issuerType,
            @Nullable String issuerPrincipalId,
            @Nullable String issuerArn,
            @Nullable String issuerUserName) {}
}

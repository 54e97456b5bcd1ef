package dev.cairn.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An IAM role: an identity of one account with no keys of its own, whose temporary credentials are
 * issued by STS AssumeRole to the principals its trust policy names.
 */
public record IamRole(
        String accountId,
        String roleName,
        String roleId,
        String path,
        String assumeRolePolicyDocument,
        @Nullable String description,
        int maxSessionDurationSeconds,
        Instant createDate) {

    public IamRole {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(roleName, "roleName is null");
        requireNonNull(roleId, "roleId is null");
        requireNonNull(path, "path is null");
        requireNonNull(assumeRolePolicyDocument, "assumeRolePolicyDocument is null");
        requireNonNull(createDate, "createDate is null");
    }

    /** Returns {@code arn:aws:iam::{account}:role{path}{name}}. */
    public String arn() {
        return "arn:aws:iam::" + accountId + ":role" + path + roleName;
    }
}

package dev.cairn.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** An IAM user: a long-lived principal of one account that signs with access keys. */
public record IamUser(String accountId, String userName, String userId, String path, Instant createDate) {
    public IamUser {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(path, "path is null");
        requireNonNull(createDate, "createDate is null");
    }

    /** Returns {@code arn:aws:iam::{account}:user{path}{name}}. */
    public String arn() {
        return "arn:aws:iam::" + accountId + ":user" + path + userName;
    }
}

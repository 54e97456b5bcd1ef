package dev.cairn.event;

import org.jspecify.annotations.Nullable;

/**
 * A refusal to read JSON as a CloudTrail record: the text is not valid JSON, or a member breaks the record
 * schema (wrong JSON type, malformed time, missing or repeated). The message names the member and the rule.
 */
public final class CloudTrailJsonException extends IllegalArgumentException {

    private final @Nullable String member;

    CloudTrailJsonException(@Nullable String member, String message) {
        super(message);
        this.member = member;
    }

    CloudTrailJsonException(String message, Throwable cause) {
        super(message, cause);
        this.member = null;
    }

    /**
     * The path of the offending member, such as {@code readOnly} or
     * {@code userIdentity.sessionContext.attributes.mfaAuthenticated} or {@code resources[1].ARN}; null
     * when the error is not about one member.
     */
    public @Nullable String member() {
        return member;
    }
}

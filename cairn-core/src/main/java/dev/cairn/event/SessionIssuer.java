package dev.cairn.event;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code sessionContext.sessionIssuer}: the principal whose credentials were used to get temporary
 * ones, such as the role that was assumed ({@code type} {@code Role}) or the user that called
 * GetSessionToken.
 */
public final class SessionIssuer {

    /** The members, in canonical emission order. */
    enum Field implements Schema.Member {
        TYPE("type"),
        PRINCIPAL_ID("principalId"),
        ARN("arn"),
        ACCOUNT_ID("accountId"),
        USER_NAME("userName");

        private final String jsonName;

        Field(String jsonName) {
            this.jsonName = jsonName;
        }

        @Override
        public String jsonName() {
            return jsonName;
        }

        @Override
        public Kind kind() {
            return Kind.STRING;
        }
    }

    static final Schema SCHEMA = Schema.of(Field.values());

    final Members members;

    SessionIssuer(Members members) {
        this.members = members;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code Root}, {@code IAMUser} or {@code Role}. */
    public @Nullable String type() {
        return string(Field.TYPE);
    }

    /** The issuer's unique ID, such as the role ID {@code AROA...}. */
    public @Nullable String principalId() {
        return string(Field.PRINCIPAL_ID);
    }

    /** The issuer's ARN. */
    public @Nullable String arn() {
        return string(Field.ARN);
    }

    /** The account that owns the issuer. */
    public @Nullable String accountId() {
        return string(Field.ACCOUNT_ID);
    }

    /** The issuer's friendly name: the role or user name, or the account alias for root. */
    public @Nullable String userName() {
        return string(Field.USER_NAME);
    }

    /** The members the model does not know, in the order they are written. */
    public Map<String, RawJson> otherMembers() {
        return members.others();
    }

    private @Nullable String string(Field field) {
        return (String) members.get(field.ordinal());
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SessionIssuer that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return "SessionIssuer{type=" + type() + ", arn=" + arn() + "}";
    }

    /** Collects the members of an issuer; each method sets the member of the same name, null clears it. */
    public static final class Builder {
        private final Members.Builder members = new Members.Builder(SCHEMA);

        private Builder() {}

        public Builder type(@Nullable String type) {
            return set(Field.TYPE, type);
        }

        public Builder principalId(@Nullable String principalId) {
            return set(Field.PRINCIPAL_ID, principalId);
        }

        public Builder arn(@Nullable String arn) {
            return set(Field.ARN, arn);
        }

        public Builder accountId(@Nullable String accountId) {
            return set(Field.ACCOUNT_ID, accountId);
        }

        public Builder userName(@Nullable String userName) {
            return set(Field.USER_NAME, userName);
        }

        public SessionIssuer build() {
            return new SessionIssuer(members.build(0));
        }

        private Builder set(Field field, @Nullable String value) {
            members.set(field, value);
            return this;
        }
    }
}

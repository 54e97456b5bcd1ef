package dev.cairn.event;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code userIdentity} of a record: who made the request and with which credentials. Every member is
 * optional; which ones appear depends on the {@link #type()} (see the CloudTrail userIdentity element).
 *
 * <p>As with {@link AuditEvent}, a built identity is written in canonical order and a parsed one in the
 * order it was read, with the members the model does not know.
 */
public final class UserIdentity {

    /** The members, in canonical emission order. */
    enum Field implements Schema.Member {
        TYPE("type"),
        PRINCIPAL_ID("principalId"),
        ARN("arn"),
        ACCOUNT_ID("accountId"),
        ACCESS_KEY_ID("accessKeyId"),
        USER_NAME("userName"),
        SESSION_CONTEXT("sessionContext", Kind.SESSION_CONTEXT),
        INVOKED_BY("invokedBy"),
        INVOKED_BY_DELEGATE("invokedByDelegate", Kind.RAW),
        IDENTITY_PROVIDER("identityProvider"),
        ON_BEHALF_OF("onBehalfOf", Kind.RAW),
        CREDENTIAL_ID("credentialId"),
        IN_SCOPE_OF("inScopeOf", Kind.RAW);

        private final String jsonName;
        private final Kind kind;

        Field(String jsonName) {
            this(jsonName, Kind.STRING);
        }

        Field(String jsonName, Kind kind) {
            this.jsonName = jsonName;
            this.kind = kind;
        }

        @Override
        public String jsonName() {
            return jsonName;
        }

        @Override
        public Kind kind() {
            return kind;
        }
    }

    static final Schema SCHEMA = Schema.of(Field.values());

    final Members members;

    UserIdentity(Members members) {
        this.members = members;
    }

    public static Builder builder() {
        return new Builder(new Members.Builder(SCHEMA));
    }

    /** Returns a builder that starts from this identity; what it builds is written in canonical order. */
    public Builder toBuilder() {
        return new Builder(new Members.Builder(members));
    }

    /** The kind of principal: {@code Root}, {@code IAMUser}, {@code AssumedRole}, {@code AWSService}, ... */
    public @Nullable String type() {
        return string(Field.TYPE);
    }

    /** The principal's unique ID; for temporary credentials {@code roleId:sessionName}. */
    public @Nullable String principalId() {
        return string(Field.PRINCIPAL_ID);
    }

    /** The principal's ARN. */
    public @Nullable String arn() {
        return string(Field.ARN);
    }

    /** The account that owns the principal. */
    public @Nullable String accountId() {
        return string(Field.ACCOUNT_ID);
    }

    /** The access key that signed the request; may be the empty string. */
    public @Nullable String accessKeyId() {
        return string(Field.ACCESS_KEY_ID);
    }

    /** The friendly name of the principal, such as the IAM user name. */
    public @Nullable String userName() {
        return string(Field.USER_NAME);
    }

    /** The session of temporary credentials. */
    public @Nullable SessionContext sessionContext() {
        return (SessionContext) members.get(Field.SESSION_CONTEXT.ordinal());
    }

    /** The service that made the request on the principal's behalf, such as {@code ec2.amazonaws.com}. */
    public @Nullable String invokedBy() {
        return string(Field.INVOKED_BY);
    }

    /** The product provider that used delegated access, as {@code {"accountId":"..."}}. */
    public @Nullable RawJson invokedByDelegate() {
        return raw(Field.INVOKED_BY_DELEGATE);
    }

    /** The identity provider of a {@code SAMLUser} or {@code WebIdentityUser}. */
    public @Nullable String identityProvider() {
        return string(Field.IDENTITY_PROVIDER);
    }

    /** The Identity Center user on whose behalf the request was made. */
    public @Nullable RawJson onBehalfOf() {
        return raw(Field.ON_BEHALF_OF);
    }

    /** The ID of the bearer-token credential that was used. */
    public @Nullable String credentialId() {
        return string(Field.CREDENTIAL_ID);
    }

    /** The resource in whose scope the credentials were issued. */
    public @Nullable RawJson inScopeOf() {
        return raw(Field.IN_SCOPE_OF);
    }

    /** The members the model does not know, in the order they are written. */
    public Map<String, RawJson> otherMembers() {
        return members.others();
    }

    /** Whether the identity writes the member called {@code name}, possibly as {@code null}. */
    public boolean hasMember(String name) {
        return members.isWritten(name);
    }

    private @Nullable String string(Field field) {
        return (String) members.get(field.ordinal());
    }

    private @Nullable RawJson raw(Field field) {
        return (RawJson) members.get(field.ordinal());
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof UserIdentity that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return "UserIdentity{type=" + type() + ", arn=" + arn() + "}";
    }

    /** Collects the members of an identity; each method sets the member of the same name, null clears it. */
    public static final class Builder {
        private final Members.Builder members;

        private Builder(Members.Builder members) {
            this.members = members;
        }

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

        public Builder accessKeyId(@Nullable String accessKeyId) {
            return set(Field.ACCESS_KEY_ID, accessKeyId);
        }

        public Builder userName(@Nullable String userName) {
            return set(Field.USER_NAME, userName);
        }

        public Builder sessionContext(@Nullable SessionContext sessionContext) {
            return set(Field.SESSION_CONTEXT, sessionContext);
        }

        public Builder invokedBy(@Nullable String invokedBy) {
            return set(Field.INVOKED_BY, invokedBy);
        }

        public Builder invokedByDelegate(@Nullable RawJson invokedByDelegate) {
            return set(Field.INVOKED_BY_DELEGATE, invokedByDelegate);
        }

        public Builder identityProvider(@Nullable String identityProvider) {
            return set(Field.IDENTITY_PROVIDER, identityProvider);
        }

        public Builder onBehalfOf(@Nullable RawJson onBehalfOf) {
            return set(Field.ON_BEHALF_OF, onBehalfOf);
        }

        public Builder credentialId(@Nullable String credentialId) {
            return set(Field.CREDENTIAL_ID, credentialId);
        }

        public Builder inScopeOf(@Nullable RawJson inScopeOf) {
            return set(Field.IN_SCOPE_OF, inScopeOf);
        }

        /**
         * Adds a member the model does not know, written after the known ones; a null value removes it.
         *
         * @throws IllegalArgumentException if {@code name} is a member the model knows
         */
        public Builder member(String name, @Nullable RawJson value) {
            members.other(name, value);
            return this;
        }

        public UserIdentity build() {
            return new UserIdentity(members.build(0));
        }

        private Builder set(Field field, @Nullable Object value) {
            members.set(field, value instanceof RawJson raw && raw.isNull() ? null : value);
            return this;
        }
    }
}

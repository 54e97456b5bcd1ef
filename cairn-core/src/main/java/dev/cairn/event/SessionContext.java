package dev.cairn.event;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code userIdentity.sessionContext} of a request made with temporary credentials: who issued them,
 * when, and how.
 */
public final class SessionContext {

    /** The members, in canonical emission order. */
    enum Field implements Schema.Member {
        SESSION_ISSUER("sessionIssuer", Kind.SESSION_ISSUER),
        WEB_ID_FEDERATION_DATA("webIdFederationData", Kind.RAW),
        ATTRIBUTES("attributes", Kind.SESSION_ATTRIBUTES),
        SOURCE_IDENTITY("sourceIdentity"),
        EC2_ROLE_DELIVERY("ec2RoleDelivery"),
        ASSUMED_ROOT("assumedRoot"),
        SIGN_IN_SESSION_ARN("signInSessionArn");

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

    SessionContext(Members members) {
        this.members = members;
    }

    public static Builder builder() {
        return new Builder(new Members.Builder(SCHEMA));
    }

    /** Returns a builder that starts from this session; what it builds is written in canonical order. */
    public Builder toBuilder() {
        return new Builder(new Members.Builder(members));
    }

    /** The principal that issued the credentials: the role, user or root. */
    public @Nullable SessionIssuer sessionIssuer() {
        return (SessionIssuer) members.get(Field.SESSION_ISSUER.ordinal());
    }

    /** The web identity provider of {@code AssumeRoleWithWebIdentity} credentials; often {@code {}}. */
    public @Nullable RawJson webIdFederationData() {
        return (RawJson) members.get(Field.WEB_ID_FEDERATION_DATA.ordinal());
    }

    /** When the credentials were issued, and whether with MFA. */
    public @Nullable SessionAttributes attributes() {
        return (SessionAttributes) members.get(Field.ATTRIBUTES.ordinal());
    }

    /** The source identity set when the role was assumed. */
    public @Nullable String sourceIdentity() {
        return string(Field.SOURCE_IDENTITY);
    }

    /** {@code "1.0"} or {@code "2.0"}: the instance metadata service version that delivered the credentials. */
    public @Nullable String ec2RoleDelivery() {
        return string(Field.EC2_ROLE_DELIVERY);
    }

    /** The string {@code "true"} for a root session assumed from an organization's management account. */
    public @Nullable String assumedRoot() {
        return string(Field.ASSUMED_ROOT);
    }

    /** The console sign-in session the credentials belong to. */
    public @Nullable String signInSessionArn() {
        return string(Field.SIGN_IN_SESSION_ARN);
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
        return o instanceof SessionContext that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return "SessionContext{sessionIssuer=" + sessionIssuer() + ", attributes=" + attributes() + "}";
    }

    /** Collects the members of a session; each method sets the member of the same name, null clears it. */
    public static final class Builder {
        private final Members.Builder members;

        private Builder(Members.Builder members) {
            this.members = members;
        }

        public Builder sessionIssuer(@Nullable SessionIssuer sessionIssuer) {
            return set(Field.SESSION_ISSUER, sessionIssuer);
        }

        /** Sets the web identity data; AWS writes {@link RawJson#EMPTY_OBJECT} for roles assumed otherwise. */
        public Builder webIdFederationData(@Nullable RawJson webIdFederationData) {
            return set(
                    Field.WEB_ID_FEDERATION_DATA,
                    webIdFederationData == null || webIdFederationData.isNull() ? null : webIdFederationData);
        }

        public Builder attributes(@Nullable SessionAttributes attributes) {
            return set(Field.ATTRIBUTES, attributes);
        }

        public Builder sourceIdentity(@Nullable String sourceIdentity) {
            return set(Field.SOURCE_IDENTITY, sourceIdentity);
        }

        public Builder ec2RoleDelivery(@Nullable String ec2RoleDelivery) {
            return set(Field.EC2_ROLE_DELIVERY, ec2RoleDelivery);
        }

        /** Sets the string {@code "true"} for a root session, else leaves the member out. */
        public Builder assumedRoot(boolean assumedRoot) {
            return set(Field.ASSUMED_ROOT, assumedRoot ? "true" : null);
        }

        public Builder signInSessionArn(@Nullable String signInSessionArn) {
            return set(Field.SIGN_IN_SESSION_ARN, signInSessionArn);
        }

        public SessionContext build() {
            return new SessionContext(members.build(0));
        }

        private Builder set(Field field, @Nullable Object value) {
            members.set(field, value);
            return this;
        }
    }
}

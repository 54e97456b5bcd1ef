package dev.cairn.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code sessionContext.attributes}: when temporary credentials were issued, and whether the principal
 * had authenticated with MFA. Both are JSON strings, {@code mfaAuthenticated} too ({@code "true"} or
 * {@code "false"}, never a JSON boolean).
 */
public final class SessionAttributes {

    /** The members, in canonical emission order. */
    enum Field implements Schema.Member {
        CREATION_DATE("creationDate"),
        MFA_AUTHENTICATED("mfaAuthenticated");

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

    SessionAttributes(Members members) {
        this.members = members;
    }

    /**
     * Returns the attributes of credentials issued at {@code creationDate} (written yyyy-MM-ddTHH:mm:ssZ,
     * truncated to the second), with or without MFA.
     */
    public static SessionAttributes of(Instant creationDate, boolean mfaAuthenticated) {
        requireNonNull(creationDate, "creationDate is null");
        if (!EventTime.isWritable(creationDate)) {
            throw new IllegalArgumentException("creationDate " + creationDate + " has no four-digit year");
        }
        Members.Builder members = new Members.Builder(SCHEMA);
        members.set(Field.CREATION_DATE, EventTime.format(creationDate));
        members.set(Field.MFA_AUTHENTICATED, mfaAuthenticated ? "true" : "false");
        return new SessionAttributes(members.build(0));
    }

    /**
     * When the credentials were issued, as written: AWS writes {@code 2023-11-02T01:06:28Z}, and its
     * documentation also shows the basic form {@code 20131102T010628Z}.
     */
    public @Nullable String creationDate() {
        return (String) members.get(Field.CREATION_DATE.ordinal());
    }

    /** The string {@code "true"} or {@code "false"}. */
    public @Nullable String mfaAuthenticated() {
        return (String) members.get(Field.MFA_AUTHENTICATED.ordinal());
    }

    /** The members the model does not know, in the order they are written. */
    public Map<String, RawJson> otherMembers() {
        return members.others();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SessionAttributes that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return "SessionAttributes{creationDate=" + creationDate() + ", mfaAuthenticated=" + mfaAuthenticated() + "}";
    }
}

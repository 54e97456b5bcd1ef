package dev.cairn.event;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One item of a record's {@code resources}: a resource the request acted on, written
 * {@code {"ARN":"...","accountId":"...","type":"AWS::IAM::User"}} (note the capital {@code ARN}).
 */
public final class Resource {

    /** The members, in canonical emission order. */
    enum Field implements Schema.Member {
        ARN("ARN"),
        ACCOUNT_ID("accountId"),
        TYPE("type");

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

    Resource(Members members) {
        this.members = members;
    }

    /**
     * Returns the resource {@code arn}, owned by {@code accountId}, of {@code type} such as
     * {@code AWS::IAM::User}; a null account or type is left out.
     */
    public static Resource of(String arn, @Nullable String accountId, @Nullable String type) {
        Members.Builder members = new Members.Builder(SCHEMA);
        members.set(Field.ARN, requireNonNull(arn, "arn is null"));
        members.set(Field.ACCOUNT_ID, accountId);
        members.set(Field.TYPE, type);
        return new Resource(members.build(0));
    }

    /** The resource's ARN (JSON member {@code ARN}). */
    public @Nullable String arn() {
        return string(Field.ARN);
    }

    /** The account that owns the resource. */
    public @Nullable String accountId() {
        return string(Field.ACCOUNT_ID);
    }

    /** The resource type, such as {@code AWS::S3::Object}. */
    public @Nullable String type() {
        return string(Field.TYPE);
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
        return o instanceof Resource that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return "Resource{ARN=" + arn() + ", accountId=" + accountId() + ", type=" + type() + "}";
    }
}

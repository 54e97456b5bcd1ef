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

    /**
     * Returns an S3 resource as S3 writes it, {@code {"accountId":"...","type":"...","ARN":"..."}} (S3 puts
     * the ARN last; a null account is left out, as for an object).
     */
    public static Resource s3(String arn, @Nullable String accountId, String type) {
        Members.Builder members = new Members.Builder(SCHEMA);
        members.set(Field.ARN, requireNonNull(arn, "arn is null"));
        members.set(Field.ACCOUNT_ID, accountId);
        members.set(Field.TYPE, requireNonNull(type, "type is null"));
        return new Resource(members.buildStartingWith(Field.ACCOUNT_ID, Field.TYPE, Field.ARN));
    }

    /**
     * Returns the resources of {@code type} under an ARN prefix, written {@code
     * {"type":"AWS::S3::Object","ARNPrefix":"arn:aws:s3:::bucket/"}}: what S3 records for a ListObjects, which
     * reads every object of the bucket.
     */
    public static Resource underPrefix(String type, String arnPrefix) {
        Members.Builder members = new Members.Builder(SCHEMA);
        members.set(Field.TYPE, requireNonNull(type, "type is null"));
        members.other(ARN_PREFIX, RawJson.ofString(requireNonNull(arnPrefix, "arnPrefix is null")));
        return new Resource(members.buildStartingWith(Field.TYPE));
    }

    /** The unknown member that names the resources under a prefix, as in {@link #underPrefix}. */
    private static final String ARN_PREFIX = "ARNPrefix";

    /** The ARN prefix of resources written with {@code ARNPrefix} instead of {@code ARN}, or null. */
    public @Nullable String arnPrefix() {
        RawJson prefix = members.others().get(ARN_PREFIX);
        return prefix == null ? null : prefix.stringValue();
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

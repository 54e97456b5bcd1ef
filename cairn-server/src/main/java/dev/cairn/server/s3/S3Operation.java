package dev.cairn.server.s3;

/**
 * The S3 operations Cairn serves, with the event name CloudTrail records, whether they only read, and
 * whether their events are data events (object calls, and listing a bucket's objects) or management events
 * (the other bucket calls).
 */
enum S3Operation {
    LIST_BUCKETS("ListBuckets", true, false),
    CREATE_BUCKET("CreateBucket", false, false),
    DELETE_BUCKET("DeleteBucket", false, false),
    HEAD_BUCKET("HeadBucket", true, false),
    GET_BUCKET_LOCATION("GetBucketLocation", true, false),
    LIST_OBJECTS("ListObjects", true, true),
    LIST_OBJECTS_V2("ListObjectsV2", true, true),
    PUT_OBJECT("PutObject", false, true),
    GET_OBJECT("GetObject", true, true),
    HEAD_OBJECT("HeadObject", true, true),
    DELETE_OBJECT("DeleteObject", false, true);

    private final String eventName;
    private final boolean readOnly;
    private final boolean data;

    S3Operation(String eventName, boolean readOnly, boolean data) {
        this.eventName = eventName;
        this.readOnly = readOnly;
        this.data = data;
    }

    /** The operation's name, which is also its CloudTrail {@code eventName}. */
    String eventName() {
        return eventName;
    }

    boolean readOnly() {
        return readOnly;
    }

    /** Whether its events are data events ({@code eventCategory} Data) rather than management events. */
    boolean data() {
        return data;
    }
}

package dev.cairn.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One CloudTrail event record: an immutable value with a typed accessor for every top-level member of
 * the record schema (eventVersion 1.11).
 *
 * <p>An accessor returns null when its member is absent, and also when it is present with the value
 * {@code null}; {@link #hasMember} tells the two apart. Free-form members are {@link RawJson}. Members
 * the model does not know are kept in {@link #otherMembers()}.
 *
 * <p>A record built with {@link #builder()} is written in AWS's canonical member order, leaves out the
 * optional members it has no value for, and always writes {@code requestParameters} and
 * {@code responseElements} (as {@code null} when unset), except in Insights events, which have neither. A
 * record parsed by {@link CloudTrailJson} is written in the order it was read, with exactly the members it
 * had. Two records are equal when they are written as the same JSON.
 */
public final class AuditEvent {

    /** The eventVersion of the records Cairn writes, and the builder's default. */
    public static final String CURRENT_EVENT_VERSION = "1.11";

    /** The eventType of Insights events, which have no requestParameters or responseElements. */
    static final String INSIGHT_EVENT_TYPE = "AwsCloudTrailInsight";

    /** The top-level members, in canonical emission order. */
    enum Field implements Schema.Member {
        EVENT_VERSION("eventVersion"),
        USER_IDENTITY("userIdentity", Kind.USER_IDENTITY),
        EVENT_TIME("eventTime", Kind.TIME),
        EVENT_SOURCE("eventSource"),
        EVENT_NAME("eventName"),
        AWS_REGION("awsRegion"),
        SOURCE_IP_ADDRESS("sourceIPAddress"),
        USER_AGENT("userAgent"),
        ERROR_CODE("errorCode"),
        ERROR_MESSAGE("errorMessage"),
        REQUEST_PARAMETERS("requestParameters", Kind.RAW),
        RESPONSE_ELEMENTS("responseElements", Kind.RAW),
        ADDITIONAL_EVENT_DATA("additionalEventData", Kind.RAW),
        REQUEST_ID("requestID"),
        EVENT_ID("eventID"),
        READ_ONLY("readOnly", Kind.BOOLEAN),
        RESOURCES("resources", Kind.RESOURCES),
        EVENT_TYPE("eventType"),
        API_VERSION("apiVersion"),
        MANAGEMENT_EVENT("managementEvent", Kind.BOOLEAN),
        RECIPIENT_ACCOUNT_ID("recipientAccountId"),
        SHARED_EVENT_ID("sharedEventID"),
        VPC_ENDPOINT_ID("vpcEndpointId"),
        VPC_ENDPOINT_ACCOUNT_ID("vpcEndpointAccountId"),
        SERVICE_EVENT_DETAILS("serviceEventDetails", Kind.RAW),
        // Not in §1.2's list; AWS's Insights example writes it just before eventCategory.
        INSIGHT_DETAILS("insightDetails", Kind.RAW),
        EVENT_CATEGORY("eventCategory"),
        ADDENDUM("addendum", Kind.RAW),
        SESSION_CREDENTIAL_FROM_CONSOLE("sessionCredentialFromConsole"),
        TLS_DETAILS("tlsDetails", Kind.RAW),
        EDGE_DEVICE_DETAILS("edgeDeviceDetails", Kind.RAW),
        // Lake-only enrichment, never in trails; last, after the members AWS lists.
        EVENT_CONTEXT("eventContext", Kind.RAW);

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

    /** Members every record has, Insights events included. */
    static final Schema SCHEMA =
            Schema.of(Field.values(), Field.EVENT_VERSION, Field.EVENT_TIME, Field.AWS_REGION, Field.EVENT_ID);

    private static final long ALWAYS_WRITTEN =
            (1L << Field.REQUEST_PARAMETERS.ordinal()) | (1L << Field.RESPONSE_ELEMENTS.ordinal());

    final Members members;

    AuditEvent(Members members) {
        this.members = members;
    }

    /** Returns a builder for a new record, with eventVersion {@value #CURRENT_EVENT_VERSION}. */
    public static Builder builder() {
        return new Builder(new Members.Builder(SCHEMA)).eventVersion(CURRENT_EVENT_VERSION);
    }

    /**
     * Returns a builder that starts from this record's values and unknown members. The record it builds
     * is written in canonical order, and always has requestParameters and responseElements.
     */
    public Builder toBuilder() {
        return new Builder(new Members.Builder(members));
    }

    /** The record format version, such as {@code "1.11"}; present in every record. */
    public String eventVersion() {
        return requireNonNull(string(Field.EVENT_VERSION));
    }

    /** Who made the request; absent only in Insights events and in some service events. */
    public @Nullable UserIdentity userIdentity() {
        return (UserIdentity) members.get(Field.USER_IDENTITY.ordinal());
    }

    /** When the request completed, in whole seconds; present in every record. */
    public Instant eventTime() {
        return requireNonNull((Instant) members.get(Field.EVENT_TIME.ordinal()));
    }

    /** The service the request was made to, such as {@code iam.amazonaws.com}. */
    public @Nullable String eventSource() {
        return string(Field.EVENT_SOURCE);
    }

    /** The API action, such as {@code CreateUser}. */
    public @Nullable String eventName() {
        return string(Field.EVENT_NAME);
    }

    /** The region the request was made to; present in every record. */
    public String awsRegion() {
        return requireNonNull(string(Field.AWS_REGION));
    }

    /** The caller's IP address, or the calling service's DNS name, or {@code AWS Internal}. */
    public @Nullable String sourceIPAddress() {
        return string(Field.SOURCE_IP_ADDRESS);
    }

    /** The agent through which the request was made. */
    public @Nullable String userAgent() {
        return string(Field.USER_AGENT);
    }

    /** The service's error code, when the request failed. */
    public @Nullable String errorCode() {
        return string(Field.ERROR_CODE);
    }

    /** The service's error message, when the request failed. */
    public @Nullable String errorMessage() {
        return string(Field.ERROR_MESSAGE);
    }

    /** The request parameters; null when the record has {@code "requestParameters":null} or none. */
    public @Nullable RawJson requestParameters() {
        return raw(Field.REQUEST_PARAMETERS);
    }

    /** The response elements; null when the record has {@code "responseElements":null} or none. */
    public @Nullable RawJson responseElements() {
        return raw(Field.RESPONSE_ELEMENTS);
    }

    /** Additional data about the event that is not part of the request or response. */
    public @Nullable RawJson additionalEventData() {
        return raw(Field.ADDITIONAL_EVENT_DATA);
    }

    /** The service's request ID, the value of the response's {@code x-amzn-RequestId}. */
    public @Nullable String requestID() {
        return string(Field.REQUEST_ID);
    }

    /** The unique ID of this event, a GUID; present in every record. */
    public String eventID() {
        return requireNonNull(string(Field.EVENT_ID));
    }

    /** Whether the operation only reads, a JSON boolean. */
    public @Nullable Boolean readOnly() {
        return (Boolean) members.get(Field.READ_ONLY.ordinal());
    }

    /** The resources the request acted on, or null when the record has none. */
    @SuppressWarnings("unchecked")
    public @Nullable List<Resource> resources() {
        return (List<Resource>) members.get(Field.RESOURCES.ordinal());
    }

    /** The kind of event, such as {@code AwsApiCall} or {@code AwsServiceEvent}. */
    public @Nullable String eventType() {
        return string(Field.EVENT_TYPE);
    }

    /** The API version, for the services that report one. */
    public @Nullable String apiVersion() {
        return string(Field.API_VERSION);
    }

    /** Whether this is a management event (true) or a data event (false). */
    public @Nullable Boolean managementEvent() {
        return (Boolean) members.get(Field.MANAGEMENT_EVENT.ordinal());
    }

    /** The account that receives this copy of the event. */
    public @Nullable String recipientAccountId() {
        return string(Field.RECIPIENT_ACCOUNT_ID);
    }

    /** The ID shared by the copies of one event delivered to several accounts. */
    public @Nullable String sharedEventID() {
        return string(Field.SHARED_EVENT_ID);
    }

    /** The VPC endpoint the request came through. */
    public @Nullable String vpcEndpointId() {
        return string(Field.VPC_ENDPOINT_ID);
    }

    /** The account that owns the VPC endpoint the request came through. */
    public @Nullable String vpcEndpointAccountId() {
        return string(Field.VPC_ENDPOINT_ACCOUNT_ID);
    }

    /** What a service event was about; only in {@code AwsServiceEvent} records. */
    public @Nullable RawJson serviceEventDetails() {
        return raw(Field.SERVICE_EVENT_DETAILS);
    }

    /** The details of an Insights event; only in {@code AwsCloudTrailInsight} records. */
    public @Nullable RawJson insightDetails() {
        return raw(Field.INSIGHT_DETAILS);
    }

    /** The event category, such as {@code Management}, {@code Data} or {@code Insight}. */
    public @Nullable String eventCategory() {
        return string(Field.EVENT_CATEGORY);
    }

    /** Why the event was delivered late or updated, with what it changed. */
    public @Nullable RawJson addendum() {
        return raw(Field.ADDENDUM);
    }

    /** The string {@code "true"} when the request used console session credentials; otherwise absent. */
    public @Nullable String sessionCredentialFromConsole() {
        return string(Field.SESSION_CREDENTIAL_FROM_CONSOLE);
    }

    /** The TLS version, cipher suite and host header of the request. */
    public @Nullable RawJson tlsDetails() {
        return raw(Field.TLS_DETAILS);
    }

    /** The device a request to S3 on Outposts came from. */
    public @Nullable RawJson edgeDeviceDetails() {
        return raw(Field.EDGE_DEVICE_DETAILS);
    }

    /** CloudTrail Lake enrichment; never in trails. */
    public @Nullable RawJson eventContext() {
        return raw(Field.EVENT_CONTEXT);
    }

    /** The top-level members the model does not know, in the order they are written. */
    public Map<String, RawJson> otherMembers() {
        return members.others();
    }

    /** Whether the record writes the member called {@code name}, possibly as {@code null}. */
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
        return o instanceof AuditEvent that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    /** Names the event without its content, which may be sensitive. */
    @Override
    public String toString() {
        return "AuditEvent{eventID=" + eventID() + ", eventTime=" + eventTime() + ", eventSource=" + eventSource()
                + ", eventName=" + eventName() + "}";
    }

    /**
     * Collects the members of a record. Each method sets the member of the same name (null clears it);
     * {@link #build()} checks that the record has what every record of its kind has.
     */
    public static final class Builder {
        private final Members.Builder members;

        private Builder(Members.Builder members) {
            this.members = members;
        }

        public Builder eventVersion(@Nullable String eventVersion) {
            return set(Field.EVENT_VERSION, eventVersion);
        }

        public Builder userIdentity(@Nullable UserIdentity userIdentity) {
            return set(Field.USER_IDENTITY, userIdentity);
        }

        /**
         * Sets the time the request completed, truncated to the second as CloudTrail records it.
         *
         * @throws IllegalArgumentException if the year is not between 0000 and 9999
         */
        public Builder eventTime(@Nullable Instant eventTime) {
            if (eventTime != null) {
                if (!EventTime.isWritable(eventTime)) {
                    throw new IllegalArgumentException("eventTime " + eventTime
                            + " has no four-digit year; it must be written yyyy-MM-ddTHH:mm:ssZ");
                }
                eventTime = eventTime.truncatedTo(ChronoUnit.SECONDS);
            }
            return set(Field.EVENT_TIME, eventTime);
        }

        public Builder eventSource(@Nullable String eventSource) {
            return set(Field.EVENT_SOURCE, eventSource);
        }

        public Builder eventName(@Nullable String eventName) {
            return set(Field.EVENT_NAME, eventName);
        }

        public Builder awsRegion(@Nullable String awsRegion) {
            return set(Field.AWS_REGION, awsRegion);
        }

        public Builder sourceIPAddress(@Nullable String sourceIPAddress) {
            return set(Field.SOURCE_IP_ADDRESS, sourceIPAddress);
        }

        public Builder userAgent(@Nullable String userAgent) {
            return set(Field.USER_AGENT, userAgent);
        }

        public Builder errorCode(@Nullable String errorCode) {
            return set(Field.ERROR_CODE, errorCode);
        }

        public Builder errorMessage(@Nullable String errorMessage) {
            return set(Field.ERROR_MESSAGE, errorMessage);
        }

        /** Sets the request parameters; null and {@link RawJson#NULL} both write {@code null}. */
        public Builder requestParameters(@Nullable RawJson requestParameters) {
            return setRaw(Field.REQUEST_PARAMETERS, requestParameters);
        }

        /** Sets the response elements; null and {@link RawJson#NULL} both write {@code null}. */
        public Builder responseElements(@Nullable RawJson responseElements) {
            return setRaw(Field.RESPONSE_ELEMENTS, responseElements);
        }

        public Builder additionalEventData(@Nullable RawJson additionalEventData) {
            return setRaw(Field.ADDITIONAL_EVENT_DATA, additionalEventData);
        }

        public Builder requestID(@Nullable String requestID) {
            return set(Field.REQUEST_ID, requestID);
        }

        public Builder eventID(@Nullable String eventID) {
            return set(Field.EVENT_ID, eventID);
        }

        public Builder readOnly(@Nullable Boolean readOnly) {
            return set(Field.READ_ONLY, readOnly);
        }

        /** Sets the resources the request acted on; an empty list is written as {@code []}. */
        public Builder resources(@Nullable List<Resource> resources) {
            if (resources != null) {
                for (int i = 0; i < resources.size(); i++) {
                    requireNonNull(resources.get(i), "resources[" + i + "] is null");
                }
                resources = List.copyOf(resources);
            }
            return set(Field.RESOURCES, resources);
        }

        public Builder eventType(@Nullable String eventType) {
            return set(Field.EVENT_TYPE, eventType);
        }

        public Builder apiVersion(@Nullable String apiVersion) {
            return set(Field.API_VERSION, apiVersion);
        }

        public Builder managementEvent(@Nullable Boolean managementEvent) {
            return set(Field.MANAGEMENT_EVENT, managementEvent);
        }

        public Builder recipientAccountId(@Nullable String recipientAccountId) {
            return set(Field.RECIPIENT_ACCOUNT_ID, recipientAccountId);
        }

        public Builder sharedEventID(@Nullable String sharedEventID) {
            return set(Field.SHARED_EVENT_ID, sharedEventID);
        }

        public Builder vpcEndpointId(@Nullable String vpcEndpointId) {
            return set(Field.VPC_ENDPOINT_ID, vpcEndpointId);
        }

        public Builder vpcEndpointAccountId(@Nullable String vpcEndpointAccountId) {
            return set(Field.VPC_ENDPOINT_ACCOUNT_ID, vpcEndpointAccountId);
        }

        public Builder serviceEventDetails(@Nullable RawJson serviceEventDetails) {
            return setRaw(Field.SERVICE_EVENT_DETAILS, serviceEventDetails);
        }

        public Builder insightDetails(@Nullable RawJson insightDetails) {
            return setRaw(Field.INSIGHT_DETAILS, insightDetails);
        }

        public Builder eventCategory(@Nullable String eventCategory) {
            return set(Field.EVENT_CATEGORY, eventCategory);
        }

        public Builder addendum(@Nullable RawJson addendum) {
            return setRaw(Field.ADDENDUM, addendum);
        }

        /** Sets the string {@code "true"} when the request used console session credentials, else absent. */
        public Builder sessionCredentialFromConsole(boolean sessionCredentialFromConsole) {
            return set(Field.SESSION_CREDENTIAL_FROM_CONSOLE, sessionCredentialFromConsole ? "true" : null);
        }

        public Builder tlsDetails(@Nullable RawJson tlsDetails) {
            return setRaw(Field.TLS_DETAILS, tlsDetails);
        }

        public Builder edgeDeviceDetails(@Nullable RawJson edgeDeviceDetails) {
            return setRaw(Field.EDGE_DEVICE_DETAILS, edgeDeviceDetails);
        }

        public Builder eventContext(@Nullable RawJson eventContext) {
            return setRaw(Field.EVENT_CONTEXT, eventContext);
        }

        /**
         * Adds a top-level member the model does not know, written after the known ones; a null value
         * removes it.
         *
         * @throws IllegalArgumentException if {@code name} is a member the model knows
         */
        public Builder member(String name, @Nullable RawJson value) {
            members.other(name, value);
            return this;
        }

        /**
         * Returns the record.
         *
         * @throws IllegalStateException if a member every record of its kind has is not set: eventVersion,
         *     eventTime, eventID, awsRegion and eventType always, and userIdentity, eventSource and eventName
         *     unless it is an Insights event
         */
        public AuditEvent build() {
            require(Field.EVENT_VERSION);
            require(Field.EVENT_TIME);
            require(Field.EVENT_ID);
            require(Field.AWS_REGION);
            require(Field.EVENT_TYPE);
            boolean insight = INSIGHT_EVENT_TYPE.equals(members.get(Field.EVENT_TYPE));
            if (!insight) {
                require(Field.USER_IDENTITY);
                require(Field.EVENT_SOURCE);
                require(Field.EVENT_NAME);
            }
            return new AuditEvent(members.build(insight ? 0 : ALWAYS_WRITTEN));
        }

        private void require(Field field) {
            if (members.get(field) == null) {
                throw new IllegalStateException(field.jsonName() + " is not set; every "
                        + (field == Field.USER_IDENTITY || field == Field.EVENT_SOURCE || field == Field.EVENT_NAME
                                ? "record other than an Insights event"
                                : "record")
                        + " has one");
            }
        }

        private Builder set(Field field, @Nullable Object value) {
            members.set(field, value);
            return this;
        }

        private Builder setRaw(Field field, @Nullable RawJson value) {
            return set(field, value == null || value.isNull() ? null : value);
        }
    }
}

package dev.cairn.selector;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.Resource;
import dev.cairn.event.UserIdentity;
import org.jspecify.annotations.Nullable;

/**
 * A field of an event record that advanced selectors can test, by its {@code Field} name. The two
 * {@code resources.*} fields are read from one item of {@code resources} at a time; the others from the
 * record. Declared in the order a selector tests them: the category first, the resources last.
 */
enum EventField {
    EVENT_CATEGORY("eventCategory"),
    READ_ONLY("readOnly"),
    EVENT_SOURCE("eventSource"),
    EVENT_NAME("eventName"),
    EVENT_TYPE("eventType"),
    ERROR_CODE("errorCode"),
    VPC_ENDPOINT_ID("vpcEndpointId"),
    SESSION_CREDENTIAL_FROM_CONSOLE("sessionCredentialFromConsole"),
    USER_IDENTITY_ARN("userIdentity.arn"),
    RESOURCES_TYPE("resources.type"),
    RESOURCES_ARN("resources.ARN");

    private static final EventField[] ALL = values();

    private final String fieldName;

    EventField(String fieldName) {
        this.fieldName = fieldName;
    }

    String fieldName() {
        return fieldName;
    }

    /** Whether the field is read from an item of {@code resources}. */
    boolean ofResource() {
        return this == RESOURCES_TYPE || this == RESOURCES_ARN;
    }

    /** Returns the field called {@code name} (case sensitive), or null when selectors know no such field. */
    static @Nullable EventField named(String name) {
        for (EventField field : ALL) {
            if (field.fieldName.equals(name)) {
                return field;
            }
        }
        return null;
    }

    /**
     * Returns the field's value in {@code event}, or null when it has none; {@code category} is the event's
     * category as selectors see it. {@code readOnly} is {@code "true"} only for a record that says so, and
     * {@code sessionCredentialFromConsole} is {@code "false"} when absent.
     */
    @Nullable
    String of(AuditEvent event, String category) {
        return switch (this) {
            case EVENT_CATEGORY -> category;
            case READ_ONLY -> Boolean.TRUE.equals(event.readOnly()) ? "true" : "false";
            case EVENT_SOURCE -> event.eventSource();
            case EVENT_NAME -> event.eventName();
            case EVENT_TYPE -> event.eventType();
            case ERROR_CODE -> event.errorCode();
            case VPC_ENDPOINT_ID -> event.vpcEndpointId();
            case SESSION_CREDENTIAL_FROM_CONSOLE -> {
                String fromConsole = event.sessionCredentialFromConsole();
                yield fromConsole == null ? "false" : fromConsole;
            }
            case USER_IDENTITY_ARN -> {
                UserIdentity identity = event.userIdentity();
                yield identity == null ? null : identity.arn();
            }
            case RESOURCES_TYPE, RESOURCES_ARN -> null;
        };
    }

    /** Returns the field's value in one item of an event's {@code resources}; null for record fields. */
    @Nullable
    String of(Resource resource) {
        return switch (this) {
            case RESOURCES_TYPE -> resource.type();
            case RESOURCES_ARN -> resource.arn() != null ? resource.arn() : resource.arnPrefix();
            default -> null;
        };
    }
}

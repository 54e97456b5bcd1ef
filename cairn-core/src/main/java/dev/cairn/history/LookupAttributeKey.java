package dev.cairn.history;

/**
 * The attributes LookupEvents finds events by; each constant is named exactly as the API's
 * {@code AttributeKey} (case-sensitive), so {@link #valueOf} reads the wire value. What each one matches is
 * {@link HistoryFields#values}.
 */
public enum LookupAttributeKey {
    EventId,
    EventName,
    ReadOnly,
    Username,
    ResourceType,
    ResourceName,
    EventSource,
    AccessKeyId;

    /** Whether a lookup of Insights events may use this key: only EventId, EventName and EventSource. */
    public boolean appliesToInsights() {
        return this == EventId || this == EventName || this == EventSource;
    }
}

package dev.cairn.cli.events;

import static java.util.Objects.requireNonNull;

import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Lookup attributes that an event must all have (they are ANDed), split the only way LookupEvents allows:
 * the most selective one goes to the server, which takes one attribute per call, and the others are
 * matched here on the events it returns, with the server's own rules ({@link HistoryFields#values}).
 *
 * <p>Selectivity, most first ({@link #SELECTIVITY}): an EventId names one event; an AccessKeyId and a
 * ResourceName usually a handful; a Username everything one principal did; an EventName one action across
 * all principals; a ResourceType, an EventSource and ReadOnly are broad classes, ReadOnly about half of
 * everything. Sending the narrowest keeps the pages the server walks, and the events sent back only to be
 * dropped here, few.
 */
final class AttributeCriteria {
    /** The order in which an attribute is preferred for the server, most selective first. */
    static final List<LookupAttributeKey> SELECTIVITY = List.of(
            LookupAttributeKey.EventId,
            LookupAttributeKey.AccessKeyId,
            LookupAttributeKey.ResourceName,
            LookupAttributeKey.Username,
            LookupAttributeKey.EventName,
            LookupAttributeKey.ResourceType,
            LookupAttributeKey.EventSource,
            LookupAttributeKey.ReadOnly);

    private final Map<LookupAttributeKey, String> wanted;
    private final @Nullable LookupAttribute server;

    AttributeCriteria(Map<LookupAttributeKey, String> wanted) {
        requireNonNull(wanted, "wanted is null");
        this.wanted = wanted.isEmpty() ? new EnumMap<>(LookupAttributeKey.class) : new EnumMap<>(wanted);
        LookupAttribute chosen = null;
        for (LookupAttributeKey key : SELECTIVITY) {
            String value = this.wanted.get(key);
            if (value != null) {
                chosen = new LookupAttribute(key, value);
                break;
            }
        }
        this.server = chosen;
    }

    /** Returns criteria that every event meets. */
    static AttributeCriteria none() {
        return new AttributeCriteria(Map.of());
    }

    /** Returns the attribute to send to LookupEvents, or null when there is none. */
    @Nullable
    LookupAttribute serverAttribute() {
        return server;
    }

    /** Whether some attributes must be matched here, so that a page may hold events that are dropped. */
    boolean filtersClientSide() {
        return wanted.size() > 1;
    }

    /**
     * Whether {@code event}, returned by a lookup by {@link #serverAttribute()}, also has every other
     * attribute. The server's attribute is not checked again: the server has matched it.
     */
    boolean matches(HistoryEvent event) {
        for (Map.Entry<LookupAttributeKey, String> w : wanted.entrySet()) {
            if (server != null && w.getKey() == server.key()) {
                continue;
            }
            if (!HistoryFields.values(event, w.getKey()).contains(w.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "AttributeCriteria[server=" + server + ", all=" + wanted + "]";
    }
}

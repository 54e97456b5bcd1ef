package dev.cairn.history.lucene;

import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.HistoryResource;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.LookupCursor;
import dev.cairn.history.RecordText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The events a {@link LuceneEventStore} has added to its index writer but its searcher may not show yet,
 * kept in memory with what a lookup matches them by, so that a lookup searches them here instead of
 * refreshing the searcher for them.
 *
 * <p>Thread-safe: the store adds under its write lock, refreshes prune, and lookups search in parallel.
 */
final class UnrefreshedTail {

    /*
     * Notes
     * -----
     * Why. Every LookupEvents call is itself recorded, so each lookup finds one new event appended since
     * the last; refreshing for it wrote a segment of one or two events per lookup and put a third of the
     * server's CPU into refreshes and merges. Searching the few thousand newest events in memory costs
     * microseconds; the searcher is refreshed only once the tail outgrows a limit.
     *
     * Order. A lookup searches the tail first and acquires the searcher after. An event leaves the tail
     * only once a refresh whose searcher holds it has completed, so the searcher acquired after the tail
     * was searched holds every event missing from the tail; an event in both is returned once, by its
     * (time, sequence) key, which is unique.
     *
     * Bound. The tail holds at most `maxBytes` of records. An add that would pass it drops the whole tail
     * instead, and remembers the last add dropped: until a refresh shows that one, the tail is not
     * complete and lookups refresh before they use it. Only bulk indexing with nobody looking events up
     * (a catch-up) fills it, and it then costs neither a refresh nor a segment.
     */

    /**
     * One event of the tail: the writer's sequence number of its add, its lookup key (time, sequence), and
     * the newest key of the events added up to it, which bounds every event before it in the tail.
     */
    static final class Event {
        private final long seqNo;
        private final long time;
        private final long sequence;
        private final long newestTimeSoFar;
        private final long newestSequenceSoFar;
        private final HistoryRecord record;
        private final HistoryEvent fields;

        /** {@link #shown()} once made: the newest events are shown by every lookup of the newest page. */
        private volatile @Nullable HistoryEvent shown;

        Event(
                long seqNo,
                long time,
                long sequence,
                long newestTimeSoFar,
                long newestSequenceSoFar,
                HistoryRecord record,
                HistoryEvent fields) {
            this.seqNo = seqNo;
            this.time = time;
            this.sequence = sequence;
            this.newestTimeSoFar = newestTimeSoFar;
            this.newestSequenceSoFar = newestSequenceSoFar;
            this.record = record;
            this.fields = fields;
        }

        long seqNo() {
            return seqNo;
        }

        long time() {
            return time;
        }

        long sequence() {
            return sequence;
        }

        long newestTimeSoFar() {
            return newestTimeSoFar;
        }

        long newestSequenceSoFar() {
            return newestSequenceSoFar;
        }

        HistoryRecord record() {
            return record;
        }

        HistoryEvent fields() {
            return fields;
        }

        /** The event as LookupEvents shows it, with its record as journaled; the same object every time. */
        HistoryEvent shown() {
            HistoryEvent made = shown;
            if (made == null) {
                made = new HistoryEvent(
                        fields.eventId(),
                        fields.eventName(),
                        fields.readOnly(),
                        fields.accessKeyId(),
                        Instant.ofEpochSecond(time),
                        fields.eventSource(),
                        fields.username(),
                        fields.resources(),
                        RecordText.ofJson(record.json()));
                shown = made; // a race makes two equal ones, either is fine
            }
            return made;
        }
    }

    /** Newest first: time descending, then sequence descending, as the index sort. */
    static final Comparator<Event> NEWEST_FIRST = UnrefreshedTail::compareNewestFirst;

    /** Oldest first, for the heap whose head is the one to evict. */
    private static final Comparator<Event> OLDEST_FIRST = (a, b) -> compareNewestFirst(b, a);

    /** Roughly what an event costs besides its record: the entry, its fields and the deque slot. */
    private static final long EVENT_OVERHEAD_BYTES = 256;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** In the order added, which is ascending seqNo; guarded by lock. */
    private final Ring events = new Ring();

    /** The events by eventID, for EventId lookups; guarded by lock. */
    private final HashMap<String, Event> byId = new HashMap<>();

    private final long maxBytes;

    private volatile int size;
    private volatile long bytes;

    /** The writer's sequence number of the last add dropped; guarded by lock. */
    private long droppedUpTo = -1;

    /** Creates an empty tail that holds at most {@code maxBytes} of records. */
    UnrefreshedTail(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds an event that the writer added with sequence number {@code seqNo}. */
    void add(long seqNo, long sequence, HistoryRecord record, HistoryEvent fields) {
        long time = record.eventTime().getEpochSecond();
        lock.writeLock().lock();
        try {
            Event last = events.peekLast();
            if (last != null && bytes + record.json().length + EVENT_OVERHEAD_BYTES > maxBytes) {
                droppedUpTo = last.seqNo();
                events.clear();
                byId.clear();
                bytes = 0;
                last = null;
            }
            boolean newest = last == null
                    || compareNewestFirst(time, sequence, last.newestTimeSoFar(), last.newestSequenceSoFar()) < 0;
            Event event = new Event(
                    seqNo,
                    time,
                    sequence,
                    newest ? time : last.newestTimeSoFar(),
                    newest ? sequence : last.newestSequenceSoFar(),
                    record,
                    fields);
            events.addLast(event, attributeBitsOf(fields));
            byId.put(fields.eventId(), event);
            size = events.size();
            bytes += costOf(event);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops the events whose adds have sequence numbers up to {@code visibleSeqNo}, which a searcher shows. */
    void pruneUpTo(long visibleSeqNo) {
        lock.writeLock().lock();
        try {
            long freed = 0;
            while (!events.isEmpty() && events.peekFirst().seqNo() <= visibleSeqNo) {
                Event event = events.removeFirst();
                byId.remove(event.fields().eventId(), event);
                freed += costOf(event);
            }
            size = events.size();
            bytes -= freed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops every event. */
    void clear() {
        lock.writeLock().lock();
        try {
            events.clear();
            byId.clear();
            size = 0;
            bytes = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How many events the tail holds. */
    int size() {
        return size;
    }

    /**
     * Returns, newest first, at most {@code limit} events of the tail in scope whose time is between
     * {@code start} and {@code end} seconds, both included, that have {@code attribute} (any when null)
     * and come after {@code after} (from the newest when null); or null when the tail dropped events
     * that the searcher, as {@code visibleSeqNo} says, may not show yet: a refresh must come first.
     */
    @Nullable
    List<Event> newest(
            LongSupplier visibleSeqNo,
            boolean insight,
            String accountId,
            String region,
            @Nullable LookupAttribute attribute,
            long start,
            long end,
            @Nullable LookupCursor after,
            int limit) {
        // the newest `limit` so far, oldest at the head to be evicted; the tail is mostly in time order, so
        // once the heap is full most older events are turned away by one comparison with its head
        PriorityQueue<Event> found = new PriorityQueue<>(limit + 1, OLDEST_FIRST);
        long attributeBit = attribute == null ? 0 : bitOf(attribute.key(), attribute.value());
        lock.readLock().lock();
        try {
            if (droppedUpTo > visibleSeqNo.getAsLong()) {
                return null;
            }
            if (attribute != null && attribute.key() == LookupAttributeKey.EventId) {
                Event event = byId.get(attribute.value());
                return event != null && matches(event, insight, accountId, region, null, start, end, after)
                        ? List.of(event)
                        : List.of();
            }
            for (int i = events.size() - 1; i >= 0; i--) {
                if (attributeBit != 0 && (events.bits(i) & attributeBit) == 0) {
                    continue; // does not have the value; read from an array of longs, not from the event
                }
                Event event = events.get(i);
                if (found.size() == limit
                        && compareNewestFirst(found.peek(), event.newestTimeSoFar(), event.newestSequenceSoFar()) < 0) {
                    break; // this event and all before it are older than every one kept
                }
                if (found.size() == limit && compareNewestFirst(event, found.peek()) > 0) {
                    continue; // older than every one kept
                }
                if (!matches(event, insight, accountId, region, attribute, start, end, after)) {
                    continue;
                }
                if (found.size() == limit) {
                    found.poll();
                }
                found.add(event);
            }
        } finally {
            lock.readLock().unlock();
        }
        List<Event> newest = new ArrayList<>(found);
        newest.sort(NEWEST_FIRST);
        return newest;
    }

    /** Negative when {@code a} comes first newest-first; events of the tail are never equal. */
    private static int compareNewestFirst(Event a, Event b) {
        return compareNewestFirst(a.time(), a.sequence(), b.time(), b.sequence());
    }

    private static int compareNewestFirst(Event a, long timeB, long sequenceB) {
        return compareNewestFirst(a.time(), a.sequence(), timeB, sequenceB);
    }

    private static int compareNewestFirst(long timeA, long sequenceA, long timeB, long sequenceB) {
        return NewestMatches.compareNewestFirst(timeA, sequenceA, timeB, sequenceB);
    }

    private static boolean matches(
            Event event,
            boolean insight,
            String accountId,
            String region,
            @Nullable LookupAttribute attribute,
            long start,
            long end,
            @Nullable LookupCursor after) {
        if (event.time() < start || event.time() > end || (after != null && !before(event, after))) {
            return false;
        }
        HistoryRecord record = event.record();
        return record.insight() == insight
                && record.accountId().equals(accountId)
                && record.awsRegion().equals(region)
                && (attribute == null || has(event, attribute));
    }

    /** Whether {@code event} comes after {@code cursor} in newest-first order. */
    private static boolean before(Event event, LookupCursor cursor) {
        return event.time() < cursor.eventTimeSeconds()
                || (event.time() == cursor.eventTimeSeconds() && event.sequence() < cursor.sequence());
    }

    /**
     * Returns the bits of every value {@code fields} has for a lookup attribute other than EventId (found by
     * its own map): a superset of what {@link HistoryFields#has} matches, so an event without the bit of a
     * value does not have it. With about ten values an event, one lookup in seven or so looks further.
     */
    static long attributeBitsOf(HistoryEvent fields) {
        long bits = bitOf(LookupAttributeKey.EventName, fields.eventName())
                | bitOf(LookupAttributeKey.ReadOnly, fields.readOnly())
                | bitOf(LookupAttributeKey.Username, fields.username())
                | bitOf(LookupAttributeKey.EventSource, fields.eventSource())
                | bitOf(LookupAttributeKey.AccessKeyId, fields.accessKeyId());
        for (HistoryResource resource : fields.resources()) {
            bits |= bitOf(LookupAttributeKey.ResourceType, resource.resourceType())
                    | bitOf(LookupAttributeKey.ResourceName, resource.resourceName());
        }
        return bits;
    }

    /** Returns the bit of {@code value} under {@code key}: one of 64, by their hash; 0 for no value. */
    static long bitOf(LookupAttributeKey key, @Nullable String value) {
        if (value == null) {
            return 0;
        }
        int hash = (value.hashCode() * 31 + key.ordinal()) * 0x9E3779B9; // Fibonacci: the high bits mix all
        return 1L << (hash >>> 26);
    }

    private static boolean has(Event event, LookupAttribute attribute) {
        if (attribute.key() == LookupAttributeKey.EventId) {
            return event.fields().eventId().equals(attribute.value());
        }
        return HistoryFields.has(event.fields(), attribute.key(), attribute.value());
    }

    private static long costOf(Event event) {
        return event.record().json().length + EVENT_OVERHEAD_BYTES;
    }
    /**
     * The tail's events in the order added, in a ring that grows by doubling, with each event's attribute
     * bits in an array of their own: a lookup for a value few events have reads 8 bytes an event, in
     * order, instead of following a reference to each. Guarded by the tail's lock.
     */
    private static final class Ring {
        private Event[] events = new Event[64];
        private long[] bits = new long[64];
        private int head;
        private int size;

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** The {@code i}th event, oldest first. */
        Event get(int i) {
            return events[(head + i) & (events.length - 1)];
        }

        long bits(int i) {
            return bits[(head + i) & (bits.length - 1)];
        }

        @Nullable
        Event peekFirst() {
            return size == 0 ? null : events[head];
        }

        @Nullable
        Event peekLast() {
            return size == 0 ? null : get(size - 1);
        }

        void addLast(Event event, long attributeBits) {
            if (size == events.length) {
                Event[] grownEvents = new Event[size * 2];
                long[] grownBits = new long[size * 2];
                for (int i = 0; i < size; i++) {
                    grownEvents[i] = get(i);
                    grownBits[i] = bits(i);
                }
                events = grownEvents;
                bits = grownBits;
                head = 0;
            }
            int at = (head + size) & (events.length - 1);
            events[at] = event;
            bits[at] = attributeBits;
            size++;
        }

        Event removeFirst() {
            Event first = events[head];
            events[head] = null;
            head = (head + 1) & (events.length - 1);
            size--;
            return first;
        }

        void clear() {
            Arrays.fill(events, null);
            head = 0;
            size = 0;
        }
    }
}

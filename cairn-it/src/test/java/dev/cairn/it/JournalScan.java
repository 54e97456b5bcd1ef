package dev.cairn.it;

import static java.util.Objects.requireNonNull;

import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import dev.cairn.journal.segment.SegmentJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Every event in a server's journal, read in this JVM with the journal module's own reader and parsed with
 * {@link CloudTrailJson}: what the server really made durable, independent of any API that serves events.
 *
 * <p>{@link #read} never opens the server's directory itself: it copies the segment files (not {@code LOCK})
 * to a fresh directory and opens the copy, because opening a journal recovers it, which may truncate a torn
 * tail. So the evidence stays as the server left it, and the copy can be taken while a server still runs (the
 * copy then ends at a record boundary or in a torn record that recovery drops; either way every record whose
 * append had returned before the copy began is in it).
 */
final class JournalScan {
    private static final Duration NO_WAIT = Duration.ZERO;

    private final Path copy;
    private final List<AuditEvent> events;

    private JournalScan(Path copy, List<AuditEvent> events) {
        this.copy = copy;
        this.events = List.copyOf(events);
    }

    /**
     * Copies the journal in {@code journalDirectory} to {@code copyDirectory} (which must not exist yet) and
     * reads every record of the copy.
     *
     * @throws AssertionError naming the record when a record is not a valid CloudTrail event
     */
    static JournalScan read(Path journalDirectory, Path copyDirectory) {
        requireNonNull(journalDirectory, "journalDirectory is null");
        requireNonNull(copyDirectory, "copyDirectory is null");
        if (!Files.isDirectory(journalDirectory)) {
            throw new AssertionError("there is no journal directory " + journalDirectory);
        }
        copyTree(journalDirectory, copyDirectory);
        List<AuditEvent> events = new ArrayList<>();
        try (SegmentJournal journal = SegmentJournal.open(copyDirectory);
                JournalReader reader = journal.reader(JournalPosition.beginning())) {
            JournalPosition end = journal.end();
            while (true) {
                List<JournalRecord> batch = reader.poll(1000, NO_WAIT);
                if (batch.isEmpty()) {
                    break;
                }
                for (JournalRecord record : batch) {
                    try {
                        events.add(CloudTrailJson.parse(record.payload()));
                    } catch (RuntimeException e) {
                        throw new AssertionError(
                                "journal record " + record + " in " + copyDirectory + " is not a CloudTrail event", e);
                    }
                }
            }
            if (!reader.position().isAtOrAfter(end)) {
                throw new AssertionError("reading " + copyDirectory + " stopped at " + reader.position()
                        + ", before the journal's end " + end);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + copyDirectory, e);
        }
        return new JournalScan(copyDirectory, events);
    }

    /** Returns every event, in journal order. */
    List<AuditEvent> events() {
        return events;
    }

    /** Returns the events named {@code eventName}, in journal order. */
    List<AuditEvent> events(String eventName) {
        return events.stream().filter(e -> eventName.equals(e.eventName())).toList();
    }

    /**
     * Returns the requestID of every event: the set an acknowledged call's request id must be in. (Another
     * source of events, such as LookupEvents, can be checked against the same acknowledged ids.)
     */
    Set<String> requestIds() {
        Set<String> ids = new HashSet<>();
        for (AuditEvent event : events) {
            if (event.requestID() != null) {
                ids.add(event.requestID());
            }
        }
        return ids;
    }

    /** Returns the events by requestID; a request id with several events keeps its first (see {@link #duplicateRequestIds}). */
    Map<String, AuditEvent> byRequestId() {
        Map<String, AuditEvent> out = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            if (event.requestID() != null) {
                out.putIfAbsent(event.requestID(), event);
            }
        }
        return out;
    }

    /**
     * Returns the last event journaled for each requestID: a call's correction (same requestID, an error
     * and an addendum) comes after the event it corrects, and is what the record says of the call.
     */
    Map<String, AuditEvent> latestByRequestId() {
        Map<String, AuditEvent> out = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            if (event.requestID() != null) {
                out.put(event.requestID(), event);
            }
        }
        return out;
    }

    /** Returns each eventID found more than once, with how often. */
    Map<String, Integer> duplicateEventIds() {
        return duplicates(events.stream().map(AuditEvent::eventID).toList());
    }

    /** Returns each requestID found more than once, with how often. */
    Map<String, Integer> duplicateRequestIds() {
        return duplicates(events.stream()
                .map(AuditEvent::requestID)
                .filter(id -> id != null)
                .toList());
    }

    /** Returns the {@code userName} request parameter of an IAM event, or null. */
    static @Nullable String userName(AuditEvent event) {
        var parameters = event.requestParameters();
        return parameters == null || !parameters.isObject() ? null : RawHttp.json(parameters.json(), "userName");
    }

    /** Returns where the copy that was read lives. */
    Path copy() {
        return copy;
    }

    @Override
    public String toString() {
        return events.size() + " events in " + copy;
    }

    private static Map<String, Integer> duplicates(List<@Nullable String> values) {
        Map<String, Integer> counts = new HashMap<>();
        for (String value : values) {
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((value, n) -> {
            if (n > 1) {
                out.put(value, n);
            }
        });
        return out;
    }

    /** Copies a directory tree, leaving out lock files, which belong to the process that made them. */
    static void copyTree(Path from, Path to) {
        if (Files.exists(to)) {
            throw new IllegalStateException(to + " exists already");
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().equals("LOCK")) {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }
}

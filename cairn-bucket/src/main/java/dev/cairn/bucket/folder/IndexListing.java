package dev.cairn.bucket.folder;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectKeys;
import dev.cairn.bucket.ObjectListing;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One page of a bucket's keys, read from its index folder. The walk visits folders depth first, each
 * folder's entries in key order, and skips whole folders that cannot hold a key of the page: those outside
 * the prefix, those before {@code startAfter}, and those rolled up into a common prefix. So a listing reads
 * the folders along its prefix and the records of its page, not the whole bucket.
 *
 * <p>Within a folder, a record for segment {@code s} stands for key {@code P + s} and a folder for keys
 * {@code P + s + "/" + ...}, where {@code P} is the folder's own key prefix. Sorting entries by {@code s},
 * and by {@code s + "/"} for folders, in UTF-8 byte order gives the keys in order, since all keys under a
 * folder share its prefix and no other key of the parent does.
 */
final class IndexListing {
    private static final Logger log = LoggerFactory.getLogger(IndexListing.class);

    /** Reads the record at a path, or returns null if it was deleted meanwhile. */
    interface RecordReader {
        @Nullable
        ObjectRecord read(Path record) throws IOException;
    }

    private record Entry(
            String segment,
            boolean folder,
            Path path,
            @Nullable ObjectRecord record) {
        String sortKey() {
            return folder ? segment + "/" : segment;
        }
    }

    private record Frame(String keyPrefix, List<Entry> entries, int[] next) {}

    private final Path index;
    private final RecordReader reader;
    private final @Nullable String prefix;
    private final @Nullable String delimiter;
    private final @Nullable String startAfter;
    private final int maxKeys;

    IndexListing(Path index, ListRequest request, RecordReader reader) {
        this.index = index;
        this.reader = reader;
        this.prefix = emptyToNull(ObjectKeys.checkWellFormed("prefix", request.prefix()));
        this.delimiter = emptyToNull(ObjectKeys.checkWellFormed("delimiter", request.delimiter()));
        this.startAfter = emptyToNull(ObjectKeys.checkWellFormed("startAfter", request.startAfter()));
        this.maxKeys = request.maxKeys();
    }

    ObjectListing run() throws IOException {
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;

        // Start in the folder of the prefix's whole segments: "AWSLogs/1/Cloud" starts in AWSLogs/1.
        String start = prefix == null ? "" : prefix.substring(0, prefix.lastIndexOf('/') + 1);
        Path folder = index;
        if (!start.isEmpty()) {
            List<String> segments = Names.segments(start);
            for (String segment : segments.subList(0, segments.size() - 1)) {
                folder = folder.resolve(Names.indexName(segment));
            }
        }
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(start, entries(folder), new int[1]));

        walk:
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.next()[0] == frame.entries().size()) {
                stack.pop();
                continue;
            }
            Entry entry = frame.entries().get(frame.next()[0]++);
            if (entry.folder()) {
                String under = frame.keyPrefix() + entry.segment() + "/";
                if (prefix != null && !under.startsWith(prefix) && !prefix.startsWith(under)) {
                    continue;
                }
                if (startAfter != null && ObjectKeys.compare(under, startAfter) < 0 && !startAfter.startsWith(under)) {
                    continue; // every key below sorts before startAfter
                }
                String rolledUp = commonPrefix(under);
                if (rolledUp == null) {
                    stack.push(new Frame(under, entries(entry.path()), new int[1]));
                    continue;
                }
                if (rolledUp.equals(last) || (startAfter != null && ObjectKeys.compare(rolledUp, startAfter) <= 0)) {
                    continue;
                }
                if (!holdsRecord(entry.path())) {
                    continue;
                }
                if (objects.size() + prefixes.size() == maxKeys) {
                    truncated = true;
                    break walk;
                }
                prefixes.add(rolledUp);
                last = rolledUp;
            } else {
                String key = frame.keyPrefix() + entry.segment();
                if (prefix != null && !key.startsWith(prefix)) {
                    continue;
                }
                String rolledUp = commonPrefix(key);
                String listed = rolledUp == null ? key : rolledUp;
                if (listed.equals(last) || (startAfter != null && ObjectKeys.compare(listed, startAfter) <= 0)) {
                    continue;
                }
                ObjectRecord record = null;
                if (rolledUp == null) {
                    record = entry.record() != null ? entry.record() : reader.read(entry.path());
                    if (record == null) {
                        continue;
                    }
                }
                if (objects.size() + prefixes.size() == maxKeys) {
                    truncated = true;
                    break;
                }
                if (record == null) {
                    prefixes.add(listed);
                } else {
                    objects.add(record.info());
                }
                last = listed;
            }
        }
        return new ObjectListing(objects, prefixes, truncated, truncated ? last : null);
    }

    /** Returns the common prefix {@code text} rolls up into: up to the first delimiter after the prefix. */
    private @Nullable String commonPrefix(String text) {
        if (delimiter == null) {
            return null;
        }
        int from = 0;
        if (prefix != null) {
            if (!text.startsWith(prefix)) {
                return null;
            }
            from = prefix.length();
        }
        int at = text.indexOf(delimiter, from);
        return at < 0 ? null : text.substring(0, at + delimiter.length());
    }

    /** Returns the entries of an index folder in key order; none if it does not exist. */
    private List<Entry> entries(Path folder) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path path : stream) {
                String name = path.getFileName().toString();
                if (name.equals(Names.SEGMENT_FILE)) {
                    continue;
                }
                boolean record = name.endsWith(Names.RECORD_SUFFIX);
                String base = record ? name.substring(0, name.length() - Names.RECORD_SUFFIX.length()) : name;
                ObjectRecord read = null;
                String segment;
                if (!Names.isHashed(base)) {
                    segment = Names.decode(base);
                } else if (record) {
                    read = reader.read(path);
                    segment = read == null ? null : lastSegment(read.info().key());
                } else {
                    segment = hashedFolderSegment(path);
                }
                if (segment == null) {
                    log.warn("Ignoring {} in the object index: it is not a name the store makes", path);
                    continue;
                }
                entries.add(new Entry(segment, !record, path, read));
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of(); // nothing under this prefix, or a folder deleted meanwhile
        }
        entries.sort(Comparator.comparing(Entry::sortKey, ObjectKeys.ORDER));
        return entries;
    }

    private static @Nullable String hashedFolderSegment(Path folder) throws IOException {
        try {
            return new String(Files.readAllBytes(folder.resolve(Names.SEGMENT_FILE)), UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Returns whether {@code folder} or a folder below it holds a record. */
    static boolean holdsRecord(Path folder) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path path : stream) {
                String name = path.getFileName().toString();
                if (name.endsWith(Names.RECORD_SUFFIX) || (!name.equals(Names.SEGMENT_FILE) && holdsRecord(path))) {
                    return true;
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
        return false;
    }

    private static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static @Nullable String emptyToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

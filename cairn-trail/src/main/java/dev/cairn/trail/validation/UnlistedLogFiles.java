package dev.cairn.trail.validation;

import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The check validate-logs lacks: log files in a trail's log folder that no digest lists although valid
 * digests cover the time they were delivered, such as a file put there after delivery.
 *
 * <p>Notes. A log file's key gives its delivery time to the minute ({@code ..._20240501T1015Z_<unique>.json.gz}),
 * so it was delivered somewhere in {@code [minute, minute + 1 min)}; it is expected in a digest only when that
 * whole minute lies within the time that the digests whose signatures verified cover, merged where windows
 * touch. A minute at the edge of that time may belong to a digest that was not read (the next one, not yet
 * written, or outside the range) and is not reported. An object whose name is not a log file name of the
 * account and region is judged by its last-modified time instead. Only the day folders ({@code
 * .../CloudTrail/<region>/YYYY/MM/DD/}) of covered days are listed, in the bucket of the digests that
 * cover them. Digests that failed their checks cover nothing: their own failure is already reported.
 *
 * <p>Several trails may deliver to the same bucket and prefix, and so to the same log folder; a file of
 * another trail is listed by that trail's digests. So the digests of other trails in the digest folders of
 * the covered days (and the day after) are read too, and the files they list count as listed when their
 * signatures verify.
 */
final class UnlistedLogFiles {

    private static final Duration KEY_PRECISION = Duration.ofMinutes(1);
    private static final DateTimeFormatter DAY_FOLDER =
            DateTimeFormatter.ofPattern("uuuu/MM/dd").withZone(ZoneOffset.UTC);

    private record Window(Instant start, Instant end) {}

    /** Reads a digest of another trail: the {@code bucket/key} of each log file it lists, or null if invalid. */
    interface OtherDigests {
        @Nullable
        List<String> listedBy(String bucket, String key);
    }

    private final ValidationRequest request;
    private final Map<String, List<Window>> windowsByBucket = new TreeMap<>();
    private final Set<String> listed = new HashSet<>();
    private final Pattern logFileName;
    private final Pattern digestName;

    UnlistedLogFiles(ValidationRequest request) {
        this.request = request;
        this.logFileName = Pattern.compile(Pattern.quote(request.account()) + "_CloudTrail_"
                + Pattern.quote(request.sourceRegion()) + "_(\\d{8}T\\d{4}Z)_[A-Za-z0-9]{16}\\.json\\.gz");
        this.digestName = Pattern.compile(
                Pattern.quote(request.account()) + "_CloudTrail-Digest_" + Pattern.quote(request.sourceRegion())
                        + "_(.+)_([a-z0-9-]+)_\\d{8}T\\d{6}Z(?:_backfill)?\\.json\\.gz");
    }

    /** Records that a verified digest in {@code bucket} covers {@code [start, end]}. */
    void covered(String bucket, Instant start, Instant end) {
        if (!end.isBefore(start)) {
            windowsByBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(new Window(start, end));
        }
    }

    /** Records that a verified digest lists the log file {@code bucket}/{@code key}. */
    void listed(String bucket, String key) {
        listed.add(bucket + "/" + key);
    }

    /**
     * Lists the covered day folders and reports each log file there that no verified digest lists, this
     * trail's or, read with {@code others}, another's.
     */
    void check(ObjectStore store, OtherDigests others, Consumer<LogFileResult> unlisted) {
        String logFolder = request.accountFolder() + "CloudTrail/" + request.sourceRegion() + "/";
        String digestFolder = request.accountFolder() + "CloudTrail-Digest/" + request.sourceRegion() + "/";
        for (Map.Entry<String, List<Window>> entry : windowsByBucket.entrySet()) {
            String bucket = entry.getKey();
            List<Window> covered = merge(entry.getValue());
            Set<LocalDate> days = new TreeSet<>();
            for (Window w : covered) {
                LocalDate last = LocalDate.ofInstant(w.end(), ZoneOffset.UTC);
                for (LocalDate d = LocalDate.ofInstant(w.start(), ZoneOffset.UTC);
                        !d.isAfter(last);
                        d = d.plusDays(1)) {
                    days.add(d);
                }
            }
            Set<LocalDate> digestDays = new TreeSet<>(days);
            days.forEach(d -> digestDays.add(d.plusDays(1)));
            for (LocalDate day : digestDays) {
                String folder = digestFolder + DAY_FOLDER.format(day.atStartOfDay(ZoneOffset.UTC)) + "/";
                for (ObjectInfo object : list(store, bucket, folder)) {
                    Matcher name = digestName.matcher(object.key().substring(folder.length()));
                    boolean ours = name.matches()
                            && name.group(1).equals(request.trailName())
                            && name.group(2).equals(request.homeRegion());
                    if (name.matches() && !ours) {
                        @Nullable List<String> files = others.listedBy(bucket, object.key());
                        if (files != null) {
                            listed.addAll(files);
                        }
                    }
                }
            }
            for (LocalDate day : days) {
                String folder = logFolder + DAY_FOLDER.format(day.atStartOfDay(ZoneOffset.UTC)) + "/";
                for (ObjectInfo object : list(store, bucket, folder)) {
                    String key = object.key();
                    if (key.endsWith("/") || listed.contains(bucket + "/" + key)) {
                        continue;
                    }
                    if (expected(covered, key.substring(folder.length()), object.lastModified())) {
                        unlisted.accept(new LogFileResult(bucket, key, LogFileResult.NOT_LISTED));
                    }
                }
            }
        }
    }

    /** Returns whether a file named {@code name} in a day folder was delivered within the covered time. */
    private boolean expected(List<Window> covered, String name, Instant lastModified) {
        Matcher m = logFileName.matcher(name);
        @Nullable Instant minute = null;
        if (m.matches()) {
            try {
                minute = Instant.from(CloudTrailDates.LOG_KEY.parse(m.group(1)));
            } catch (DateTimeException e) {
                minute = null;
            }
        }
        for (Window w : covered) {
            boolean inside = minute != null
                    ? !minute.isBefore(w.start()) && !minute.plus(KEY_PRECISION).isAfter(w.end())
                    : !lastModified.isBefore(w.start()) && !lastModified.isAfter(w.end());
            if (inside) {
                return true;
            }
        }
        return false;
    }

    private static List<ObjectInfo> list(ObjectStore store, String bucket, String prefix) {
        List<ObjectInfo> objects = new ArrayList<>();
        @Nullable String after = null;
        while (true) {
            ObjectListing page;
            try {
                page = store.list(bucket, new ListRequest(prefix, null, after, 1000));
            } catch (ObjectStoreException e) {
                throw LogValidator.aborted("ListObjects", e);
            }
            objects.addAll(page.objects());
            if (!page.truncated() || page.objects().isEmpty() && page.nextStartAfter() == null) {
                return objects;
            }
            after = page.nextStartAfter() != null
                    ? page.nextStartAfter()
                    : page.objects().getLast().key();
        }
    }

    /** Returns the windows sorted, with those that overlap or touch joined. */
    private static List<Window> merge(List<Window> windows) {
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparing(Window::start));
        List<Window> merged = new ArrayList<>();
        for (Window w : sorted) {
            if (!merged.isEmpty() && !w.start().isAfter(merged.getLast().end())) {
                Window last = merged.removeLast();
                merged.add(new Window(last.start(), w.end().isAfter(last.end()) ? w.end() : last.end()));
            } else {
                merged.add(w);
            }
        }
        return merged;
    }
}

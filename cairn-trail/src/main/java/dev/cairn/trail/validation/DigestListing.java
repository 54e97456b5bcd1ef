package dev.cairn.trail.validation;

import dev.cairn.bucket.ListRequest;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.bucket.ObjectListing;
import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The digest keys of one trail chain in one bucket over a range, listed as validate-logs lists them (spec
 * 3.7 step 6): after the key a digest ending a minute before the start would have, under {@code
 * [prefix/]AWSLogs/account/CloudTrail-Digest/sourceRegion}, only keys of the trail's digests, dated from the
 * start to an hour after the end, compared as text; standard and backfill keys apart, each in listing order.
 *
 * @param standard the standard digest keys, oldest first
 * @param backfill the backfill digest keys ({@code _backfill.json.gz}), oldest first
 */
record DigestListing(List<String> standard, List<String> backfill) {

    static final String BACKFILL_SUFFIX = "_backfill.json.gz";

    /** Lists the digest keys of {@code request}'s trail in {@code bucket} for {@code [start, end]}. */
    static DigestListing list(ObjectStore store, ValidationRequest request, String bucket, Instant start, Instant end) {
        String folder = request.accountFolder() + "CloudTrail-Digest/" + request.sourceRegion();
        Instant markerTime = start.minus(Duration.ofMinutes(1));
        String marker = folder + "/" + dateFolder(markerTime) + "/" + request.account() + "_CloudTrail-Digest_"
                + request.sourceRegion() + "_" + request.trailName() + "_" + request.homeRegion() + "_"
                + CloudTrailDates.KEY.format(markerTime) + ".json.gz";
        Pattern trailDigest = Pattern.compile("^"
                + (request.prefix() == null ? "" : Pattern.quote(request.prefix()) + "/")
                + "AWSLogs/" + Pattern.quote(request.account()) + "/CloudTrail-Digest/"
                + Pattern.quote(request.sourceRegion()) + "/\\d+/\\d+/\\d+/" + Pattern.quote(request.account())
                + "_CloudTrail-Digest_" + Pattern.quote(request.sourceRegion()) + "_"
                + Pattern.quote(request.trailName()) + "_" + Pattern.quote(request.homeRegion())
                + "_.+(?:_backfill)?\\.json\\.gz$");
        String from = CloudTrailDates.KEY.format(start);
        String to = CloudTrailDates.KEY.format(end.plus(Duration.ofHours(1)));
        List<String> standard = new ArrayList<>();
        List<String> backfill = new ArrayList<>();
        @Nullable String after = marker;
        scan:
        while (true) {
            ObjectListing page;
            try {
                page = store.list(bucket, new ListRequest(folder, null, after, 1000));
            } catch (ObjectStoreException e) {
                throw LogValidator.aborted("ListObjects", e);
            }
            for (ObjectInfo object : page.objects()) {
                String key = object.key();
                if (!trailDigest.matcher(key).find()) {
                    continue;
                }
                String date = keyDate(key);
                if (date.compareTo(to) > 0) {
                    break scan;
                }
                if (date.compareTo(from) < 0 || keyTime(key) == null) {
                    continue;
                }
                (key.endsWith(BACKFILL_SUFFIX) ? backfill : standard).add(key);
            }
            if (!page.truncated() || page.objects().isEmpty() && page.nextStartAfter() == null) {
                break;
            }
            after = page.nextStartAfter() != null
                    ? page.nextStartAfter()
                    : page.objects().getLast().key();
        }
        return new DigestListing(standard, backfill);
    }

    /** Returns the 16 characters of a digest key that hold its end time, as validate-logs cuts them out. */
    static String keyDate(String key) {
        return key.endsWith(BACKFILL_SUFFIX)
                ? key.substring(key.length() - 33, key.length() - 17)
                : key.substring(key.length() - 24, key.length() - 8);
    }

    /** Returns the end time in a digest key, or null when those characters are not a time. */
    static @Nullable Instant keyTime(String key) {
        try {
            return Instant.from(CloudTrailDates.KEY.parse(keyDate(key)));
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static String dateFolder(Instant time) {
        String key = CloudTrailDates.KEY.format(time);
        return key.substring(0, 4) + "/" + key.substring(4, 6) + "/" + key.substring(6, 8);
    }
}

package dev.cairn.trail.validation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectStore;
import dev.cairn.bucket.ObjectStoreError;
import dev.cairn.bucket.ObjectStoreException;
import dev.cairn.bucket.StoredObject;
import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.trail.digest.DigestWriter;
import dev.cairn.trail.keys.PublicKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Validates the log files and digests a trail delivered, with the checks and verdicts of {@code aws
 * cloudtrail validate-logs} (spec 3.7), and two that it lacks: log files that no digest lists although
 * valid digests cover their delivery time, and a {@code previousDigestHashValue} that is not the SHA-256 of
 * the previous digest. It only reads: objects from an {@link ObjectStore}, public keys from a {@link
 * PublicKeySource}.
 *
 * <p>The walk is validate-logs': list the trail's digest keys in the range, fetch the public keys of the
 * source region for {@code [start, end + 2h]} (none ends the run), then from the newest digest follow each
 * digest's {@code previousDigestS3Object} back while the range's start is not after the last valid digest's
 * start. A digest that is missing or invalid, or that starts a chain, sends the walk on to the next older
 * key of the listing. Each digest is fetched, inflated and parsed, its signature metadata, members and
 * location checked, and its signature verified over {@code digestEndTime \n bucket/key \n
 * sha256(inflated) \n previousDigestSignature}; then every log file it lists is fetched, inflated and its
 * SHA-256 compared. Backfill digests ({@code _backfill.json.gz}) are walked the same way afterwards, each
 * with the keys around its {@code backfill-generation-timestamp}. A {@code NoSuchKey} is a verdict; any
 * other store failure ends the run with a {@link ValidationException}.
 *
 * <p>Notes. The link check needs the previous digest, which the walk reads after the newer one; so the
 * verdict on a digest that names a previous one waits until that one has been read (or the walk stops
 * short of it), and only then is the digest reported and its log files checked. The order of the reports
 * is validate-logs' order all the same. The link is judged only when the previous digest verified: an
 * invalid one is reported itself, and does not make its successor invalid too.
 */
public final class LogValidator {

    /** The largest inflated digest read; larger ones are reported as {@code invalid format}. */
    static final long MAX_DIGEST_BYTES = 256L << 20;

    /** The members a digest must have, even if null, before it is checked further. */
    private static final List<String> REQUIRED = List.of(
            "digestPublicKeyFingerprint",
            "digestS3Bucket",
            "digestS3Object",
            "previousDigestSignature",
            "digestEndTime",
            "digestStartTime");

    private static final String SIGNATURE = "signature";
    private static final String SIGNATURE_ALGORITHM = "signature-algorithm";
    private static final String BACKFILL_TIMESTAMP = "backfill-generation-timestamp";

    private final ObjectStore store;
    private final PublicKeySource keys;

    /** Returns a validator that reads objects from {@code store} and public keys from {@code keys}. */
    public LogValidator(ObjectStore store, PublicKeySource keys) {
        this.store = requireNonNull(store, "store is null");
        this.keys = requireNonNull(keys, "keys is null");
    }

    /**
     * Validates what {@code request} names, reporting each verdict to {@code listener} as it is reached, and
     * returns the counts.
     *
     * @throws ValidationException when the run cannot go on: no public keys for the range, or a bucket that
     *     cannot be listed or read (other than a missing key)
     */
    public ValidationReport validate(ValidationRequest request, ValidationListener listener) {
        requireNonNull(request, "request is null");
        requireNonNull(listener, "listener is null");
        Run run = new Run(request, listener);
        run.walk(false);
        run.walk(true);
        run.unlisted.check(store, run::otherTrailListing, run::logFile);
        return run.report();
    }

    /** Returns the exception that ends a run after {@code operation} failed, worded as the aws CLI words it. */
    static ValidationException aborted(String operation, ObjectStoreException e) {
        return new ValidationException(
                "An error occurred (" + e.error().s3Code() + ") when calling the " + operation + " operation: "
                        + e.getMessage(),
                e);
    }

    /** How reading and checking one digest ended. */
    private sealed interface Outcome permits Missing, Invalid, Verified {}

    /** The digest does not exist. */
    private record Missing() implements Outcome {}

    /** The digest failed a check; {@code problem} says which. */
    private record Invalid(String problem) implements Outcome {}

    /** A log file as a digest lists it; members that are not strings are null. */
    private record LogEntry(
            @Nullable String bucket,
            @Nullable String key,
            @Nullable Object hashValue) {}

    /**
     * A digest that passed validate-logs' checks: where it is, its window, the SHA-256 of its inflated bytes,
     * its link to the previous digest (null members at a chain start) and the log files it lists.
     */
    private record Verified(
            String bucket,
            String key,
            Instant start,
            Instant end,
            String sha256Hex,
            @Nullable String previousBucket,
            @Nullable String previousKey,
            @Nullable Object previousHash,
            List<LogEntry> logFiles)
            implements Outcome {}

    /** A digest key of a listing with the end time its name gives. */
    private record Dated(String key, Instant end) {}

    /** The state of one validation. */
    private final class Run {
        final ValidationRequest request;
        final ValidationListener listener;
        final UnlistedLogFiles unlisted;
        final Map<String, DigestListing> listings = new HashMap<>();
        Map<String, PublicKeyInfo> standardKeys = Map.of();
        int validDigests;
        int invalidDigests;
        int validBackfill;
        int invalidBackfill;
        int validLogs;
        int invalidLogs;

        @Nullable
        Instant foundStart;

        @Nullable
        Instant foundEnd;

        Run(ValidationRequest request, ValidationListener listener) {
            this.request = request;
            this.listener = listener;
            this.unlisted = new UnlistedLogFiles(request);
        }

        ValidationReport report() {
            return new ValidationReport(
                    validDigests,
                    invalidDigests,
                    validBackfill,
                    invalidBackfill,
                    validLogs,
                    invalidLogs,
                    foundStart,
                    foundEnd);
        }

        /** Walks the standard chain, or the backfill chain, from the newest digest of the range back. */
        void walk(boolean backfill) {
            Instant start = request.start();
            String bucket = request.bucket();
            List<String> digests = listing(bucket, request.end(), backfill);
            Map<String, PublicKeyInfo> publicKeys =
                    backfill ? new HashMap<>() : fetchKeys(start, request.end().plus(Duration.ofHours(2)));
            if (!backfill) {
                standardKeys = publicKeys;
            }
            @Nullable Dated next = olderThan(digests, null);
            @Nullable String key = next == null ? null : next.key();
            @Nullable Instant lastStart = next == null ? null : next.end();
            @Nullable Verified pending = null;
            while (key != null && lastStart != null && !start.isAfter(lastStart)) {
                Outcome outcome = load(publicKeys, bucket, key, backfill);
                if (pending != null) {
                    boolean linkBroken = outcome instanceof Verified previous
                            && !(pending.previousHash() instanceof String hash
                                    && hash.equalsIgnoreCase(previous.sha256Hex()));
                    report(pending, backfill, linkBroken ? DigestResult.PREVIOUS_HASH_MISMATCH : null);
                    pending = null;
                }
                switch (outcome) {
                    case Verified digest -> {
                        lastStart = digest.start();
                        if (digest.previousBucket() == null || digest.previousKey() == null) {
                            report(digest, backfill, null);
                            @Nullable Dated older = olderThan(digests, key);
                            if (older != null) {
                                listener.gap(new DigestGap(backfill, older.end(), digest.start()));
                            }
                            key = older == null ? null : older.key();
                        } else {
                            pending = digest;
                            key = digest.previousKey();
                            if (!digest.previousBucket().equals(bucket)) {
                                bucket = digest.previousBucket();
                                digests = listing(bucket, digest.end(), backfill);
                            }
                        }
                    }
                    case Missing missing -> {
                        invalidDigest(new DigestResult(bucket, key, backfill, DigestResult.NOT_FOUND));
                        key = keyOf(olderThan(digests, key));
                    }
                    case Invalid invalid -> {
                        invalidDigest(new DigestResult(bucket, key, backfill, invalid.problem()));
                        key = keyOf(olderThan(digests, key));
                    }
                }
            }
            if (pending != null) {
                report(pending, backfill, null);
            }
        }

        /**
         * Returns the listing of {@code bucket} for {@code [start, end]} (the keys left in it: walking takes
         * keys out), listing it on first use, as validate-logs caches it.
         */
        private List<String> listing(String bucket, Instant end, boolean backfill) {
            String cacheKey = bucket + "\n" + end;
            DigestListing listing = listings.get(cacheKey);
            if (listing == null) {
                DigestListing listed = DigestListing.list(store, request, bucket, request.start(), end);
                listing = new DigestListing(new ArrayList<>(listed.standard()), new ArrayList<>(listed.backfill()));
                if (listings.isEmpty()) {
                    listener.digestsListed(
                            listing.standard().size(), listing.backfill().size());
                }
                listings.put(cacheKey, listing);
            }
            return backfill ? listing.backfill() : listing.standard();
        }

        /**
         * Takes keys off the end of {@code digests} until one is dated before {@code before} (or, with null,
         * takes the last one), as validate-logs' {@code _get_last_digest} does.
         */
        private @Nullable Dated olderThan(List<String> digests, @Nullable String before) {
            @Nullable Instant limit = before == null ? null : DigestListing.keyTime(before);
            while (!digests.isEmpty()) {
                String key = digests.removeLast();
                Instant end = Objects.requireNonNull(DigestListing.keyTime(key), "listed keys have a time");
                if (before == null || limit == null || end.isBefore(limit)) {
                    return new Dated(key, end);
                }
            }
            return null;
        }

        private @Nullable String keyOf(@Nullable Dated dated) {
            return dated == null ? null : dated.key();
        }

        private Map<String, PublicKeyInfo> fetchKeys(Instant from, Instant to) {
            List<PublicKeyInfo> found = keys.publicKeys(request.sourceRegion(), from, to);
            if (found.isEmpty()) {
                throw new ValidationException("No public keys found between " + CloudTrailDates.display(from) + " and "
                        + CloudTrailDates.display(to));
            }
            Map<String, PublicKeyInfo> byFingerprint = new HashMap<>();
            for (PublicKeyInfo key : found) {
                byFingerprint.put(key.fingerprint(), key);
            }
            return byFingerprint;
        }

        /** Reads one digest and runs validate-logs' checks on it, in its order. */
        private Outcome load(Map<String, PublicKeyInfo> publicKeys, String bucket, String key, boolean backfill) {
            StoredObject object;
            try {
                object = store.get(bucket, key);
            } catch (ObjectStoreException e) {
                if (e.error() == ObjectStoreError.NO_SUCH_KEY) {
                    return new Missing();
                }
                throw aborted("GetObject", e);
            } catch (RuntimeException e) {
                return new Invalid(String.valueOf(e.getMessage()));
            }
            byte[] inflated;
            Map<String, @Nullable Object> digest;
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Gunzip.inflate(object.content(), true, MAX_DIGEST_BYTES, out);
                inflated = out.toByteArray();
                digest = JsonTree.object(inflated);
            } catch (Gunzip.GzipException | IllegalArgumentException e) {
                return new Invalid(DigestResult.INVALID_FORMAT);
            }
            Map<String, String> metadata = object.info().attributes().userMetadata();
            @Nullable String signature = metadata.get(SIGNATURE);
            if (signature == null || !metadata.containsKey(SIGNATURE_ALGORITHM)) {
                return new Invalid(DigestResult.SIGNATURE_FAILED);
            }
            if (key.endsWith(DigestListing.BACKFILL_SUFFIX) && !metadata.containsKey(BACKFILL_TIMESTAMP)) {
                return new Invalid(DigestResult.INVALID_FORMAT);
            }
            for (String member : REQUIRED) {
                if (!digest.containsKey(member)) {
                    return new Invalid(DigestResult.INVALID_FORMAT);
                }
            }
            if (!bucket.equals(digest.get("digestS3Bucket")) || !key.equals(digest.get("digestS3Object"))) {
                return new Invalid(DigestResult.MOVED);
            }
            String fingerprint = text(digest.get("digestPublicKeyFingerprint"));
            if (backfill && !publicKeys.containsKey(fingerprint)) {
                String generated = metadata.get(BACKFILL_TIMESTAMP);
                @Nullable Instant at = CloudTrailDates.tryParse(generated);
                if (at == null) {
                    return new Invalid("Unable to parse date value: " + generated);
                }
                try {
                    publicKeys.putAll(fetchKeys(at.minus(Duration.ofHours(1)), at.plus(Duration.ofHours(1))));
                } catch (ValidationException e) {
                    return new Invalid(String.valueOf(e.getMessage()));
                }
            }
            @Nullable PublicKeyInfo info = publicKeys.get(fingerprint);
            if (info == null) {
                return new Invalid(DigestResult.publicKeyNotFound(request.homeRegion(), fingerprint));
            }
            RSAPublicKey publicKey;
            try {
                publicKey = PublicKeys.fromPkcs1Der(info.pkcs1Der());
            } catch (IllegalArgumentException e) {
                return new Invalid(DigestResult.unloadableKey(fingerprint));
            }
            String sha256Hex = HexFormat.of().formatHex(sha256().digest(inflated));
            @Nullable Object previousSignature = digest.get("previousDigestSignature");
            String toSign = DigestWriter.stringToSign(
                    text(digest.get("digestEndTime")),
                    text(digest.get("digestS3Bucket")),
                    text(digest.get("digestS3Object")),
                    sha256Hex,
                    previousSignature == null ? null : text(previousSignature));
            if (!verifies(publicKey, toSign, signature)) {
                return new Invalid(DigestResult.SIGNATURE_FAILED);
            }
            @Nullable Instant end = CloudTrailDates.tryParse(digest.get("digestEndTime"));
            if (end == null) {
                return new Invalid("Unable to parse date value: " + text(digest.get("digestEndTime")));
            }
            @Nullable Instant start = CloudTrailDates.tryParse(digest.get("digestStartTime"));
            if (start == null) {
                return new Invalid("Unable to parse date value: " + text(digest.get("digestStartTime")));
            }
            // validate-logs would crash on a digest without logFiles (it indexes it outside its checks).
            if (!digest.containsKey("logFiles")
                    || !(digest.get("logFiles") == null || digest.get("logFiles") instanceof List)) {
                return new Invalid(DigestResult.INVALID_FORMAT);
            }
            List<LogEntry> logFiles = new ArrayList<>();
            if (digest.get("logFiles") instanceof List<?> entries) {
                for (Object entry : entries) {
                    logFiles.add(
                            entry instanceof Map<?, ?> m
                                    ? new LogEntry(
                                            m.get("s3Bucket") instanceof String b ? b : null,
                                            m.get("s3Object") instanceof String k ? k : null,
                                            m.get("hashValue"))
                                    : new LogEntry(null, null, null));
                }
            }
            return new Verified(
                    bucket,
                    key,
                    start,
                    end,
                    sha256Hex,
                    digest.get("previousDigestS3Bucket") == null ? null : text(digest.get("previousDigestS3Bucket")),
                    digest.get("previousDigestS3Object") == null ? null : text(digest.get("previousDigestS3Object")),
                    digest.get("previousDigestHashValue"),
                    logFiles);
        }

        /**
         * Reads a digest of another trail that delivers to the same folders, and returns the {@code bucket/key}
         * of each log file it lists, or null when it fails a check. Nothing is reported about it.
         */
        @Nullable
        List<String> otherTrailListing(String bucket, String key) {
            boolean backfill = key.endsWith(DigestListing.BACKFILL_SUFFIX);
            if (!(load(new HashMap<>(standardKeys), bucket, key, backfill) instanceof Verified digest)) {
                return null;
            }
            List<String> files = new ArrayList<>();
            for (LogEntry entry : digest.logFiles()) {
                if (entry.bucket() != null && entry.key() != null) {
                    files.add(entry.bucket() + "/" + entry.key());
                }
            }
            return files;
        }

        /** Reports a digest that passed validate-logs' checks, then checks the log files it lists. */
        private void report(Verified digest, boolean backfill, @Nullable String problem) {
            Instant from = digest.start().isAfter(request.start()) ? digest.start() : request.start();
            if (foundStart == null || from.isBefore(foundStart)) {
                foundStart = from;
            }
            Instant to = digest.end().isBefore(request.end()) ? digest.end() : request.end();
            if (foundEnd == null || to.isAfter(foundEnd)) {
                foundEnd = to;
            }
            DigestResult result = new DigestResult(digest.bucket(), digest.key(), backfill, problem);
            if (backfill) {
                if (problem == null) {
                    validBackfill++;
                } else {
                    invalidBackfill++;
                }
            } else if (problem == null) {
                validDigests++;
            } else {
                invalidDigests++;
            }
            listener.digestChecked(result);
            unlisted.covered(digest.bucket(), digest.start(), digest.end());
            for (LogEntry entry : digest.logFiles()) {
                if (entry.bucket() != null && entry.key() != null) {
                    unlisted.listed(entry.bucket(), entry.key());
                }
                logFile(checkLog(entry));
            }
        }

        private void invalidDigest(DigestResult result) {
            if (result.backfill()) {
                invalidBackfill++;
            } else {
                invalidDigests++;
            }
            listener.digestChecked(result);
        }

        void logFile(LogFileResult result) {
            if (result.valid()) {
                validLogs++;
            } else {
                invalidLogs++;
            }
            listener.logFileChecked(result);
        }

        /** Fetches a listed log file, inflates it and compares its SHA-256 with the listed one. */
        private LogFileResult checkLog(LogEntry entry) {
            String bucket = entry.bucket();
            String key = entry.key();
            if (bucket == null || key == null) {
                return new LogFileResult(
                        bucket == null ? "None" : bucket, key == null ? "None" : key, LogFileResult.INVALID_FORMAT);
            }
            StoredObject object;
            try {
                object = store.get(bucket, key);
            } catch (ObjectStoreException e) {
                if (e.error() == ObjectStoreError.NO_SUCH_KEY) {
                    return new LogFileResult(bucket, key, LogFileResult.NOT_FOUND);
                }
                throw aborted("GetObject", e);
            } catch (RuntimeException e) {
                return new LogFileResult(bucket, key, LogFileResult.INVALID_FORMAT);
            }
            MessageDigest sha256 = sha256();
            try (OutputStream hashing = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
                Gunzip.inflate(object.content(), false, Long.MAX_VALUE, hashing);
            } catch (Gunzip.GzipException | IOException e) {
                return new LogFileResult(bucket, key, LogFileResult.INVALID_FORMAT);
            }
            String hash = HexFormat.of().formatHex(sha256.digest());
            return new LogFileResult(bucket, key, hash.equals(entry.hashValue()) ? null : LogFileResult.HASH_MISMATCH);
        }
    }

    /** Returns whether {@code signatureHex} is a valid SHA256withRSA signature of {@code toSign}. */
    private static boolean verifies(RSAPublicKey key, String toSign, String signatureHex) {
        byte[] signature;
        try {
            signature = HexFormat.of().parseHex(signatureHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(toSign.getBytes(UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Returns a JSON value as Python's {@code str()} would format it into validate-logs' strings. */
    private static String text(@Nullable Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return value.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
        }
    }
}

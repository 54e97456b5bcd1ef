package dev.cairn.trail.digest;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.signing.PublicKeyInfo;
import dev.cairn.trail.keys.PublicKeys;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * The checks of {@code aws cloudtrail validate-logs} (awscli v1 {@code customizations/cloudtrail/validation.py},
 * spec 3.7), redone in Java over a {@link TestChain}'s objects: list digest keys, walk from the newest
 * through {@code previousDigestS3Object}, and for each digest do steps 8.1 to 8.8. Messages are the CLI's.
 */
final class ValidateLogsReplica {

    private static final List<String> REQUIRED = List.of(
            "digestPublicKeyFingerprint",
            "digestS3Bucket",
            "digestS3Object",
            "previousDigestSignature",
            "digestEndTime",
            "digestStartTime");
    private static final DateTimeFormatter KEY_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What a run found: counts and the INVALID lines, in order. */
    record Result(int validDigests, int validLogs, List<String> invalid) {}

    /** A digest that failed a check: the CLI's message. */
    private static final class DigestError extends Exception {
        DigestError(String message) {
            super(message);
        }
    }

    private final TestChain bucket;
    private final Map<String, PublicKeyInfo> keysByFingerprint;
    private int validDigests;
    private int validLogs;
    private final List<String> invalid = new ArrayList<>();

    private ValidateLogsReplica(TestChain bucket, Map<String, PublicKeyInfo> keysByFingerprint) {
        this.bucket = bucket;
        this.keysByFingerprint = keysByFingerprint;
    }

    /**
     * Validates {@code chain}'s standard digests of the trail {@link TestChain#TRAIL} in {@code [start, end]},
     * with {@code keys} as ListPublicKeys answered for {@code [start, end + 2h]}.
     */
    static Result run(TestChain chain, List<PublicKeyInfo> keys, Instant start, Instant end) {
        Map<String, PublicKeyInfo> byFingerprint = new java.util.HashMap<>();
        for (PublicKeyInfo key : keys) {
            byFingerprint.put(key.fingerprint(), key);
        }
        ValidateLogsReplica replica = new ValidateLogsReplica(chain, byFingerprint);
        replica.walk(start, end);
        return new Result(replica.validDigests, replica.validLogs, List.copyOf(replica.invalid));
    }

    private void walk(Instant start, Instant end) {
        // Step 6: list, filter by the trail's digest regex, keep keys dated in [start, end + 1h].
        String prefix = TestChain.PREFIX + "/AWSLogs/" + TestChain.ACCOUNT + "/CloudTrail-Digest/" + TestChain.REGION;
        Pattern regex = Pattern.compile("^" + Pattern.quote(TestChain.PREFIX) + "/AWSLogs/" + TestChain.ACCOUNT
                + "/CloudTrail\\-Digest/" + Pattern.quote(TestChain.REGION) + "/\\d+/\\d+/\\d+/" + TestChain.ACCOUNT
                + "_CloudTrail\\-Digest_" + Pattern.quote(TestChain.REGION) + "_" + Pattern.quote(TestChain.TRAIL)
                + "_" + Pattern.quote(TestChain.REGION) + "_.+(?:_backfill)?\\.json\\.gz$");
        String from = KEY_DATE.format(start);
        String to = KEY_DATE.format(end.plus(Duration.ofHours(1)));
        List<String> keys = bucket.objects.values().stream()
                .filter(o -> o.bucket().equals(TestChain.BUCKET) && o.key().startsWith(prefix))
                .map(TestChain.StoredObject::key)
                .sorted()
                .filter(k -> regex.matcher(k).matches() && !k.endsWith("_backfill.json.gz"))
                .filter(k -> dateOf(k).compareTo(from) >= 0 && dateOf(k).compareTo(to) <= 0)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));

        // Step 8: newest to oldest while start <= the last digestStartTime.
        @Nullable String key = keys.isEmpty() ? null : keys.removeLast();
        Instant lastStart = key == null ? Instant.MIN : parseKeyDate(key);
        while (key != null && !start.isAfter(lastStart)) {
            try {
                Map<String, @Nullable Object> digest = loadAndValidate(key);
                lastStart = Instant.parse((String) digest.get("digestStartTime"));
                validDigests++;
                checkLogs(digest);
                Object previousKey = digest.get("previousDigestS3Object");
                key = previousKey == null || digest.get("previousDigestS3Bucket") == null
                        ? olderThan(keys, key)
                        : (String) previousKey;
            } catch (DigestError e) {
                invalid.add(e.getMessage());
                key = olderThan(keys, key);
            }
        }
    }

    private Map<String, @Nullable Object> loadAndValidate(String key) throws DigestError {
        String where = "Digest file\ts3://" + TestChain.BUCKET + "/" + key + "\t";
        // 8.1 GetObject, gunzip the first member, json.loads
        TestChain.StoredObject object = bucket.get(TestChain.BUCKET, key);
        if (object == null) {
            throw new DigestError(where + "INVALID: not found");
        }
        byte[] inflated;
        Map<String, @Nullable Object> digest;
        try {
            inflated = gunzipFirstMember(object.content());
            digest = TestJson.object(inflated);
        } catch (IllegalArgumentException e) {
            throw new DigestError(where + "INVALID: invalid format");
        }
        // 8.2 signature metadata
        String signature = object.metadata().get("signature");
        if (signature == null || !object.metadata().containsKey("signature-algorithm")) {
            throw new DigestError(where + "INVALID: signature verification failed");
        }
        // 8.3 required keys, present even if null
        for (String required : REQUIRED) {
            if (!digest.containsKey(required)) {
                throw new DigestError(where + "INVALID: invalid format");
            }
        }
        // 8.4 location
        if (!TestChain.BUCKET.equals(digest.get("digestS3Bucket")) || !key.equals(digest.get("digestS3Object"))) {
            throw new DigestError(where + "INVALID: has been moved from its original location");
        }
        // 8.5 fingerprint among the listed keys
        String fingerprint = (String) digest.get("digestPublicKeyFingerprint");
        PublicKeyInfo info = keysByFingerprint.get(fingerprint);
        if (info == null) {
            throw new DigestError(where + "INVALID: public key not found in region " + TestChain.REGION
                    + " for fingerprint " + fingerprint);
        }
        // 8.6 the key's Value loaded as PKCS#1 (rsa.PublicKey.load_pkcs1(..., format='DER'))
        RSAPublicKey publicKey;
        try {
            publicKey = PublicKeys.fromPkcs1Der(info.pkcs1Der());
        } catch (IllegalArgumentException e) {
            throw new DigestError(where + "INVALID: Unable to load PKCS #1 key with fingerprint " + fingerprint);
        }
        // 8.7 signature over the string to sign, built from the parsed values and the inflated bytes
        Object previousSignature = digest.get("previousDigestSignature");
        String toSign = digest.get("digestEndTime") + "\n" + digest.get("digestS3Bucket") + "/"
                + digest.get("digestS3Object") + "\n" + sha256Hex(inflated) + "\n"
                + (previousSignature == null ? "null" : previousSignature);
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(toSign.getBytes(UTF_8));
            if (!verifier.verify(HexFormat.of().parseHex(signature))) {
                throw new DigestError(where + "INVALID: signature verification failed");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DigestError(where + "INVALID: signature verification failed");
        }
        return digest;
    }

    /** 8.8: every listed log file must exist, inflate, and hash to its {@code hashValue}. */
    @SuppressWarnings("unchecked")
    private void checkLogs(Map<String, @Nullable Object> digest) {
        List<Map<String, @Nullable Object>> logs = (List<Map<String, @Nullable Object>>) digest.get("logFiles");
        if (logs == null) {
            throw new IllegalStateException("validate-logs would crash: logFiles is missing or null");
        }
        for (Map<String, @Nullable Object> log : logs) {
            String logBucket = (String) log.get("s3Bucket");
            String logKey = (String) log.get("s3Object");
            String where = "Log file\ts3://" + logBucket + "/" + logKey + "\t";
            TestChain.StoredObject object = bucket.get(String.valueOf(logBucket), String.valueOf(logKey));
            if (object == null) {
                invalid.add(where + "INVALID: not found");
                continue;
            }
            String hash;
            try {
                hash = sha256Hex(gunzipFirstMember(object.content()));
            } catch (IllegalArgumentException e) {
                invalid.add(where + "INVALID: invalid format");
                continue;
            }
            if (hash.equals(log.get("hashValue"))) {
                validLogs++;
            } else {
                invalid.add(where + "INVALID: hash value doesn't match");
            }
        }
    }

    /** {@code _get_last_digest(digests, before_key)}: pops keys until one dated strictly before {@code key}. */
    private static @Nullable String olderThan(List<String> keys, String key) {
        String date = dateOf(key);
        while (!keys.isEmpty()) {
            String next = keys.removeLast();
            if (dateOf(next).compareTo(date) < 0) {
                return next;
            }
        }
        return null;
    }

    private static String dateOf(String key) {
        return key.substring(key.length() - 24, key.length() - 8);
    }

    private static Instant parseKeyDate(String key) {
        return Instant.from(KEY_DATE.parse(dateOf(key)));
    }

    /** {@code zlib.decompress(data, MAX_WBITS | 16)}: one gzip member; bytes after it are ignored. */
    static byte[] gunzipFirstMember(byte[] gzip) {
        if (gzip.length < 18 || (gzip[0] & 0xff) != 0x1f || (gzip[1] & 0xff) != 0x8b || gzip[2] != 8) {
            throw new IllegalArgumentException("not gzip");
        }
        if (gzip[3] != 0) {
            throw new IllegalArgumentException("gzip header flags are not supported by this replica");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(gzip, 10, gzip.length - 10);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated gzip");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("bad deflate data", e);
        } finally {
            inflater.end();
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

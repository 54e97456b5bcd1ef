package dev.cairn.protocol.sigv4;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.cairn.protocol.http.Headers;
import dev.cairn.time.Clock;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A server-side checker of AWS Signature Version 4, for requests signed in an Authorization header and for
 * presigned URLs, that recomputes each signature the way botocore and the AWS SDK for Java compute it.
 *
 * <p>Verification is two calls so that the caller can look the access key up in between: {@link #parse}
 * reads and checks the authentication parameters, the caller maps {@link SigV4Credential#accessKeyId()} to a
 * secret (and rejects unknown keys itself), then {@link #verify} checks the clock and the signature. The
 * caller also decides whether {@link SigV4Credential#region()} and {@link SigV4Credential#service()} are
 * acceptable. Instances are thread-safe.
 */
public final class SigV4Verifier {
    /*
     * Notes
     * -----
     * Canonical URI and double encoding. A client signs the path it is about to send, which is already
     * percent-encoded, and (for every service but S3) encodes it once more while signing: botocore runs
     * quote(path, safe='/~') over the encoded path and the Java SDK runs urlEncodeIgnoreSlashes over
     * encodedPath(). So a key 'a b' travels as /a%20b and is signed as /a%2520b. Before that second encoding
     * both SDKs normalise the path: '.' and '..' segments go and '//' collapses to '/' (botocore's
     * remove_dot_segments; java.net.URI#normalize, which also collapses empty segments). Nothing is decoded
     * first, so '%2E%2E' is not a dot segment. S3 is the exception: its signers use the wire path verbatim,
     * with no normalisation and no second encoding, so for service "s3" the raw path is the canonical URI.
     *
     * Canonical query. The server cannot know how the client spelled its query, so each name and value is
     * decoded and encoded again with the RFC 3986 rule (only A-Z a-z 0-9 - . _ ~ stay literal, hex digits
     * in upper case). '+' decodes to a space: botocore signs request params with %20 but sends them form-
     * encoded with '+', and the Java SDK decodes its raw query with URLDecoder. Pairs sort by encoded name,
     * then by encoded value (not as 'name=value' strings: 'a=1' must precede 'a-b=2').
     *
     * Header folding. Each signed header contributes one line, name:value, with the value trimmed and inner
     * runs of whitespace collapsed to one space; the values of a repeated field are trimmed one by one and
     * joined with ','. A value that itself contains a comma is left alone, so 'a, b' as one field and 'a'
     * plus 'b' as two fields canonicalise differently ('a, b' versus 'a,b'), exactly as the signers do.
     *
     * Payload hash. A present x-amz-content-sha256 is used literally (UNSIGNED-PAYLOAD, STREAMING-..., or a
     * hex hash, which must then also match the body: otherwise a signed header would vouch for a body it
     * never saw). Without it the hash of the body is used, except for a presigned S3 request, which signs
     * UNSIGNED-PAYLOAD. Presigned requests to other services sign the hash of the (usually empty) body:
     * that is what botocore's SigV4QueryAuth does, e.g. for the STS URLs inside EKS tokens.
     *
     * Skew. The request time (X-Amz-Date, else Date) must lie within maxSkew of the server's clock either
     * way; AWS words the two failures "Signature expired: T is now earlier than now - 15 min." and "Signature
     * not yet current: T is still later than now + 15 min.". A presigned request with X-Amz-Expires is
     * instead valid from X-Amz-Date minus the skew (for a signer whose clock runs ahead) until X-Amz-Date
     * plus X-Amz-Expires, with no skew added at the end, as S3 does.
     *
     * Error ordering follows AWS: the presence of the parameters, 'host' among the signed headers, the date
     * format, the credential's shape and scope (all in parse, before the key look-up), then the clock and the
     * signature (in verify). AWS reports a wrong scope and an unsigned 'host' as a signature mismatch, not as
     * an incomplete signature.
     */

    /** The only algorithm SigV4 defines for HMAC signing. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** The allowed clock skew when none is given: 15 minutes, as AWS allows. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(15);

    /** The longest X-Amz-Expires that AWS accepts: seven days. */
    public static final Duration MAX_EXPIRES = Duration.ofDays(7);

    static final String TERMINATOR = "aws4_request";
    static final String X_AMZ_SIGNATURE = "X-Amz-Signature";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    static final String SIGNATURE_MISMATCH_MESSAGE = "The request signature we calculated does not match the"
            + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
            + " documentation for details.";
    private static final String MISSING_TOKEN_MESSAGE = "Request is missing Authentication Token";
    private static final String HOST_NOT_SIGNED_MESSAGE =
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    private static final byte[] ALGORITHM_LINE = (ALGORITHM + "\n").getBytes(US_ASCII);

    private final Clock clock;
    private final Duration maxSkew;
    private final SigningKeyCache keyCache;

    /** Creates a verifier that allows {@link #DEFAULT_MAX_SKEW} between the request's clock and {@code clock}. */
    public SigV4Verifier(Clock clock) {
        this(clock, DEFAULT_MAX_SKEW);
    }

    /** Creates a verifier that allows {@code maxSkew} between the request's clock and {@code clock}. */
    public SigV4Verifier(Clock clock, Duration maxSkew) {
        this(clock, maxSkew, new SigningKeyCache(SigningKeyCache.DEFAULT_MAX_ENTRIES));
    }

    SigV4Verifier(Clock clock, Duration maxSkew, SigningKeyCache keyCache) {
        this.clock = requireNonNull(clock, "clock is null");
        this.maxSkew = requireNonNull(maxSkew, "maxSkew is null");
        if (maxSkew.isNegative()) {
            throw new IllegalArgumentException("maxSkew must not be negative, was " + maxSkew);
        }
        this.keyCache = requireNonNull(keyCache, "keyCache is null");
    }

    // ---- parse ------------------------------------------------------------------------------------------

    /**
     * Reads the SigV4 authentication parameters of {@code req}, from its Authorization header or from its
     * presigned query string, and checks everything that can be checked without the secret and the clock.
     *
     * @throws SigV4Exception MISSING_AUTHENTICATION_TOKEN when the request carries neither form;
     *     INCOMPLETE_SIGNATURE when a parameter is missing or malformed; SIGNATURE_DOES_NOT_MATCH when the
     *     credential scope is wrong or 'host' is not signed; MALFORMED_QUERY_STRING for a broken escape
     */
    public SigV4Credential parse(SignedRequest req) throws SigV4Exception {
        String authorization = req.headers().first("authorization");
        boolean hasHeader = authorization != null && !authorization.isBlank();
        QueryAuth query = req.rawQuery() == null ? null : QueryAuth.read(req.rawQuery());
        boolean hasQuery = query != null && query.algorithm != null;
        if (hasHeader && hasQuery) {
            throw new SigV4Exception(
                    SigV4Failure.INCOMPLETE_SIGNATURE,
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the"
                            + " Authorization header should be specified, and this request has both.");
        }
        if (hasHeader) {
            return parseHeader(req.headers(), authorization);
        }
        if (hasQuery) {
            return parseQuery(req.headers(), query);
        }
        throw new SigV4Exception(SigV4Failure.MISSING_AUTHENTICATION_TOKEN, MISSING_TOKEN_MESSAGE);
    }

    private SigV4Credential parseHeader(Headers headers, String authorization) throws SigV4Exception {
        String value = authorization.strip();
        int space = 0;
        while (space < value.length() && value.charAt(space) != ' ' && value.charAt(space) != '\t') {
            space++;
        }
        if (space != ALGORITHM.length() || !value.startsWith(ALGORITHM)) {
            throw new SigV4Exception(
                    SigV4Failure.INCOMPLETE_SIGNATURE,
                    "Unsupported AWS 'algorithm': " + quoteOrHash(value.substring(0, space))
                            + "; the Authorization header must start with '" + ALGORITHM + "'.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        int n = value.length();
        int start = space;
        while (start < n) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int from = start;
            int to = end;
            start = end + 1;
            while (from < to && Character.isWhitespace(value.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(value.charAt(to - 1))) {
                to--;
            }
            if (from == to) {
                continue;
            }
            int eq = value.indexOf('=', from);
            if (eq < 0 || eq >= to) {
                throw new SigV4Exception(
                        SigV4Failure.INCOMPLETE_SIGNATURE,
                        "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256"
                                + " and encoded with Base64): '" + sha256Base64(authorization) + "'.");
            }
            // The last occurrence of a name wins, as at AWS.
            if (isName(value, from, eq, "Credential")) {
                credential = value.substring(eq + 1, to);
            } else if (isName(value, from, eq, "SignedHeaders")) {
                signedHeaders = value.substring(eq + 1, to);
            } else if (isName(value, from, eq, "Signature")) {
                signature = value.substring(eq + 1, to);
            }
        }
        String amzDate = headers.first("x-amz-date");
        String dateSource = "X-Amz-Date";
        if (amzDate == null) {
            amzDate = headers.first("date");
            dateSource = "Date";
        }
        if (credential == null || signedHeaders == null || signature == null || amzDate == null) {
            StringBuilder m = new StringBuilder();
            if (credential == null) {
                m.append("Authorization header requires 'Credential' parameter. ");
            }
            if (signature == null) {
                m.append("Authorization header requires 'Signature' parameter. ");
            }
            if (signedHeaders == null) {
                m.append("Authorization header requires 'SignedHeaders' parameter. ");
            }
            if (amzDate == null) {
                m.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
            }
            m.append("Authorization=").append(ALGORITHM);
            throw new SigV4Exception(SigV4Failure.INCOMPLETE_SIGNATURE, m.toString());
        }
        List<String> signed = signedHeaderList(signedHeaders);
        Instant requestTime;
        if (dateSource.equals("Date")) {
            requestTime = parseDateHeader(amzDate);
            amzDate = AmzDate.formatBasic(requestTime);
        } else {
            requestTime = parseAmzDate(amzDate);
        }
        return credential(
                credential,
                amzDate,
                requestTime,
                signed,
                signature,
                headers.first("x-amz-security-token"),
                false,
                null);
    }

    private static boolean isName(String s, int from, int to, String name) {
        return to - from == name.length() && s.startsWith(name, from);
    }

    private SigV4Credential parseQuery(Headers headers, QueryAuth q) throws SigV4Exception {
        if (!ALGORITHM.equals(q.algorithm)) {
            // AWS treats an unknown X-Amz-Algorithm as no authentication at all.
            throw new SigV4Exception(
                    SigV4Failure.MISSING_AUTHENTICATION_TOKEN,
                    MISSING_TOKEN_MESSAGE + ": X-Amz-Algorithm " + quoteOrHash(q.algorithm) + " is not '" + ALGORITHM
                            + "'.");
        }
        if (q.credential == null || q.signature == null || q.signedHeaders == null || q.date == null) {
            StringBuilder m = new StringBuilder();
            if (q.credential == null) {
                m.append("AWS query-string parameters must include 'X-Amz-Credential'. ");
            }
            if (q.signature == null) {
                m.append("AWS query-string parameters must include 'X-Amz-Signature'. ");
            }
            if (q.signedHeaders == null) {
                m.append("AWS query-string parameters must include 'X-Amz-SignedHeaders'. ");
            }
            if (q.date == null) {
                m.append("AWS query-string parameters must include 'X-Amz-Date'. ");
            }
            m.append("Re-examine the query-string parameters.");
            throw new SigV4Exception(SigV4Failure.INCOMPLETE_SIGNATURE, m.toString());
        }
        List<String> signed = signedHeaderList(q.signedHeaders);
        Instant requestTime = parseAmzDate(q.date);
        Duration expires = q.expires == null ? null : parseExpires(q.expires);
        String token = q.securityToken != null ? q.securityToken : headers.first("x-amz-security-token");
        return credential(q.credential, q.date, requestTime, signed, q.signature, token, true, expires);
    }

    private static List<String> signedHeaderList(String signedHeaders) throws SigV4Exception {
        List<String> names = new ArrayList<>(8);
        boolean host = false;
        int start = 0;
        while (start <= signedHeaders.length()) {
            int semi = signedHeaders.indexOf(';', start);
            int end = semi < 0 ? signedHeaders.length() : semi;
            String name = signedHeaders.substring(start, end);
            names.add(name);
            host |= name.equalsIgnoreCase("host") || name.equals(":authority");
            start = end + 1;
        }
        if (!host) {
            throw new SigV4Exception(SigV4Failure.SIGNATURE_DOES_NOT_MATCH, HOST_NOT_SIGNED_MESSAGE);
        }
        return names;
    }

    private static Instant parseAmzDate(String amzDate) throws SigV4Exception {
        Instant t = AmzDate.parseBasic(amzDate);
        if (t == null) {
            throw new SigV4Exception(
                    SigV4Failure.INCOMPLETE_SIGNATURE,
                    "Date must be in ISO-8601 'basic format'. Got '" + amzDate
                            + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        return t;
    }

    private static Instant parseDateHeader(String date) throws SigV4Exception {
        Instant t = AmzDate.parseBasic(date);
        if (t == null) {
            t = AmzDate.parseHttpDate(date);
        }
        if (t == null) {
            throw new SigV4Exception(
                    SigV4Failure.INCOMPLETE_SIGNATURE,
                    "Date must be in ISO-8601 'basic format' or be an RFC 1123 HTTP date when there is no"
                            + " X-Amz-Date header. Got '" + date + "'.");
        }
        return t;
    }

    private static Duration parseExpires(String expires) throws SigV4Exception {
        boolean negative = expires.startsWith("-");
        String digits = negative ? expires.substring(1) : expires;
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SigV4Exception(
                    SigV4Failure.INCOMPLETE_SIGNATURE,
                    "X-Amz-Expires should be a number of seconds, got '" + expires + "'.");
        }
        long seconds = Long.parseLong(digits);
        if (negative && seconds > 0) {
            throw new SigV4Exception(
                    SigV4Failure.INCOMPLETE_SIGNATURE, "X-Amz-Expires must be non-negative, got '" + expires + "'.");
        }
        if (seconds > MAX_EXPIRES.toSeconds()) {
            throw new SigV4Exception(
                    SigV4Failure.INCOMPLETE_SIGNATURE,
                    "X-Amz-Expires must be less than a week (in seconds) that is " + MAX_EXPIRES.toSeconds() + ", got "
                            + seconds + ".");
        }
        return Duration.ofSeconds(seconds);
    }

    /** Splits and checks {@code keyid/date/region/service/aws4_request}; {@code amzDate} is in basic format. */
    private static SigV4Credential credential(
            String credential,
            String amzDate,
            Instant requestTime,
            List<String> signedHeaders,
            String signature,
            @Nullable String sessionToken,
            boolean presigned,
            @Nullable Duration expires)
            throws SigV4Exception {
        int end = credential.length();
        while (end > 0 && credential.charAt(end - 1) == '/') {
            end--; // AWS ignores trailing slashes here
        }
        int s1 = credential.indexOf('/');
        int s2 = s1 < 0 ? -1 : credential.indexOf('/', s1 + 1);
        int s3 = s2 < 0 ? -1 : credential.indexOf('/', s2 + 1);
        int s4 = s3 < 0 ? -1 : credential.indexOf('/', s3 + 1);
        int s5 = s4 < 0 ? -1 : credential.indexOf('/', s4 + 1);
        if (s4 < 0 || s4 >= end || (s5 >= 0 && s5 < end)) {
            throw new SigV4Exception(
                    SigV4Failure.INCOMPLETE_SIGNATURE,
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                            + " got '" + credential + "'");
        }
        String date = credential.substring(s1 + 1, s2);
        String terminator = credential.substring(s4 + 1, end);
        boolean terminatorOk = terminator.equals(TERMINATOR);
        boolean dateOk = date.length() == 8 && amzDate.startsWith(date);
        if (!terminatorOk || !dateOk) {
            StringBuilder m = new StringBuilder();
            if (!terminatorOk) {
                m.append("Credential should be scoped with a valid terminator: '")
                        .append(TERMINATOR)
                        .append("', not '")
                        .append(terminator)
                        .append("'.");
            }
            if (!dateOk) {
                m.append(terminatorOk ? "" : " ")
                        .append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from")
                        .append(" HTTP: '")
                        .append(date)
                        .append("' != '")
                        .append(amzDate, 0, 8)
                        .append("', from '")
                        .append(amzDate)
                        .append("'.");
            }
            throw new SigV4Exception(SigV4Failure.SIGNATURE_DOES_NOT_MATCH, m.toString());
        }
        return new SigV4Credential(
                credential.substring(0, s1),
                date,
                credential.substring(s2 + 1, s3),
                credential.substring(s3 + 1, s4),
                requestTime,
                signedHeaders,
                signature,
                sessionToken,
                presigned,
                expires);
    }

    /** Names a client-supplied token verbatim when it is short and plain, else by hash, as AWS does. */
    private static String quoteOrHash(String token) {
        if (token.length() <= 32 && token.chars().allMatch(c -> Canonical.unreserved(c))) {
            return "'" + token + "'";
        }
        return "(hashed with SHA-256 and encoded with Base64) '" + sha256Base64(token) + "'";
    }

    private static String sha256Base64(String s) {
        return Base64.getEncoder().encodeToString(Scratch.newSha256().digest(s.getBytes(UTF_8)));
    }

    // ---- verify -----------------------------------------------------------------------------------------

    /**
     * Checks that {@code cred}, parsed from {@code req}, is current and that its signature is the one that
     * {@code secretAccessKey} gives for the request.
     *
     * @throws SigV4Exception SIGNATURE_EXPIRED when the request time is further than the allowed skew from
     *     the clock; REQUEST_EXPIRED when a presigned request is past X-Amz-Expires;
     *     SIGNATURE_DOES_NOT_MATCH when the signature differs; CONTENT_SHA256_MISMATCH when a signed
     *     x-amz-content-sha256 does not describe the body; MALFORMED_QUERY_STRING for a broken escape
     */
    public void verify(SignedRequest req, SigV4Credential cred, String secretAccessKey) throws SigV4Exception {
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        checkTime(cred, clock.now());
        Scratch s = Scratch.get();
        PayloadHash payload = payloadHash(req, cred, s.sha256);
        byte[] expected = signature(req, cred, payload, secretAccessKey, s);
        if (!MessageDigest.isEqual(expected, decodeSignature(cred.signature()))) {
            throw new SigV4Exception(SigV4Failure.SIGNATURE_DOES_NOT_MATCH, SIGNATURE_MISMATCH_MESSAGE);
        }
        if (payload.mustMatchBody) {
            byte[] actual = s.sha256.digest(req.body());
            String claimedHex = requireNonNull(payload.literal);
            byte[] claimed = HexFormat.of().parseHex(claimedHex);
            if (!MessageDigest.isEqual(actual, claimed)) {
                throw new SigV4Exception(
                        SigV4Failure.CONTENT_SHA256_MISMATCH,
                        "The provided 'x-amz-content-sha256' header does not match what was computed: the header"
                                + " says '" + claimedHex + "' but the body's SHA-256 is '"
                                + HexFormat.of().formatHex(actual) + "'.");
            }
        }
    }

    private void checkTime(SigV4Credential cred, Instant now) throws SigV4Exception {
        Instant t = cred.requestTime();
        Instant latest = now.plus(maxSkew);
        if (t.isAfter(latest)) {
            throw new SigV4Exception(
                    SigV4Failure.SIGNATURE_EXPIRED,
                    "Signature not yet current: " + AmzDate.formatBasic(t) + " is still later than "
                            + AmzDate.formatBasic(latest) + " (" + AmzDate.formatBasic(now) + " + " + skewText()
                            + ".)");
        }
        Duration expires = cred.expires();
        if (cred.presigned() && expires != null) {
            Instant expiry = t.plus(expires);
            if (now.isAfter(expiry)) {
                throw new SigV4Exception(
                        SigV4Failure.REQUEST_EXPIRED,
                        "Request has expired: X-Amz-Date " + AmzDate.formatBasic(t) + " + X-Amz-Expires "
                                + expires.toSeconds() + " seconds ended at " + AmzDate.formatBasic(expiry)
                                + ", and it is now " + AmzDate.formatBasic(now) + ".");
            }
            return;
        }
        Instant earliest = now.minus(maxSkew);
        if (t.isBefore(earliest)) {
            throw new SigV4Exception(
                    SigV4Failure.SIGNATURE_EXPIRED,
                    "Signature expired: " + AmzDate.formatBasic(t) + " is now earlier than "
                            + AmzDate.formatBasic(earliest) + " (" + AmzDate.formatBasic(now) + " - " + skewText()
                            + ".)");
        }
    }

    private String skewText() {
        long seconds = maxSkew.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + " min" : seconds + " sec";
    }

    /**
     * The payload hash that goes into the canonical request: a literal (a header value or UNSIGNED-PAYLOAD),
     * which is a claim about the body when it is a hex hash, or the body's own digest.
     */
    private record PayloadHash(@Nullable String literal, byte @Nullable [] bodyDigest, boolean mustMatchBody) {
        static PayloadHash literal(String value, boolean mustMatchBody) {
            return new PayloadHash(value, null, mustMatchBody);
        }

        void writeTo(ByteSink out) {
            if (bodyDigest != null) {
                out.hex(bodyDigest);
            } else {
                out.utf8(requireNonNull(literal));
            }
        }
    }

    private static PayloadHash payloadHash(SignedRequest req, SigV4Credential cred, MessageDigest sha256)
            throws SigV4Exception {
        String header = req.headers().first("x-amz-content-sha256");
        if (header != null) {
            if (isSha256Hex(header)) {
                return PayloadHash.literal(header, true);
            }
            if (header.equals(UNSIGNED_PAYLOAD) || header.startsWith("STREAMING-")) {
                return PayloadHash.literal(header, false);
            }
            throw new SigV4Exception(
                    SigV4Failure.CONTENT_SHA256_MISMATCH,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-... value, or a valid sha256 value,"
                            + " got '" + header + "'.");
        }
        if (cred.presigned() && isS3(cred.service())) {
            return PayloadHash.literal(UNSIGNED_PAYLOAD, false);
        }
        return new PayloadHash(null, sha256.digest(req.body()), false);
    }

    private static boolean isSha256Hex(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            if (!HexFormat.isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isS3(String service) {
        return service.equals("s3");
    }

    /** Decodes a lower-case hex signature; anything else decodes to an empty array, which matches nothing. */
    private static byte[] decodeSignature(String signature) {
        if (signature.length() != 64) {
            return new byte[0];
        }
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            int hi = lowerHexDigit(signature.charAt(2 * i));
            int lo = lowerHexDigit(signature.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return new byte[0];
            }
            b[i] = (byte) ((hi << 4) | lo);
        }
        return b;
    }

    private static int lowerHexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private byte[] signature(
            SignedRequest req, SigV4Credential cred, PayloadHash payloadHash, String secretAccessKey, Scratch s)
            throws SigV4Exception {
        writeStringToSign(req, cred, payloadHash, s);
        try {
            s.hmac.init(keyCache.signingKey(secretAccessKey, cred.date(), cred.region(), cred.service()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 rejected a derived signing key", e);
        }
        s.hmac.update(s.stringToSign.array(), 0, s.stringToSign.length());
        return s.hmac.doFinal();
    }

    /** Writes the canonical request into {@code s.canonical} and the string to sign into {@code s.stringToSign}. */
    private static void writeStringToSign(SignedRequest req, SigV4Credential cred, PayloadHash payloadHash, Scratch s)
            throws SigV4Exception {
        ByteSink c = s.canonical;
        c.reset();
        c.utf8(req.method());
        c.write('\n');
        Canonical.uri(req.rawPath(), isS3(cred.service()), c);
        c.write('\n');
        Canonical.query(req.rawQuery(), cred.presigned(), c, s.component);
        c.write('\n');
        List<String> signed = cred.signedHeaders();
        Canonical.headers(req.headers(), signed, c);
        c.write('\n');
        for (int i = 0; i < signed.size(); i++) {
            if (i > 0) {
                c.write(';');
            }
            c.utf8(signed.get(i));
        }
        c.write('\n');
        payloadHash.writeTo(c);

        s.sha256.update(c.array(), 0, c.length());
        byte[] canonicalHash = s.sha256.digest();
        ByteSink t = s.stringToSign;
        t.reset();
        t.write(ALGORITHM_LINE);
        AmzDate.writeBasic(cred.requestTime(), t);
        t.write('\n');
        t.utf8(cred.date());
        t.write('/');
        t.utf8(cred.region());
        t.write('/');
        t.utf8(cred.service());
        t.write('/');
        t.utf8(TERMINATOR);
        t.write('\n');
        t.hex(canonicalHash);
    }

    /** Returns the canonical request that {@link #verify} signs, for tests and diagnostics. */
    String canonicalRequest(SignedRequest req, SigV4Credential cred) throws SigV4Exception {
        Scratch s = Scratch.get();
        writeStringToSign(req, cred, payloadHash(req, cred, s.sha256), s);
        return s.canonical.toString();
    }

    /** Returns the string to sign that {@link #verify} signs, for tests and diagnostics. */
    String stringToSign(SignedRequest req, SigV4Credential cred) throws SigV4Exception {
        Scratch s = Scratch.get();
        writeStringToSign(req, cred, payloadHash(req, cred, s.sha256), s);
        return s.stringToSign.toString();
    }

    @Override
    public String toString() {
        return "SigV4Verifier[maxSkew=" + maxSkew + ", " + keyCache + "]";
    }

    /** The SigV4 parameters of a query string, decoded; the first occurrence of each wins, as at AWS. */
    private static final class QueryAuth {
        @Nullable
        String algorithm;

        @Nullable
        String credential;

        @Nullable
        String date;

        @Nullable
        String expires;

        @Nullable
        String signedHeaders;

        @Nullable
        String signature;

        @Nullable
        String securityToken;

        static QueryAuth read(String rawQuery) throws SigV4Exception {
            QueryAuth q = new QueryAuth();
            int start = 0;
            int n = rawQuery.length();
            while (start < n) {
                int amp = rawQuery.indexOf('&', start);
                int end = amp < 0 ? n : amp;
                int eq = rawQuery.indexOf('=', start);
                int nameEnd = eq < 0 || eq > end ? end : eq;
                String name = Canonical.decodeComponent(rawQuery, start, nameEnd);
                if (name.startsWith("X-Amz-")) {
                    String value = nameEnd == end ? "" : Canonical.decodeComponent(rawQuery, nameEnd + 1, end);
                    switch (name) {
                        case "X-Amz-Algorithm" -> q.algorithm = q.algorithm == null ? value : q.algorithm;
                        case "X-Amz-Credential" -> q.credential = q.credential == null ? value : q.credential;
                        case "X-Amz-Date" -> q.date = q.date == null ? value : q.date;
                        case "X-Amz-Expires" -> q.expires = q.expires == null ? value : q.expires;
                        case "X-Amz-SignedHeaders" ->
                            q.signedHeaders = q.signedHeaders == null ? value : q.signedHeaders;
                        case X_AMZ_SIGNATURE -> q.signature = q.signature == null ? value : q.signature;
                        case "X-Amz-Security-Token" ->
                            q.securityToken = q.securityToken == null ? value : q.securityToken;
                        default -> {}
                    }
                }
                start = end + 1;
            }
            return q;
        }
    }
}

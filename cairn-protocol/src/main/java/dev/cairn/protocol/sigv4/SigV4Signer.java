package dev.cairn.protocol.sigv4;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import dev.cairn.protocol.http.Headers;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A client-side producer of AWS Signature Version 4 Authorization headers: it takes a request as it is about
 * to go on the wire and returns it with {@code X-Amz-Date}, {@code X-Amz-Security-Token} (for temporary
 * credentials) and {@code Authorization} added, computed with the same canonical forms that
 * {@link SigV4Verifier} checks. Instances are immutable and thread-safe.
 */
public final class SigV4Signer {
    /*
     * Notes
     * -----
     * What is signed. Every header of the request is signed except those a transport may add, drop or
     * rewrite on the way: Authorization itself, Content-Length, User-Agent, Expect, Connection,
     * Transfer-Encoding and X-Amzn-Trace-Id (botocore leaves out the same kind). 'host' must be among the
     * headers, with the value the transport will send (java.net.http sends host:port unless the port is the
     * scheme's default); a request without one is refused, as the verifier would refuse it.
     *
     * Payload. A present x-amz-content-sha256 is signed literally (UNSIGNED-PAYLOAD or a hex hash the caller
     * computed), as the verifier reads it; otherwise the SHA-256 of the body. The header is not added: only S3
     * requires it.
     *
     * Canonical forms. The URI, query and header blocks are written by Canonical, the code the verifier
     * uses, so the two cannot drift apart: the path is given already percent-encoded and (except for s3) is
     * normalised and encoded once more; the query is decoded and re-encoded, sorted by name then value.
     *
     * Time. X-Amz-Date is the given instant truncated to the second, and the scope's date is its first eight
     * characters. Presigned URLs and chunked (STREAMING-...) payloads are not produced.
     */

    private static final Set<String> UNSIGNED_HEADERS = Set.of(
            "authorization",
            "content-length",
            "user-agent",
            "expect",
            "connection",
            "transfer-encoding",
            "x-amzn-trace-id");
    private static final byte[] ALGORITHM_LINE = (SigV4Verifier.ALGORITHM + "\n").getBytes(US_ASCII);

    private final SigningCredentials credentials;
    private final String region;
    private final String service;

    /** Creates a signer for {@code service} in {@code region}, such as "cloudtrail" in "us-east-1". */
    public SigV4Signer(SigningCredentials credentials, String region, String service) {
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.region = requireScopePart(region, "region");
        this.service = requireScopePart(service, "service");
    }

    private static String requireScopePart(String value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isEmpty() || value.indexOf('/') >= 0 || !value.strip().equals(value)) {
            throw new IllegalArgumentException(
                    name + " '" + value + "' must be non-empty, without '/' and without surrounding whitespace");
        }
        return value;
    }

    /**
     * Returns {@code request} signed at {@code at}: its headers plus {@code x-amz-date}, {@code
     * x-amz-security-token} when the credentials have a session token, and {@code authorization}. Any of
     * these three already present is replaced.
     *
     * @throws IllegalArgumentException when the request has no Host header, or its query has a broken
     *     percent-escape
     */
    public SignedRequest sign(SignedRequest request, Instant at) {
        Signature s = compute(request, at);
        Headers headers = s.headers();
        headers.set("authorization", s.authorization());
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    /** Returns the canonical request that {@link #sign} signs, for tests and diagnostics. */
    String canonicalRequest(SignedRequest request, Instant at) {
        return compute(request, at).canonicalRequest();
    }

    /** Returns the string to sign that {@link #sign} signs, for tests and diagnostics. */
    String stringToSign(SignedRequest request, Instant at) {
        return compute(request, at).stringToSign();
    }

    /** The parts of one signature, with the headers to send (all but Authorization). */
    private record Signature(
            Headers headers,
            String scope,
            List<String> signedHeaders,
            String canonicalRequest,
            String stringToSign,
            String signature,
            String accessKeyId) {

        String authorization() {
            return SigV4Verifier.ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders="
                    + String.join(";", signedHeaders) + ", Signature=" + signature;
        }
    }

    private Signature compute(SignedRequest request, Instant at) {
        requireNonNull(request, "request is null");
        requireNonNull(at, "at is null");
        String amzDate = AmzDate.formatBasic(at);
        String date = amzDate.substring(0, 8);

        Headers headers = new Headers();
        for (String name : request.headers().names()) {
            if (name.equals("authorization") || name.equals("x-amz-date") || name.equals("x-amz-security-token")) {
                continue;
            }
            for (String value : request.headers().all(name)) {
                headers.add(name, value);
            }
        }
        if (!headers.contains("host")) {
            throw new IllegalArgumentException("the request to " + request.rawPath()
                    + " has no Host header; SigV4 must sign 'host', so add the one the transport will send");
        }
        headers.set("x-amz-date", amzDate);
        if (credentials.sessionToken() != null) {
            headers.set("x-amz-security-token", credentials.sessionToken());
        }
        List<String> signed = new ArrayList<>();
        for (String name : headers.names()) {
            if (!UNSIGNED_HEADERS.contains(name)) {
                signed.add(name);
            }
        }
        signed.sort(null);

        ByteSink c = new ByteSink(512);
        c.utf8(request.method());
        c.write('\n');
        Canonical.uri(request.rawPath(), service.equals("s3"), c);
        c.write('\n');
        try {
            Canonical.query(request.rawQuery(), false, c, new ByteSink(128));
        } catch (SigV4Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        c.write('\n');
        Canonical.headers(headers, signed, c);
        c.write('\n');
        c.utf8(String.join(";", signed));
        c.write('\n');
        String contentSha256 = headers.first("x-amz-content-sha256");
        if (contentSha256 != null) {
            c.utf8(contentSha256);
        } else {
            c.hex(Scratch.newSha256().digest(request.body()));
        }
        String canonicalRequest = c.toString();

        String scope = date + "/" + region + "/" + service + "/" + SigV4Verifier.TERMINATOR;
        ByteSink t = new ByteSink(256);
        t.write(ALGORITHM_LINE);
        t.utf8(amzDate);
        t.write('\n');
        t.utf8(scope);
        t.write('\n');
        MessageDigest sha256 = Scratch.newSha256();
        sha256.update(c.array(), 0, c.length());
        t.hex(sha256.digest());
        String stringToSign = t.toString();

        Mac mac = Scratch.newHmacSha256();
        byte[] key = SigningKeyCache.derive(mac, credentials.secretAccessKey(), date, region, service);
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 rejected a derived signing key", e);
        }
        mac.update(t.array(), 0, t.length());
        String signature = HexFormat.of().formatHex(mac.doFinal());
        return new Signature(
                headers,
                scope,
                List.copyOf(signed),
                canonicalRequest,
                stringToSign,
                signature,
                credentials.accessKeyId());
    }

    @Override
    public String toString() {
        return "SigV4Signer[" + credentials.accessKeyId() + "/" + region + "/" + service + "]";
    }
}

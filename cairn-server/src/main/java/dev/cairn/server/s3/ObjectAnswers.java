package dev.cairn.server.s3;

import static java.util.Objects.requireNonNull;

import dev.cairn.bucket.ObjectAttributes;
import dev.cairn.bucket.ObjectInfo;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The answers of GetObject and HeadObject: the object's headers ({@code ETag}, {@code Last-Modified},
 * {@code Content-Type}, {@code x-amz-meta-*}), the conditional headers (If-Match, If-None-Match,
 * If-Modified-Since, If-Unmodified-Since), a single byte {@code Range}, and the {@code response-*} query
 * parameters that override response headers.
 */
final class ObjectAnswers {
    static final String META_PREFIX = "x-amz-meta-";

    private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final Map<String, String> RESPONSE_OVERRIDES = Map.of(
            "response-content-type", "Content-Type",
            "response-content-language", "Content-Language",
            "response-expires", "Expires",
            "response-cache-control", "Cache-Control",
            "response-content-disposition", "Content-Disposition",
            "response-content-encoding", "Content-Encoding");

    private ObjectAnswers() {}

    /**
     * Returns the answer to a GetObject ({@code content} given) or a HeadObject ({@code content} null): 200
     * with the object, 206 with the asked range, or 304 when a condition says the client's copy is current.
     *
     * @throws S3Exception {@code PreconditionFailed} (412) or {@code InvalidRange} (416)
     */
    static HttpResponse answer(ObjectInfo info, byte @Nullable [] content, Headers request, Map<String, String> query) {
        boolean head = content == null;
        Headers headers = objectHeaders(info);
        if (notModified(request, info)) {
            Headers out = new Headers()
                    .set("Last-Modified", requireNonNull(headers.first("last-modified")))
                    .set("ETag", info.etag());
            return new HttpResponse(304, out, new byte[0]);
        }
        long[] range = range(request.first("range"), info.size());
        long from = range == null ? 0 : range[0];
        long length = range == null ? info.size() : range[1] - range[0] + 1;
        int status = range == null ? 200 : 206;
        if (range != null) {
            headers.set("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + info.size());
        }
        if (head) {
            headers.set("Content-Length", Long.toString(length));
            return new HttpResponse(status, headers, new byte[0]);
        }
        RESPONSE_OVERRIDES.forEach((parameter, header) -> {
            String value = query.get(parameter);
            if (value != null) {
                headers.set(header, value);
            }
        });
        byte[] body = range == null ? content : Arrays.copyOfRange(content, (int) from, (int) (from + length));
        return new HttpResponse(status, headers, body);
    }

    private static Headers objectHeaders(ObjectInfo info) {
        ObjectAttributes attributes = info.attributes();
        String contentType = attributes.contentType();
        Headers headers = new Headers()
                .set("Last-Modified", HTTP_DATE.format(info.lastModified()))
                .set("ETag", info.etag())
                .set("Accept-Ranges", "bytes")
                .set("Content-Type", contentType == null ? DEFAULT_CONTENT_TYPE : contentType);
        String contentEncoding = attributes.contentEncoding();
        if (contentEncoding != null) {
            headers.set("Content-Encoding", contentEncoding);
        }
        new TreeMap<>(attributes.userMetadata()).forEach((name, value) -> headers.set(META_PREFIX + name, value));
        return headers;
    }

    /**
     * Applies the conditions in RFC 9110's order: If-Match, else If-Unmodified-Since, fail with 412; then
     * If-None-Match, else If-Modified-Since, say whether the answer is 304.
     */
    private static boolean notModified(Headers request, ObjectInfo info) {
        Instant modified = info.lastModified().truncatedTo(ChronoUnit.SECONDS);
        String ifMatch = request.first("if-match");
        if (ifMatch != null) {
            if (!etagMatches(ifMatch, info.etag())) {
                throw S3Error.PRECONDITION_FAILED.exception();
            }
        } else {
            Instant since = httpDate(request.first("if-unmodified-since"));
            if (since != null && modified.isAfter(since)) {
                throw S3Error.PRECONDITION_FAILED.exception();
            }
        }
        String ifNoneMatch = request.first("if-none-match");
        if (ifNoneMatch != null) {
            return etagMatches(ifNoneMatch, info.etag());
        }
        Instant since = httpDate(request.first("if-modified-since"));
        return since != null && !modified.isAfter(since);
    }

    private static boolean etagMatches(String condition, String etag) {
        for (String candidate : condition.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || ("\"" + c + "\"").equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable Instant httpDate(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.strip(), Instant::from);
        } catch (DateTimeParseException e) {
            return null; // an unparsable date is ignored, as HTTP asks
        }
    }

    /**
     * Returns the single byte range {@code [first, last]} a Range header asks for, or null to send the whole
     * object (no header, several ranges, or a syntax HTTP says to ignore).
     *
     * @throws S3Exception {@code InvalidRange} when the range starts beyond the object
     */
    static long @Nullable [] range(@Nullable String header, long size) {
        if (header == null) {
            return null;
        }
        String spec = header.strip();
        if (!spec.startsWith("bytes=") || spec.indexOf(',') >= 0) {
            return null;
        }
        String r = spec.substring("bytes=".length()).strip();
        int dash = r.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = r.substring(0, dash).strip();
            String b = r.substring(dash + 1).strip();
            long first;
            long last;
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    throw S3Error.INVALID_RANGE.exception();
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(a);
                if (!b.isEmpty() && Long.parseLong(b) < first) {
                    return null;
                }
                last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            }
            if (first < 0 || first >= size) {
                throw S3Error.INVALID_RANGE.exception();
            }
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

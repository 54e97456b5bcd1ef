package dev.cairn.protocol.sigv4;

import dev.cairn.protocol.http.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pieces of a SigV4 canonical request, written straight into a {@link ByteSink}: the canonical URI, the
 * canonical query string and the canonical header block. See the notes in {@link SigV4Verifier}.
 */
final class Canonical {
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            UNRESERVED[c] = true;
            UNRESERVED[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        UNRESERVED['-'] = true;
        UNRESERVED['.'] = true;
        UNRESERVED['_'] = true;
        UNRESERVED['~'] = true;
    }

    private Canonical() {}

    /** Returns whether {@code c} is an RFC 3986 unreserved character, the only ones SigV4 leaves unencoded. */
    static boolean unreserved(int c) {
        return c < 128 && c >= 0 && UNRESERVED[c];
    }

    // ---- URI --------------------------------------------------------------------------------------------

    /**
     * Writes the canonical URI of {@code rawPath}: as-is for S3; for every other service with dot segments
     * and empty segments removed and every character but unreserved ones and '/' percent-encoded again.
     */
    static void uri(String rawPath, boolean s3, ByteSink out) {
        if (rawPath.isEmpty()) {
            out.write('/');
            return;
        }
        if (s3) {
            out.utf8(rawPath);
            return;
        }
        String path = needsNormalizing(rawPath) ? removeDotSegments(rawPath) : rawPath;
        if (path.isEmpty()) {
            out.write('/');
            return;
        }
        for (int i = 0, n = path.length(); i < n; i++) {
            char c = path.charAt(i);
            if (c < 0x80) {
                if (UNRESERVED[c] || c == '/') {
                    out.write(c);
                } else {
                    out.percent(c);
                }
            } else {
                i = out.utf8Char(path, i, n, true);
            }
        }
    }

    private static boolean needsNormalizing(String path) {
        if (path.charAt(0) == '.') {
            return true;
        }
        for (int i = path.indexOf('/'); i >= 0 && i + 1 < path.length(); i = path.indexOf('/', i + 1)) {
            char next = path.charAt(i + 1);
            if (next == '/' || next == '.') {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes '.' and '..' segments and empty segments ('//') the way botocore's {@code remove_dot_segments}
     * does: a '..' above the root is dropped, and a trailing '/' survives only when something precedes it.
     */
    static String removeDotSegments(String path) {
        ArrayDeque<String> kept = new ArrayDeque<>();
        int start = 0;
        int n = path.length();
        while (start <= n) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            String segment = path.substring(start, end);
            if (segment.equals("..")) {
                kept.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                kept.addLast(segment);
            }
            start = end + 1;
        }
        StringBuilder sb = new StringBuilder(path.length());
        if (path.charAt(0) == '/') {
            sb.append('/');
        }
        sb.append(String.join("/", kept));
        if (path.charAt(n - 1) == '/' && !kept.isEmpty()) {
            sb.append('/');
        }
        return sb.toString();
    }

    // ---- Query ------------------------------------------------------------------------------------------

    /** One query parameter with its name and value already in canonical (re-encoded) form. */
    private record Param(String name, String value) implements Comparable<Param> {
        @Override
        public int compareTo(Param o) {
            int c = name.compareTo(o.name);
            return c != 0 ? c : value.compareTo(o.value);
        }
    }

    /**
     * Writes the canonical query string: each name and value decoded ('+' counts as a space) and encoded
     * again with the RFC 3986 rules, pairs sorted by name then value, joined with '&'. Empty names are
     * skipped, as the AWS SDK for Java does; in a presigned request X-Amz-Signature is left out.
     */
    static void query(@Nullable String rawQuery, boolean presigned, ByteSink out, ByteSink scratch)
            throws SigV4Exception {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        List<Param> params = new ArrayList<>();
        int start = 0;
        int n = rawQuery.length();
        while (start <= n) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                int nameEnd = eq < 0 || eq > end ? end : eq;
                if (nameEnd > start) {
                    String name = encodeComponent(rawQuery, start, nameEnd, scratch);
                    if (!(presigned && name.equals(SigV4Verifier.X_AMZ_SIGNATURE))) {
                        String value = nameEnd == end ? "" : encodeComponent(rawQuery, nameEnd + 1, end, scratch);
                        params.add(new Param(name, value));
                    }
                }
            }
            start = end + 1;
        }
        if (params.size() > 1) {
            Collections.sort(params);
        }
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                out.write('&');
            }
            Param p = params.get(i);
            writeAscii(p.name, out);
            out.write('=');
            writeAscii(p.value, out);
        }
    }

    private static void writeAscii(String s, ByteSink out) {
        for (int i = 0, n = s.length(); i < n; i++) {
            out.write(s.charAt(i));
        }
    }

    /** Decodes {@code raw[from, to)} and encodes it again for the canonical query; the result is ASCII. */
    private static String encodeComponent(String raw, int from, int to, ByteSink scratch) throws SigV4Exception {
        boolean verbatim = true;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c >= 0x80 || !UNRESERVED[c]) {
                verbatim = false;
                break;
            }
        }
        if (verbatim) {
            return raw.substring(from, to);
        }
        scratch.reset();
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int b = escapedByte(raw, i, to);
                if (b < 0x80 && UNRESERVED[b]) {
                    scratch.write(b);
                } else {
                    scratch.percent(b);
                }
                i += 2;
            } else if (c == '+') {
                scratch.percent(' ');
            } else if (c < 0x80) {
                if (UNRESERVED[c]) {
                    scratch.write(c);
                } else {
                    scratch.percent(c);
                }
            } else {
                i = scratch.utf8Char(raw, i, to, true);
            }
        }
        return new String(scratch.array(), 0, scratch.length(), StandardCharsets.ISO_8859_1);
    }

    /** Decodes {@code raw[from, to)} as a query component: percent-escapes as UTF-8, '+' as a space. */
    static String decodeComponent(String raw, int from, int to) throws SigV4Exception {
        int firstSpecial = -1;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+') {
                firstSpecial = i;
                break;
            }
        }
        if (firstSpecial < 0) {
            return raw.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        byte[] prefix = raw.substring(from, firstSpecial).getBytes(StandardCharsets.UTF_8);
        bytes.write(prefix, 0, prefix.length);
        for (int i = firstSpecial; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                bytes.write(escapedByte(raw, i, to));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                int last = Character.isHighSurrogate(c) && i + 1 < to ? i + 2 : i + 1;
                byte[] utf8 = raw.substring(i, last).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i = last - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int escapedByte(String raw, int percentAt, int to) throws SigV4Exception {
        if (percentAt + 2 >= to) {
            throw new SigV4Exception(
                    SigV4Failure.MALFORMED_QUERY_STRING,
                    "Incomplete trailing escape % sequence: '" + raw.substring(percentAt, to)
                            + "' in the query string; '%' must be followed by two hex digits.");
        }
        char hi = raw.charAt(percentAt + 1);
        char lo = raw.charAt(percentAt + 2);
        if (!HexFormat.isHexDigit(hi) || !HexFormat.isHexDigit(lo)) {
            throw new SigV4Exception(
                    SigV4Failure.MALFORMED_QUERY_STRING,
                    "Illegal hex character in escape % pattern: '" + raw.substring(percentAt, percentAt + 3)
                            + "' in the query string; '%' must be followed by two hex digits.");
        }
        return (HexFormat.fromHexDigit(hi) << 4) | HexFormat.fromHexDigit(lo);
    }

    // ---- Headers ----------------------------------------------------------------------------------------

    /**
     * Writes one {@code name:value\n} line per signed header, in the order of {@code signedHeaders}: the
     * values of a repeated field trimmed, inner runs of whitespace collapsed to one space, and joined with
     * ','. A signed header missing from the request is written with an empty value.
     */
    static void headers(Headers headers, List<String> signedHeaders, ByteSink out) {
        for (int i = 0, n = signedHeaders.size(); i < n; i++) {
            String name = signedHeaders.get(i);
            out.utf8(name);
            out.write(':');
            List<String> values = headers.all(name);
            for (int v = 0, m = values.size(); v < m; v++) {
                if (v > 0) {
                    out.write(',');
                }
                trimAll(values.get(v), out);
            }
            out.write('\n');
        }
    }

    /** Writes {@code value} without leading and trailing whitespace and with each inner run as one space. */
    static void trimAll(String value, ByteSink out) {
        int n = value.length();
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (isWhitespace(c)) {
                pendingSpace = started;
            } else {
                if (pendingSpace) {
                    out.write(' ');
                    pendingSpace = false;
                }
                started = true;
                if (c < 0x80) {
                    out.write(c);
                } else {
                    i = out.utf8Char(value, i, n, false);
                }
            }
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
    }
}

package dev.cairn.bucket.folder;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The file names a {@link FolderObjectStore} gives keys: their natural paths, the escaped names of the keys
 * that cannot have one, and the names of the key index. The scheme is explained in the notes of {@link
 * FolderObjectStore}.
 */
final class Names {
    /** The folder, in a bucket's folder, of the objects whose keys cannot be a path. */
    static final String ESCAPED_FOLDER = "%escaped";

    /** The suffix of a record's file name in the index; never part of an encoded segment. */
    static final String RECORD_SUFFIX = "~";

    /** The file, in a hashed index folder, that holds the segment the folder stands for. */
    static final String SEGMENT_FILE = "#name";

    /** The longest file name the store makes, leaving room below the usual limit of 255 bytes. */
    private static final int MAX_NAME = 200;

    /** The longest segment, in UTF-8 bytes, that is a natural file name. */
    private static final int MAX_NATURAL_SEGMENT = 255;

    private Names() {}

    /** Returns the segments of {@code key} split at each {@code /}, empty ones included. */
    static List<String> segments(String key) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        for (int at = key.indexOf('/'); at >= 0; at = key.indexOf('/', start)) {
            segments.add(key.substring(start, at));
            start = at + 1;
        }
        segments.add(key.substring(start));
        return segments;
    }

    /**
     * Returns whether {@code segment} can be a file or folder name as it is: not empty, not {@code .} or
     * {@code ..}, no {@code %} (which marks escaped names), no backslash or control character, and at most
     * 255 UTF-8 bytes.
     */
    static boolean isNaturalSegment(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return segment.getBytes(UTF_8).length <= MAX_NATURAL_SEGMENT;
    }

    /** Returns whether every segment of {@code key} is natural, so that the key can be its own path. */
    static boolean isNaturalKey(String key) {
        for (String segment : segments(key)) {
            if (!isNaturalSegment(segment)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the name, in {@link #ESCAPED_FOLDER}, of the object of a key that cannot be its own path: the
     * key percent-encoded, or {@code #} and the SHA-256 of the key when that is too long.
     *
     * @param exact whether the file system keeps names exactly (case and Unicode form); when it does not,
     *     upper case letters and non-ASCII characters are encoded as well, so that no two keys fold together
     */
    static String escapedName(String key, boolean exact) {
        String encoded = encode(key, exact);
        return encoded.getBytes(UTF_8).length <= MAX_NAME ? encoded : "#" + sha256(key);
    }

    /**
     * Returns the name of the index folder for {@code segment}: the segment percent-encoded down to {@code
     * a-z 0-9 - _ .}, or {@code #} and its SHA-256 when that is too long. The names are the same on file
     * systems that fold case.
     */
    static String indexName(String segment) {
        String encoded = encode(segment, false);
        return encoded.length() <= MAX_NAME ? encoded : "#" + sha256(segment);
    }

    /** Returns the name of the index record of a key whose last segment is {@code segment}. */
    static String recordName(String segment) {
        return indexName(segment) + RECORD_SUFFIX;
    }

    /** Returns whether {@code name} in the index is hashed, so that its segment must be looked up. */
    static boolean isHashed(String name) {
        return name.startsWith("#");
    }

    /** Returns the segment that an index name which is not hashed stands for, or null if it stands for none. */
    static @Nullable String decode(String name) {
        if (name.equals("%")) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                if (i + 2 >= name.length()) {
                    return null;
                }
                int hi = Character.digit(name.charAt(i + 1), 16);
                int lo = Character.digit(name.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null; // index names are ASCII
            }
        }
        return bytes.toString(UTF_8);
    }

    /**
     * Percent-encodes {@code text} into a file name: an empty text is {@code %}, a leading dot is encoded
     * (no hidden names, no {@code .} or {@code ..}), and so are {@code / % \ # ~}, control characters and,
     * unless {@code keepCaseAndUnicode}, every character but {@code a-z 0-9 - _ .}.
     */
    static String encode(String text, boolean keepCaseAndUnicode) {
        if (text.isEmpty()) {
            return "%";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (isPlain(cp, i == 0, keepCaseAndUnicode)) {
                out.appendCodePoint(cp);
            } else {
                for (byte b : text.substring(i, i + width).getBytes(UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
                    out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            i += width;
        }
        return out.toString();
    }

    private static boolean isPlain(int cp, boolean first, boolean keepCaseAndUnicode) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '-' || cp == '_') {
            return true;
        }
        if (cp == '.') {
            return !first;
        }
        if (!keepCaseAndUnicode) {
            return false;
        }
        return cp >= 0x20 && cp != 0x7f && cp != '/' && cp != '%' && cp != '\\' && cp != '#' && cp != '~';
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

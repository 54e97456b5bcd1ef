package dev.cairn.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/** The rules of object keys and their order, shared by every {@link ObjectStore}. */
public final class ObjectKeys {
    /** The longest key S3 accepts, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    /**
     * The order S3 lists keys in: ascending UTF-8 bytes, which is ascending code points. It differs from
     * {@link String#compareTo}, which orders UTF-16 units, for characters above U+FFFF (an emoji sorts
     * after U+FF21 in UTF-8, before it in UTF-16).
     */
    public static final Comparator<String> ORDER = ObjectKeys::compare;

    private ObjectKeys() {}

    /**
     * Returns {@code key} if it is a valid key: from 1 to {@value #MAX_KEY_BYTES} UTF-8 bytes, with no
     * unpaired surrogate (which has no UTF-8 form).
     *
     * @throws IllegalArgumentException otherwise, naming the key and the rule
     */
    public static String check(String key) {
        requireNonNull(key, "key is null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("an object key must not be empty");
        }
        checkWellFormed("key", key);
        int bytes = key.getBytes(UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key '" + key.substring(0, 40) + "...' is " + bytes
                    + " UTF-8 bytes long, more than the " + MAX_KEY_BYTES + " allowed");
        }
        return key;
    }

    /**
     * Returns {@code value} if it is null or has no unpaired surrogate; for a prefix, delimiter or start key.
     *
     * @throws IllegalArgumentException otherwise, naming what it is
     */
    public static @Nullable String checkWellFormed(String what, @Nullable String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        what + " has an unpaired surrogate at index " + i + ", which has no UTF-8 form");
            }
        }
        return value;
    }

    /** Compares two keys in {@link #ORDER}. */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Surrogates (D800-DFFF) encode code points above FFFF, so they sort after E000-FFFF.
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs != ys) {
                    return xs ? 1 : -1;
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}

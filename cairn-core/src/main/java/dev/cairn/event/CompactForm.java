package dev.cairn.event;

/**
 * The test of whether JSON text is already in the compact form {@link CompactCopier} writes, so that it can
 * be kept as it is instead of being copied token by token.
 *
 * <p>The text must come from a parser that has already checked its syntax. It is in compact form when
 * there is no whitespace outside strings, and every escape inside a string is one jackson writes: the
 * short escapes {@code \" \\ \b \f \n \r \t}, and {@code \}{@code u00XX} with upper-case hex for the other
 * control characters. Anything else ({@code \/}, {@code \}{@code u00e9}, lower-case hex) is written
 * differently by the copier, so such text is not in compact form.
 */
final class CompactForm {

    private CompactForm() {}

    static boolean isCompact(byte[] text, int from, int to) {
        boolean inString = false;
        for (int i = from; i < to; i++) {
            int c = text[i];
            if (inString) {
                if (c == '"') {
                    inString = false;
                } else if (c == '\\') {
                    if (i + 1 >= to) {
                        return false;
                    }
                    int escaped = text[++i];
                    switch (escaped) {
                        case '"', '\\', 'b', 'f', 'n', 'r', 't' -> {}
                        case 'u' -> {
                            if (i + 4 >= to || !isJacksonUnicodeEscape(text, i + 1)) {
                                return false;
                            }
                            i += 4;
                        }
                        default -> {
                            return false;
                        }
                    }
                } else if (c >= 0 && c < 0x20) {
                    return false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                return false;
            }
        }
        return !inString;
    }

    /** Whether the four hex digits at {@code at} are {@code 00XX}, upper case, for a control character. */
    private static boolean isJacksonUnicodeEscape(byte[] text, int at) {
        if (text[at] != '0' || text[at + 1] != '0') {
            return false;
        }
        int high = text[at + 2];
        int low = text[at + 3];
        if (high != '0' && high != '1') {
            return false;
        }
        int value;
        if (low >= '0' && low <= '9') {
            value = (high - '0') * 16 + (low - '0');
        } else if (low >= 'A' && low <= 'F') {
            value = (high - '0') * 16 + (low - 'A' + 10);
        } else {
            return false;
        }
        // These have short escapes, which jackson writes instead.
        return value != '\b' && value != '\f' && value != '\n' && value != '\r' && value != '\t';
    }
}

package dev.cairn.cli.events;

import java.io.IOException;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, and a field that holds a
 * comma, a double quote, a CR or an LF enclosed in double quotes, with each double quote inside doubled.
 * Other fields, including empty ones and ones with spaces, are written as they are.
 */
final class Csv {
    private Csv() {}

    /** Writes one record: the fields, quoted where needed, then CRLF. */
    static void writeRecord(Appendable out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeField(out, fields.get(i));
        }
        out.append("\r\n");
    }

    /** Writes one field, enclosed in double quotes when it holds a comma, a double quote, a CR or an LF. */
    static void writeField(Appendable out, String field) throws IOException {
        if (!needsQuotes(field)) {
            out.append(field);
            return;
        }
        out.append('"');
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean needsQuotes(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}

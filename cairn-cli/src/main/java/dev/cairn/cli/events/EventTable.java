package dev.cairn.cli.events;

import dev.cairn.history.HistoryEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code events lookup} prints: a header line, then one line per event, columns separated by
 * two spaces, each as wide as its widest cell up to a cap, longer cells cut to end in "...". The last column is
 * not padded.
 */
final class EventTable {
    /** The widest each column gets, in the order of {@link EventRows#TABLE_HEADER}. */
    static final int[] MAX_WIDTHS = {20, 40, 32, 32, 9, 60};

    private EventTable() {}

    static void write(List<HistoryEvent> events, PrintStream out) {
        List<List<String>> rows = new ArrayList<>(events.size() + 1);
        rows.add(EventRows.TABLE_HEADER);
        for (HistoryEvent e : events) {
            rows.add(EventRows.table(e));
        }
        int columns = EventRows.TABLE_HEADER.size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] =
                        Math.max(widths[c], Math.min(MAX_WIDTHS[c], row.get(c).length()));
            }
        }
        StringBuilder line = new StringBuilder();
        for (List<String> row : rows) {
            line.setLength(0);
            for (int c = 0; c < columns; c++) {
                String cell = cut(row.get(c), widths[c]);
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(widths[c] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Returns {@code cell} cut to {@code width} characters, the last three "..." when anything was cut. */
    static String cut(String cell, int width) {
        return cell.length() <= width ? cell : cell.substring(0, Math.max(0, width - 3)) + "...";
    }
}

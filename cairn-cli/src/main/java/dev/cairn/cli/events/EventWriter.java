package dev.cairn.cli.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.history.HistoryEvent;
import java.io.IOException;
import java.io.Writer;

/**
 * A writer of events in one of the CLI's machine-readable formats, fed one event at a time so that nothing
 * but the current event is held: {@link #begin} once, {@link #write} per event, {@link #end} once. The JSON
 * formats write each event's record ({@code CloudTrailEvent}) as it was journaled, on one line.
 */
final class EventWriter {
    /** The formats. */
    enum Format {
        /** {@code {"Records":[...]}}, the layout of a trail's log file, one record per line. */
        RECORDS,
        /** A JSON array of records, one per line. */
        ARRAY,
        /** One record per line and nothing else (JSON Lines). */
        LINES,
        /** A header row, then one row per event ({@link EventRows#CSV_HEADER}), RFC 4180. */
        CSV
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;
    private final Format format;
    private long written;

    EventWriter(Writer out, Format format) {
        this.out = requireNonNull(out, "out is null");
        this.format = requireNonNull(format, "format is null");
    }

    /** Returns how many events were written. */
    long written() {
        return written;
    }

    void begin() throws IOException {
        switch (format) {
            case RECORDS -> out.write("{\"Records\":[");
            case ARRAY -> out.write("[");
            case LINES -> {}
            case CSV -> Csv.writeRecord(out, EventRows.CSV_HEADER);
        }
    }

    void write(HistoryEvent event) throws IOException {
        switch (format) {
            case RECORDS, ARRAY -> {
                out.write(written == 0 ? "\n" : ",\n");
                out.write(oneLine(event.cloudTrailEvent()));
            }
            case LINES -> {
                out.write(oneLine(event.cloudTrailEvent()));
                out.write('\n');
            }
            case CSV -> Csv.writeRecord(out, EventRows.csv(event));
        }
        written++;
    }

    void end() throws IOException {
        switch (format) {
            case RECORDS -> out.write(written == 0 ? "]}\n" : "\n]}\n");
            case ARRAY -> out.write(written == 0 ? "]\n" : "\n]\n");
            case LINES, CSV -> {}
        }
        out.flush();
    }

    /**
     * Returns {@code record} as one line of JSON: as it is when it already is one (the journal writes records
     * compactly), else compacted; a record that is not JSON at all becomes a JSON string, so that the output
     * stays valid.
     */
    static String oneLine(String record) {
        if (record.indexOf('\n') < 0 && record.indexOf('\r') < 0 && record.startsWith("{")) {
            return record;
        }
        try {
            return JSON.writeValueAsString(JSON.readTree(record));
        } catch (JsonProcessingException e) {
            try {
                return JSON.writeValueAsString(record);
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException("Jackson cannot write a string", impossible);
            }
        }
    }
}

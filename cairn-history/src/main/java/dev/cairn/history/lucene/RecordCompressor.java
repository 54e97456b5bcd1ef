package dev.cairn.history.lucene;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictTrainer;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.util.Native;
import dev.cairn.event.JsonStringLiteral;
import dev.cairn.history.EventStoreException;
import java.util.SplittableRandom;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compressed form in which the index stores one event: a vint dictionary number (0 for none), a vint
 * raw length, and a magicless zstd frame of the raw form (a vint summary length, the {@link
 * HistoryDocuments summary}, the record JSON as a {@link JsonStringLiteral}, quoted and escaped as
 * LookupEvents answers it), compressed with a dictionary trained on the store's own
 * records. Also decides when to train a dictionary. Not thread-safe: the store compresses under its write
 * lock.
 *
 * <p>Training schedule. Records compressed without a dictionary until {@code samples} were seen; then a
 * dictionary from all of them; then each time {@code growth} times as many records as the current
 * dictionary was drawn from have been stored since it (a uniform sample of them), or when the records
 * stored since grew {@code driftRatio} times larger compressed than right after it was trained (the
 * records changed: new services, new callers), after at least {@code driftMinRecords}.
 */
final class RecordCompressor implements AutoCloseable {

    /*
     * Notes
     * -----
     * Why each record alone. A lookup whose matches are scattered over the index (a rare EventName, one
     * user's calls) reads 50 records from 50 places. Lucene's stored fields compress records in blocks of
     * 80 KB, so each such read decompressed a block's dictionary and an 8 KB part of it: about half the CPU
     * of such a lookup. A record compressed alone is read by decompressing itself (about 1.3 KB, 1-3 µs).
     *
     * Why a trained dictionary. A record alone barely compresses (LZ4: 1.3 KB to 0.9 KB), since what
     * repeats is between records: field names, services, ARNs, user agents. A zstd dictionary trained on
     * records carries those; measured on the corpus of real records, 300 bytes per record at level 3 with
     * 64 KB, as much as gzip of the whole corpus, and less than Lucene's blocks.
     *
     * Why several. The dictionary of the first records may not fit the records of a month later. A new
     * one never replaces an old one: records keep the number of theirs, and the index keeps every
     * dictionary (one document each, which deletions by time never match). The schedule is geometric, so
     * a store of a billion records has about six.
     */

    /** zstd's level: 3 (its default) compresses 8 % smaller than 1 at about 20 % more time. */
    static final int LEVEL = 3;

    /** A sample longer than this is left out of training; such records are rare and unlike the others. */
    private static final int MAX_SAMPLE_BYTES = 16 << 10;

    private static final int MAX_DICTIONARY_BYTES = 64 << 10;
    private static final int MIN_DICTIONARY_BYTES = 1 << 10;

    /** The header's two vints take at most this many bytes. */
    private static final int MAX_HEADER = 10;

    private static final Logger log = LoggerFactory.getLogger(RecordCompressor.class);

    /**
     * When to train a dictionary; {@link #defaults} for a store. zstd refuses to train from fewer than
     * about 15 samples, so fewer only make trainings that fail, for tests.
     */
    record Training(int samples, int growth, int driftWindow, double driftRatio, long driftMinRecords) {
        Training {
            if (samples < 10 || growth < 2 || driftWindow < 1 || !(driftRatio > 1) || driftMinRecords < 0) {
                throw new IllegalArgumentException("a training needs samples >= 10, growth >= 2, driftWindow >= 1,"
                        + " driftRatio > 1 and driftMinRecords >= 0; got " + samples + ", " + growth + ", "
                        + driftWindow + ", " + driftRatio + ", " + driftMinRecords);
            }
        }

        static Training defaults() {
            return new Training(2_000, 25, 10_000, 1.5, 100_000);
        }
    }

    /** A trained dictionary: its number, its bytes, and how many records its samples were drawn from. */
    record Dictionary(int number, byte[] bytes, long drawnFrom) {}

    private final RecordDictionaries dictionaries;
    private final Training training;
    private final ZstdCompressCtx plain = context();
    private final ZstdCompressCtx withDictionary = context();
    private final SplittableRandom random = new SplittableRandom(0x5eed);

    private @Nullable ZstdDictCompress current;
    private int currentNumber;
    private int nextNumber;

    /** How many records the current dictionary's samples were drawn from; 0 without one. */
    private long drawnFrom;

    /** Records compressed since the current dictionary (or since the store opened). */
    private long since;

    private final byte[][] samples;
    private int sampleCount;

    /** Records the samples were drawn from (reservoir sampling): since the last training or opening. */
    private long offered;

    /** Mean compressed size of the first window after the current dictionary; 0 until known. */
    private double baseline;

    private long windowBytes;
    private int windowRecords;
    private boolean drifted;

    private int failedTrainings;

    private byte[] raw = new byte[4096];
    private byte[] out = new byte[4096];

    /**
     * A compressor that compresses with {@code latest}, the newest dictionary of the index (which {@code
     * dictionaries} holds), or without one when null, and numbers new dictionaries after it.
     */
    RecordCompressor(RecordDictionaries dictionaries, Training training, @Nullable Dictionary latest) {
        this.dictionaries = dictionaries;
        this.training = training;
        this.samples = new byte[training.samples()][];
        this.nextNumber = (latest == null ? 0 : latest.number()) + 1;
        if (latest != null) {
            switchTo(latest);
        }
    }

    /**
     * Loads zstd's native library, which zstd-jni unpacks into {@code java.io.tmpdir} unless it is
     * installed, or says why it cannot.
     *
     * @throws EventStoreException when the library cannot be loaded on this machine
     */
    static void loadNative() {
        try {
            Native.load();
        } catch (LinkageError e) {
            throw new EventStoreException(
                    "event history compresses events with zstd, whose native library (zstd-jni) cannot be loaded"
                            + " here: " + e.getMessage() + ". zstd-jni unpacks it into java.io.tmpdir ("
                            + System.getProperty("java.io.tmpdir") + "), which must allow executable files: point"
                            + " -Djava.io.tmpdir in CAIRN_JAVA_OPTS at a directory that does",
                    e);
        }
    }

    /**
     * Returns the compressed form of an event with {@code summary} and {@code json}; valid until the next
     * call.
     */
    BytesRef compress(BytesRef summary, byte[] json) {
        raw = ArrayUtil.grow(
                raw, vintLength(summary.length) + summary.length + JsonStringLiteral.maxQuotedLength(json.length));
        int at = writeVInt(raw, 0, summary.length);
        System.arraycopy(summary.bytes, summary.offset, raw, at, summary.length);
        int rawLength = JsonStringLiteral.quoteInto(json, 0, json.length, raw, at + summary.length);

        int bound = MAX_HEADER + (int) Zstd.compressBound(rawLength);
        out = ArrayUtil.grow(out, bound);
        int header = writeVInt(out, 0, currentNumber);
        header = writeVInt(out, header, rawLength);
        ZstdCompressCtx context = current == null ? plain : withDictionary;
        int frame = context.compressByteArray(out, header, out.length - header, raw, 0, rawLength);
        sample(rawLength);
        observe(header + frame);
        return new BytesRef(out, 0, header + frame);
    }

    /**
     * Trains the next dictionary if the schedule says so, and returns it without using it yet: the store
     * first stores it, then {@link #use}s it. Returns null when none is due or training failed (logged; the
     * current dictionary stays, and the next attempt comes {@code growth} times later).
     */
    @Nullable
    Dictionary trainIfDue() {
        if (!due()) {
            return null;
        }
        long drawn = offered;
        long started = System.nanoTime();
        try {
            long total = 0;
            for (int i = 0; i < sampleCount; i++) {
                total += samples[i].length;
            }
            int size = (int) Math.max(MIN_DICTIONARY_BYTES, Math.min(MAX_DICTIONARY_BYTES, total / 16));
            ZstdDictTrainer trainer = new ZstdDictTrainer((int) Math.min(Integer.MAX_VALUE - 16, total), size, LEVEL);
            for (int i = 0; i < sampleCount; i++) {
                trainer.addSample(samples[i]);
            }
            byte[] bytes = trainer.trainSamples();
            Dictionary dictionary = new Dictionary(nextNumber, bytes, drawn);
            log.info(
                    "Trained zstd dictionary {} for the event history ({} bytes, from {} of {} records) in {} ms",
                    dictionary.number(),
                    bytes.length,
                    sampleCount,
                    drawn,
                    (System.nanoTime() - started) / 1_000_000);
            return dictionary;
        } catch (ZstdException | IllegalArgumentException e) {
            log.warn(
                    "Could not train a zstd dictionary for the event history from {} records ({}); records stay"
                            + " compressed as they are",
                    sampleCount,
                    e.getMessage());
            failedTrainings++;
            drawnFrom = Math.max(drawnFrom, drawn); // back off: the next attempt comes growth times later
            since = 0;
            resetSamples();
            drifted = false;
            return null;
        }
    }

    /** Compresses from now on with {@code dictionary}, which the store has stored. */
    void use(Dictionary dictionary) {
        dictionaries.add(dictionary.number(), dictionary.bytes());
        nextNumber = Math.max(nextNumber, dictionary.number() + 1);
        switchTo(dictionary);
    }

    /** Forgets the current dictionary and the samples, as after every stored event was deleted. */
    void reset() {
        current = null;
        currentNumber = 0;
        drawnFrom = 0;
        startOver();
    }

    /** How many trainings failed since this compressor was made. */
    int failedTrainings() {
        return failedTrainings;
    }

    /** The number of the dictionary records are compressed with now, 0 for none. */
    int currentNumber() {
        return currentNumber;
    }

    @Override
    public void close() {
        plain.close();
        withDictionary.close();
    }

    private void switchTo(Dictionary dictionary) {
        ZstdDictCompress previous = current;
        current = new ZstdDictCompress(dictionary.bytes(), LEVEL);
        withDictionary.loadDict(current);
        if (previous != null) {
            previous.close(); // the context refers to the new one now
        }
        currentNumber = dictionary.number();
        drawnFrom = Math.max(1, dictionary.drawnFrom());
        startOver();
    }

    /** Starts counting, sampling and watching for drift afresh, as for a new dictionary. */
    private void startOver() {
        since = 0;
        baseline = 0;
        windowBytes = 0;
        windowRecords = 0;
        drifted = false;
        resetSamples();
    }

    private boolean due() {
        if (sampleCount < samples.length) {
            return false; // the first dictionary comes from the first records, every later one from more
        }
        if (current == null && drawnFrom == 0) {
            return true;
        }
        if (since >= (long) training.growth() * drawnFrom) {
            return true;
        }
        return drifted && since >= training.driftMinRecords();
    }

    /** Offers the raw record just compressed to the reservoir of samples (algorithm R). */
    private void sample(int rawLength) {
        since++;
        if (rawLength > MAX_SAMPLE_BYTES) {
            return;
        }
        offered++;
        int slot;
        if (sampleCount < samples.length) {
            slot = sampleCount++;
        } else {
            long pick = random.nextLong(offered);
            if (pick >= samples.length) {
                return;
            }
            slot = (int) pick;
        }
        byte[] sample = samples[slot];
        if (sample == null || sample.length != rawLength) {
            sample = new byte[rawLength];
            samples[slot] = sample;
        }
        System.arraycopy(raw, 0, sample, 0, rawLength);
    }

    /** Tracks the mean compressed size per window, to see the records drift from the dictionary. */
    private void observe(int compressed) {
        if (current == null) {
            return;
        }
        windowBytes += compressed;
        if (++windowRecords < training.driftWindow()) {
            return;
        }
        double mean = (double) windowBytes / windowRecords;
        if (baseline == 0) {
            baseline = mean;
        } else if (mean > baseline * training.driftRatio()) {
            drifted = true;
        }
        windowBytes = 0;
        windowRecords = 0;
    }

    private void resetSamples() {
        sampleCount = 0;
        offered = 0;
    }

    private static ZstdCompressCtx context() {
        return new ZstdCompressCtx()
                .setLevel(LEVEL)
                .setMagicless(true)
                .setChecksum(false) // the index files have their own checksums
                .setContentSize(false) // the header has it
                .setDictID(false); // the header has the number
    }

    private static int vintLength(int value) {
        int length = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            length++;
        }
        return length;
    }

    private static int writeVInt(byte[] buffer, int at, int value) {
        while ((value & ~0x7F) != 0) {
            buffer[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[at++] = (byte) value;
        return at;
    }
}

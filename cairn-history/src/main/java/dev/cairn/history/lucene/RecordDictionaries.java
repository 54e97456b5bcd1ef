package dev.cairn.history.lucene;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;
import dev.cairn.history.EventStoreException;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.RecordText;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * The zstd dictionaries an index's records were compressed with, by number, and the reading of a stored
 * record: its {@link RecordCompressor compressed form} back into the event LookupEvents shows.
 * Thread-safe: lookups read records in parallel while the writer adds dictionaries.
 *
 * <p>A dictionary number is never given twice in one process, not even after {@link LuceneEventStore#clear}:
 * a lookup still holding a searcher from before the clear reads its records with the dictionaries they
 * were compressed with, which therefore stay here.
 */
final class RecordDictionaries {

    /** Decompression contexts kept for reuse; beyond this many, a returned context is closed. */
    private static final int POOLED_CONTEXTS = 16;

    /** By number; entry 0 (records compressed without a dictionary) is always null. */
    private volatile @Nullable ZstdDictDecompress[] byNumber = new ZstdDictDecompress[1];

    private final ConcurrentLinkedQueue<Context> contexts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();

    /** Makes dictionary {@code number} readable; a number already held keeps its dictionary. */
    synchronized void add(int number, byte[] dictionary) {
        if (number < 1) {
            throw new IllegalArgumentException("dictionary number " + number + " is not positive");
        }
        ZstdDictDecompress[] current = byNumber;
        if (number < current.length && current[number] != null) {
            return;
        }
        ZstdDictDecompress[] next = Arrays.copyOf(current, Math.max(current.length, number + 1));
        next[number] = new ZstdDictDecompress(dictionary);
        byNumber = next;
    }

    /** Reads the event stored as {@code stored}, which {@link RecordCompressor#compress} made. */
    HistoryEvent read(BytesRef stored) {
        ByteArrayDataInput in = new ByteArrayDataInput(stored.bytes, stored.offset, stored.length);
        int number;
        int length;
        try {
            number = in.readVInt();
            length = in.readVInt();
        } catch (RuntimeException e) {
            throw corrupt("its header is cut short", e);
        }
        int frame = in.getPosition();
        byte[] raw = new byte[length];
        Context context = context();
        try {
            context.use(number);
            int read = context.zstd.decompressByteArray(
                    raw, 0, length, stored.bytes, frame, stored.offset + stored.length - frame);
            if (read != length) {
                throw corrupt("it holds " + read + " bytes where its header says " + length, null);
            }
        } catch (ZstdException e) {
            context.loaded = UNKNOWN;
            throw corrupt("zstd cannot decompress it: " + e.getMessage(), e);
        } finally {
            release(context);
        }
        try {
            ByteArrayDataInput record = new ByteArrayDataInput(raw);
            int summaryLength = record.readVInt();
            int summaryStart = record.getPosition();
            int jsonStart = summaryStart + summaryLength;
            if (length - jsonStart < 2 || raw[jsonStart] != '"' || raw[length - 1] != '"') {
                throw new IllegalStateException("its record is not a string literal");
            }
            return HistoryDocuments.read(
                    new BytesRef(raw, summaryStart, summaryLength),
                    RecordText.ofLiteral(raw, jsonStart, length - jsonStart));
        } catch (RuntimeException e) {
            throw corrupt("its summary cannot be read: " + e, e);
        }
    }

    private ZstdDictDecompress dictionary(int number) {
        ZstdDictDecompress[] current = byNumber;
        ZstdDictDecompress dictionary = number < current.length ? current[number] : null;
        if (dictionary == null) {
            throw new EventStoreException("a stored event was compressed with dictionary " + number
                    + ", which the event history index does not hold: rebuild the index from the journal"
                    + " (delete its directory)");
        }
        return dictionary;
    }

    private Context context() {
        Context context = contexts.poll();
        if (context == null) {
            return new Context();
        }
        pooled.decrementAndGet();
        return context;
    }

    private void release(Context context) {
        if (pooled.incrementAndGet() <= POOLED_CONTEXTS) {
            contexts.offer(context);
        } else {
            pooled.decrementAndGet();
            context.zstd.close();
        }
    }

    /** The state of a context after a failure: reset before its next use. */
    private static final int UNKNOWN = -1;

    /**
     * A decompression context and the dictionary it holds: zstd keeps a referenced dictionary for every
     * frame after, so a context reads the records of the same dictionary without loading it again (which
     * was 2 % of a lookup).
     */
    private final class Context {
        final ZstdDecompressCtx zstd = new ZstdDecompressCtx().setMagicless(true);
        int loaded;

        void use(int number) {
            if (number == loaded) {
                return;
            }
            if (number == 0 || loaded == UNKNOWN) {
                zstd.reset(); // drops the dictionary, and the magicless setting with it
                zstd.setMagicless(true);
                loaded = 0;
            }
            if (number != 0) {
                zstd.loadDict(dictionary(number));
                loaded = number;
            }
        }
    }

    private static EventStoreException corrupt(String why, @Nullable Exception cause) {
        return new EventStoreException(
                "a stored event in the event history index is corrupt (" + why
                        + "): rebuild the index from the journal (delete its directory)",
                cause);
    }
}

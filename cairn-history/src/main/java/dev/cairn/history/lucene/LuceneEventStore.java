package dev.cairn.history.lucene;

import static java.util.Objects.requireNonNull;

import dev.cairn.history.EventStore;
import dev.cairn.history.EventStoreException;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.LookupAttribute;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.history.LookupCursor;
import dev.cairn.history.LookupQuery;
import dev.cairn.history.LookupResult;
import dev.cairn.history.RecordText;
import dev.cairn.history.StoredEvent;
import dev.cairn.journal.JournalPosition;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValuesSkipper;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventStore} kept as a Lucene index in one directory: one document per event, sorted by event
 * time and then by append sequence, both descending, so that the newest events of a lookup are the first
 * documents of every segment and a lookup stops after one page.
 *
 * <p>Each event is indexed under its scope (kind, account, region) and, for each lookup attribute but
 * EventId, under the scope followed by each of its values ({@link HistoryFields#values}), so that a lookup
 * is one term and a time range (an EventId lookup is the eventID term and the scope term); the time range
 * maps to a contiguous run of documents through the index sort. The record JSON and the fields
 * LookupEvents shows are kept in a binary doc-values field, each event compressed on its own with a zstd
 * dictionary trained on the store's records ({@link RecordCompressor}), so that a lookup reads each of its
 * events by decompressing that event only. The commit user data holds the index format, the journal
 * position the commit covers and the next append sequence; an index of another format is rebuilt from the
 * journal.
 *
 * <p>A duplicate is recognised by its eventID among the stored events of the same eventTime, as a
 * redelivered record has: a record that reuses an eventID with another time may be stored a second time.
 *
 * <p>The directory is created owner-only if missing; Lucene's {@code write.lock} keeps a second process
 * from opening it. Thread-safe: writes are serialized, lookups run in parallel with them and with each
 * other.
 */
public final class LuceneEventStore implements EventStore {

    /*
     * Notes
     * -----
     * Visibility. Writes go through one IndexWriter; lookups use a near-real-time searcher from a
     * SearcherManager. Every write records its IndexWriter sequence number in `writtenSeqNo` before it
     * returns, and a refresh records in `visibleSeqNo` the writer's highest completed sequence number
     * taken just before it reopened. With writes serialized there are no gaps, so everything at or below
     * `visibleSeqNo` is in the current searcher. Refreshing for every lookup that follows an append would
     * write a segment of the one or two events appended since (a recorded LookupEvents call appends its own
     * event), so appended events also go to `tail` (UnrefreshedTail), which lookups search in memory
     * beside the searcher. Once the tail holds more than `lookupTailEvents`, a lookup starts a refresh in
     * the background and goes on; it waits for a refresh only when the tail outgrew four times that (the
     * refreshes fall behind) or dropped events for passing MAX_TAIL_BYTES. A delete refreshes before it returns, so
     * the tail never holds an event a delete removed.
     *
     * Duplicates. An eventID is ignored when it is stored already. The check looks in the current searcher
     * and in `unrefreshed`: the eventIDs of appends the searcher may not contain yet, with the sequence
     * number of their append. An append first drops the batches at or below `visibleSeqNo` and only then
     * acquires the searcher, which is therefore at least as new as the refresh that made them visible.
     * When no lookups come, an append refreshes once MAX_UNREFRESHED IDs wait, which bounds them. In
     * the searcher, only segments whose time range holds the event's time are asked (a redelivered record
     * has the same eventTime); since events mostly arrive in time order, that is the newest segment or
     * two, not all of them.
     *
     * Sequence. Each stored event gets the next number of `nextSequence`, which orders the events of one
     * second and makes every (time, sequence) unique, so cursors are exact. It is saved in every commit,
     * and opening takes the larger of that and the highest stored number plus one (the field has a doc
     * values skipper for it): appends go on while a commit syncs, so a commit may hold events numbered
     * after the value it saved. An event lost in a crash (appended, not committed) may have its number
     * given again after the restart, which only matters to a cursor handed out between the two.
     *
     * Commits. A commit holds the write lock only to set its user data; the index writer's commit (a
     * flush, then syncing every file written since the last commit, which can take a few hundred ms after
     * merges) runs beside appends, under `commitLock`. It holds every event appended before it was
     * called, and maybe some appended during it, which a restart then finds stored already.
     */

    static final String ID = "id";
    static final String SCOPE = "scope";
    static final String TIME = "time";
    static final String SEQUENCE = "seq";
    static final String RECORD = "record";

    static final String FORMAT_KEY = "cairn.indexFormat";
    static final String POSITION_KEY = "cairn.journalPosition";
    static final String NEXT_SEQUENCE_KEY = "cairn.nextSequence";

    /**
     * The index format: 3 keeps each event compressed on its own in {@link #RECORD}, its record as the
     * string literal an answer copies; 2 kept the record as JSON; 1 (no key) kept them in stored fields.
     */
    static final String FORMAT = "3";

    /** Separates the parts of scopes and of scoped attribute terms. */
    static final char SEPARATOR = '\u001f';

    static final Sort SORT = new Sort(timeSortField(), new SortField(SEQUENCE, SortField.Type.LONG, true));

    /** The lookup attributes indexed under scoped terms; EventId is the unscoped {@link #ID} term. */
    static final List<LookupAttributeKey> INDEXED_KEYS = Arrays.stream(LookupAttributeKey.values())
            .filter(key -> key != LookupAttributeKey.EventId)
            .toList();

    /** How many unrefreshed eventIDs make an append refresh the searcher first. */
    private static final int MAX_UNREFRESHED = 50_000;

    private static final Logger log = LoggerFactory.getLogger(LuceneEventStore.class);

    private static final long REFRESH_FAILURE_LOG_NANOS = 60_000_000_000L;

    /** How many bytes of records the unrefreshed tail holds at most. */
    static final long MAX_TAIL_BYTES = 16L << 20;

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int lookupTailEvents;

    /** Serializes writes: append, deleteBefore, the start of a commit, clear and close. */
    private final ReentrantLock writeLock = new ReentrantLock();

    /** Serializes commits, clear and close; taken before writeLock, never while holding it. */
    private final ReentrantLock commitLock = new ReentrantLock();

    private final ReentrantLock refreshLock = new ReentrantLock();
    private final AtomicBoolean backgroundRefresh = new AtomicBoolean();

    /** When a failed background refresh was last logged (System.nanoTime); at most one line a minute. */
    private volatile long lastRefreshFailureLog = System.nanoTime() - REFRESH_FAILURE_LOG_NANOS - 1;

    private volatile long writtenSeqNo;
    private volatile long visibleSeqNo;

    /** Appends whose events the current searcher may miss, oldest first; guarded by writeLock. */
    private final ArrayDeque<Batch> unrefreshed = new ArrayDeque<>();

    /** The events the current searcher may miss, as lookups search them. */
    private final UnrefreshedTail tail;

    /** The eventIDs of {@link #unrefreshed}; guarded by writeLock. */
    private final Set<String> unrefreshedIds = new HashSet<>();

    /** Guarded by writeLock. */
    private long nextSequence;

    /** The document of the event being added; guarded by writeLock. */
    private final EventDocument document = new EventDocument();

    /** The dictionaries stored records were compressed with. */
    private final RecordDictionaries dictionaries;

    /** Compresses the records of added events; guarded by writeLock. */
    private final RecordCompressor compressor;

    private volatile @Nullable JournalPosition committed;
    private volatile boolean closed;

    private record Batch(long seqNo, List<String> eventIds) {}

    private LuceneEventStore(
            Path path,
            Directory directory,
            IndexWriter writer,
            SearcherManager searchers,
            int lookupTailEvents,
            long tailBytes,
            long nextSequence,
            @Nullable JournalPosition committed,
            RecordDictionaries dictionaries,
            RecordCompressor compressor) {
        this.tail = new UnrefreshedTail(tailBytes);
        this.dictionaries = dictionaries;
        this.compressor = compressor;
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.lookupTailEvents = lookupTailEvents;
        this.nextSequence = nextSequence;
        this.committed = committed;
    }

    /** Opens the store kept in {@code directory} with the default settings. */
    public static LuceneEventStore open(Path directory) {
        return open(directory, LuceneEventStoreConfig.defaults());
    }

    /**
     * Opens the store kept in {@code directory}, creating the directory (owner-only, where the file system
     * has POSIX permissions) and an empty index if they are missing.
     *
     * @throws EventStoreException when another process holds the index, or it cannot be read or created
     */
    public static LuceneEventStore open(Path directory, LuceneEventStoreConfig config) {
        return open(directory, config, MAX_TAIL_BYTES, RecordCompressor.Training.defaults());
    }

    /**
     * Opens the store with a tail of at most {@code tailBytes} of records and dictionaries trained as
     * {@code training} says; for tests of a full tail and of dictionaries.
     */
    static LuceneEventStore open(
            Path directory, LuceneEventStoreConfig config, long tailBytes, RecordCompressor.Training training) {
        requireNonNull(directory, "directory is null");
        requireNonNull(config, "config is null");
        Directory dir = null;
        IndexWriter writer = null;
        try {
            RecordCompressor.loadNative();
            createOwnerOnly(directory);
            dir = FSDirectory.open(directory);
            Map<String, String> userData = new HashMap<>();
            IndexWriterConfig.OpenMode mode = IndexWriterConfig.OpenMode.CREATE_OR_APPEND;
            if (DirectoryReader.indexExists(dir)) {
                Map<String, String> latest = SegmentInfos.readLatestCommit(dir).getUserData();
                if (FORMAT.equals(latest.get(FORMAT_KEY))) {
                    userData.putAll(latest);
                } else {
                    log.warn(
                            "The event history index in {} has format {}, not {}: rebuilding it from the journal",
                            directory,
                            latest.getOrDefault(FORMAT_KEY, "1"),
                            FORMAT);
                    mode = IndexWriterConfig.OpenMode.CREATE;
                }
            }
            IndexWriterConfig writerConfig = new IndexWriterConfig()
                    .setOpenMode(mode)
                    .setIndexSort(SORT)
                    .setRAMBufferSizeMB(config.ramBufferMegabytes())
                    .setCommitOnClose(false)
                    .setCodec(new Lucene104Codec(Lucene104Codec.Mode.BEST_SPEED)); // stored: dictionaries only
            writer = new IndexWriter(dir, writerConfig);
            JournalPosition position = parsePosition(directory, userData.get(POSITION_KEY));
            long nextSequence = parseSequence(directory, userData.get(NEXT_SEQUENCE_KEY));
            SearcherManager searchers = new SearcherManager(writer, true, false, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, @Nullable IndexReader previous) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    // Lookups stop after one page; caching whole-segment bitsets of their terms costs more.
                    searcher.setQueryCache(null);
                    return searcher;
                }
            });
            RecordDictionaries dictionaries = new RecordDictionaries();
            RecordCompressor.Dictionary latest = null;
            IndexSearcher searcher = searchers.acquire();
            try {
                for (RecordCompressor.Dictionary dictionary : DictionaryDocuments.read(searcher)) {
                    dictionaries.add(dictionary.number(), dictionary.bytes());
                    latest = dictionary;
                }
                IndexReader reader = searcher.getIndexReader();
                if (DocValuesSkipper.globalDocCount(reader, SEQUENCE) > 0) {
                    nextSequence = Math.max(nextSequence, DocValuesSkipper.globalMaxValue(reader, SEQUENCE) + 1);
                }
            } finally {
                searchers.release(searcher);
            }
            RecordCompressor compressor = new RecordCompressor(dictionaries, training, latest);
            return new LuceneEventStore(
                    directory,
                    dir,
                    writer,
                    searchers,
                    config.lookupTailEvents(),
                    tailBytes,
                    nextSequence,
                    position,
                    dictionaries,
                    compressor);
        } catch (LockObtainFailedException e) {
            closeQuietly(writer, dir);
            throw new EventStoreException(
                    "the event history index in " + directory + " is open in another process (its write.lock is held)",
                    e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(writer, dir);
            if (e instanceof EventStoreException failure) {
                throw failure;
            }
            throw new EventStoreException("cannot open the event history index in " + directory + ": " + e, e);
        }
    }

    @Override
    public void append(List<StoredEvent> events) {
        requireNonNull(events, "events is null");
        List<HistoryRecord> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            records.add(HistoryRecord.of(requireNonNull(events.get(i), "events[" + i + "] is null")));
        }
        appendRecords(records);
    }

    /** Stores the events {@code records} hold from their derived fields, without parsing the records. */
    @Override
    public void appendRecords(List<HistoryRecord> records) {
        requireNonNull(records, "records is null");
        for (int i = 0; i < records.size(); i++) {
            requireNonNull(records.get(i), "records[" + i + "] is null");
        }
        writeLock.lock();
        try {
            checkOpen();
            if (records.isEmpty()) {
                return;
            }
            if (unrefreshedIds.size() >= MAX_UNREFRESHED) {
                refreshIfBehind(); // bounds the memory of unrefreshed IDs when nobody looks events up
            }
            long visible = visibleSeqNo;
            while (!unrefreshed.isEmpty() && unrefreshed.peekFirst().seqNo() <= visible) {
                unrefreshed.removeFirst().eventIds().forEach(unrefreshedIds::remove);
            }
            List<HistoryRecord> fresh = new ArrayList<>(records.size());
            List<String> added = new ArrayList<>(records.size());
            try {
                IndexSearcher searcher = searchers.acquire();
                try {
                    StoredLookup stored = new StoredLookup(searcher);
                    for (HistoryRecord record : records) {
                        String id = record.eventId();
                        if (!unrefreshedIds.contains(id) && !stored.contains(id, timeOf(record))) {
                            unrefreshedIds.add(id); // also keeps a second copy in this call out
                            fresh.add(record);
                        }
                    }
                } finally {
                    searchers.release(searcher);
                }
                for (HistoryRecord record : fresh) {
                    RecordCompressor.Dictionary trained = compressor.trainIfDue();
                    if (trained != null) {
                        // stored before the records compressed with it, so every commit that has them has it
                        writtenSeqNo = writer.addDocument(DictionaryDocuments.of(trained));
                        compressor.use(trained);
                    }
                    HistoryEvent fields = record.shown(RecordText.EMPTY);
                    // one by one, not addDocuments: that adds a block, which index sorting keeps together
                    long seqNo = writer.addDocument(document.of(record, fields, nextSequence, compressor));
                    tail.add(seqNo, nextSequence, record, fields);
                    nextSequence++;
                    added.add(record.eventId());
                    writtenSeqNo = seqNo;
                }
            } finally {
                for (int i = added.size(); i < fresh.size(); i++) {
                    unrefreshedIds.remove(fresh.get(i).eventId()); // not stored: a retry adds it
                }
                if (!added.isEmpty()) {
                    unrefreshed.addLast(new Batch(writtenSeqNo, added));
                }
            }
        } catch (IOException | AlreadyClosedException e) {
            throw failure("cannot add " + records.size() + " events to", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public LookupResult lookup(LookupQuery query) {
        requireNonNull(query, "query is null");
        checkOpen();
        long start = query.startSecond();
        long end = query.endSecond();
        LookupCursor after = query.after();
        if (after != null) {
            end = Math.min(end, after.eventTimeSeconds());
        }
        if (start > end) {
            return LookupResult.empty();
        }
        try {
            int unrefreshed = tail.size();
            if (unrefreshed > lookupTailEvents) {
                if (unrefreshed > 4 * lookupTailEvents) {
                    refreshIfBehind(); // background refreshes fall behind the appends: wait for one
                } else {
                    refreshInBackground();
                }
            }
            int wanted = query.maxResults() + 1; // one more, to tell whether there is a next page
            // the tail first, the searcher after: see UnrefreshedTail
            List<UnrefreshedTail.Event> unrefreshedHits;
            while ((unrefreshedHits = tail.newest(
                            () -> visibleSeqNo,
                            query.insight(),
                            query.accountId(),
                            query.region(),
                            query.attribute(),
                            start,
                            end,
                            query.after(),
                            wanted))
                    == null) {
                refreshIfBehind(); // the tail dropped events: the searcher must show them
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                return lookup(searcher, query, start, end, wanted, unrefreshedHits);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException | AlreadyClosedException e) {
            throw failure("cannot look up events in", e);
        }
    }

    private LookupResult lookup(
            IndexSearcher searcher,
            LookupQuery query,
            long start,
            long end,
            int wanted,
            List<UnrefreshedTail.Event> unrefreshedHits)
            throws IOException {
        String scope = scope(query.insight(), query.accountId(), query.region());
        LookupAttribute attribute = query.attribute();
        List<Term> terms;
        if (attribute == null) {
            terms = List.of(new Term(SCOPE, scope));
        } else if (attribute.key() == LookupAttributeKey.EventId) {
            // eventIDs are indexed once, without scope: at most one event has the value, whose scope is checked
            terms = List.of(new Term(ID, attribute.value()), new Term(SCOPE, scope));
        } else {
            terms = List.of(new Term(attribute.key().name(), scoped(scope, attribute.value())));
        }
        List<NewestMatches.Match> hits =
                NewestMatches.find(searcher, timeRange(start, end), terms, query.after(), wanted);
        // merge the two newest-first lists; an event in both (refreshed since the tail was searched) once
        List<HistoryEvent> events = new ArrayList<>(Math.min(query.maxResults(), hits.size() + unrefreshedHits.size()));
        PageReader stored = new PageReader(dictionaries);
        int h = 0;
        int t = 0;
        long lastTime = 0;
        long lastSequence = 0;
        while (events.size() < query.maxResults() && (h < hits.size() || t < unrefreshedHits.size())) {
            NewestMatches.Match hit = h < hits.size() ? hits.get(h) : null;
            UnrefreshedTail.Event unrefreshed = t < unrefreshedHits.size() ? unrefreshedHits.get(t) : null;
            int order = hit == null
                    ? 1
                    : unrefreshed == null
                            ? -1
                            : NewestMatches.compareNewestFirst(
                                    hit.time(), hit.sequence(), unrefreshed.time(), unrefreshed.sequence());
            if (order <= 0) {
                events.add(stored.read(hit));
                lastTime = hit.time();
                lastSequence = hit.sequence();
                h++;
                if (order == 0) {
                    t++;
                }
            } else {
                events.add(unrefreshed.shown());
                lastTime = unrefreshed.time();
                lastSequence = unrefreshed.sequence();
                t++;
            }
        }
        boolean more = h < hits.size() || t < unrefreshedHits.size();
        LookupCursor next = more && !events.isEmpty() ? new LookupCursor(lastTime, lastSequence) : null;
        return new LookupResult(events, next);
    }

    /**
     * Reads the stored events of one page: each from the record doc values of its segment, whose iterator
     * moves forward only, as the matches of one segment come in a page (newest first, which is ascending
     * document order).
     */
    private static final class PageReader {
        private final RecordDictionaries dictionaries;
        private final Map<LeafReaderContext, BinaryDocValues> bySegment = new HashMap<>(4); // by identity

        PageReader(RecordDictionaries dictionaries) {
            this.dictionaries = dictionaries;
        }

        HistoryEvent read(NewestMatches.Match match) throws IOException {
            BinaryDocValues records = bySegment.get(match.leaf());
            if (records == null || records.docID() > match.doc()) {
                records = match.leaf().reader().getBinaryDocValues(RECORD);
                if (records == null) {
                    throw new EventStoreException("a segment of the event history index has no stored records");
                }
                bySegment.put(match.leaf(), records);
            }
            if (!records.advanceExact(match.doc())) {
                throw new EventStoreException(
                        "event " + match.doc() + " of a segment of the event history index" + " has no stored record");
            }
            return dictionaries.read(records.binaryValue());
        }
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        requireNonNull(cutoff, "cutoff is null");
        long lastDeleted = cutoff.getEpochSecond() - (cutoff.getNano() > 0 ? 0 : 1);
        writeLock.lock();
        try {
            checkOpen();
            Query old = timeRange(Long.MIN_VALUE + 1, lastDeleted);
            refreshIfBehind();
            long count;
            IndexSearcher searcher = searchers.acquire();
            try {
                count = searcher.count(old);
            } finally {
                searchers.release(searcher);
            }
            if (count > 0) {
                writtenSeqNo = writer.deleteDocuments(old);
                refreshIfBehind();
            }
            return count;
        } catch (IOException | AlreadyClosedException e) {
            throw failure("cannot delete the events before " + cutoff + " from", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void commit(JournalPosition position) {
        requireNonNull(position, "position is null");
        commitLock.lock();
        try {
            writeLock.lock();
            try {
                checkOpen();
                writer.setLiveCommitData(userData(position).entrySet());
            } finally {
                writeLock.unlock();
            }
            writer.commit(); // appends go on meanwhile: see the notes
            committed = position;
        } catch (IOException | AlreadyClosedException e) {
            throw failure("cannot commit", e);
        } finally {
            commitLock.unlock();
        }
    }

    @Override
    public Optional<JournalPosition> committedPosition() {
        checkOpen();
        return Optional.ofNullable(committed);
    }

    @Override
    public void clear() {
        commitLock.lock();
        writeLock.lock();
        try {
            checkOpen();
            writtenSeqNo = writer.deleteAll();
            unrefreshed.clear();
            unrefreshedIds.clear();
            tail.clear();
            compressor.reset();
            commitWith(committed);
            refreshIfBehind();
        } catch (IOException | AlreadyClosedException e) {
            throw failure("cannot clear", e);
        } finally {
            writeLock.unlock();
            commitLock.unlock();
        }
    }

    /** Returns how many events the store holds, as lookups see them. */
    public long size() {
        checkOpen();
        try {
            refreshIfBehind();
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs() - searcher.count(DictionaryDocuments.all());
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException | AlreadyClosedException e) {
            throw failure("cannot count the events in", e);
        }
    }

    /** The number of the dictionary new records are compressed with, 0 for none; for tests. */
    int recordDictionary() {
        writeLock.lock();
        try {
            return compressor.currentNumber();
        } finally {
            writeLock.unlock();
        }
    }

    /** The directory the index is kept in. */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        commitLock.lock();
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                // A writer that met a tragic error (ENOSPC while flushing) has closed itself; what it had not
                // committed is read from the journal again at the next start, and the indexer said so.
                if (writer.isOpen()) {
                    commitWith(committed);
                }
            } finally {
                closeQuietly(searchers, writer, directory, compressor);
            }
        } catch (IOException | AlreadyClosedException e) {
            throw failure("cannot close", e);
        } finally {
            writeLock.unlock();
            commitLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "LuceneEventStore[" + path + "]";
    }

    // writing

    /** Commits with {@code position}; the caller holds commitLock and writeLock. */
    private void commitWith(@Nullable JournalPosition position) throws IOException {
        writer.setLiveCommitData(userData(position).entrySet());
        writer.commit();
        committed = position;
    }

    /** The user data of a commit covering {@code position}; the caller holds writeLock. */
    private Map<String, String> userData(@Nullable JournalPosition position) {
        Map<String, String> userData = new HashMap<>();
        userData.put(FORMAT_KEY, FORMAT);
        userData.put(NEXT_SEQUENCE_KEY, Long.toString(nextSequence));
        if (position != null) {
            userData.put(POSITION_KEY, position.encode());
        }
        return userData;
    }

    /** Finds stored eventIDs in the segments of one searcher whose time range holds the event's time. */
    private static final class StoredLookup {
        private final List<LeafReaderContext> leaves;
        private final long[] minTimes;
        private final long[] maxTimes;
        private final @Nullable TermsEnum[] terms;

        StoredLookup(IndexSearcher searcher) throws IOException {
            leaves = searcher.getIndexReader().leaves();
            minTimes = new long[leaves.size()];
            maxTimes = new long[leaves.size()];
            terms = new TermsEnum[leaves.size()];
            for (int i = 0; i < leaves.size(); i++) {
                DocValuesSkipper times = leaves.get(i).reader().getDocValuesSkipper(TIME);
                if (times == null || times.docCount() == 0) {
                    minTimes[i] = Long.MAX_VALUE;
                    maxTimes[i] = Long.MIN_VALUE;
                } else {
                    minTimes[i] = times.minValue();
                    maxTimes[i] = times.maxValue();
                }
            }
        }

        boolean contains(String eventId, long time) throws IOException {
            BytesRef id = null;
            for (int i = 0; i < leaves.size(); i++) {
                if (time < minTimes[i] || time > maxTimes[i]) {
                    continue;
                }
                LeafReader reader = leaves.get(i).reader();
                TermsEnum segmentTerms = terms[i];
                if (segmentTerms == null) {
                    Terms idTerms = reader.terms(ID);
                    if (idTerms == null) {
                        continue;
                    }
                    segmentTerms = idTerms.iterator();
                    terms[i] = segmentTerms;
                }
                if (id == null) {
                    id = new BytesRef(eventId);
                }
                if (segmentTerms.seekExact(id)) {
                    Bits live = reader.getLiveDocs();
                    PostingsEnum postings = segmentTerms.postings(null, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    // reading

    /**
     * Starts a refresh on a thread of its own unless one is running: lookups go on with the tail, which
     * holds every event until the refresh shows it, instead of waiting for a segment to be written.
     */
    private void refreshInBackground() {
        if (!backgroundRefresh.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("cairn-history-refresh").start(() -> {
            try {
                refreshIfBehind();
            } catch (IOException | RuntimeException e) {
                // lookups go on with the tail; one that must refresh does so itself and fails with the cause
                long now = System.nanoTime();
                if (!closed && now - lastRefreshFailureLog > REFRESH_FAILURE_LOG_NANOS) {
                    lastRefreshFailureLog = now;
                    log.warn("A background refresh of the event history index in {} failed: {}", path, e.toString());
                }
            } finally {
                backgroundRefresh.set(false);
            }
        });
    }

    private void refreshIfBehind() throws IOException {
        // What this caller must see: the writes completed when it came. Writes that complete while it waits
        // for the lock are not its concern, so a refresh that another lookup made meanwhile serves it, and
        // concurrent lookups share one refresh instead of each writing a segment of the latest few events.
        long needed = writtenSeqNo;
        if (needed <= visibleSeqNo) {
            return;
        }
        refreshLock.lock();
        try {
            if (needed <= visibleSeqNo) {
                return; // another lookup refreshed while this one waited
            }
            long covered = writer.getMaxCompletedSequenceNumber();
            searchers.maybeRefreshBlocking();
            visibleSeqNo = Math.max(visibleSeqNo, covered);
            tail.pruneUpTo(covered); // only now: the searcher shows them
        } finally {
            refreshLock.unlock();
        }
    }

    /**
     * Refreshes the searcher and leaves the tail as it is, as a refresh that lands between an add and its
     * tail entry does; for tests of lookups that find an event in both.
     */
    void refreshLeavingTail() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Matches events whose time is between {@code first} and {@code last} seconds, both included. */
    private static Query timeRange(long first, long last) {
        return new IndexSortSortedNumericDocValuesRangeQuery(
                TIME, first, last, NumericDocValuesField.newSlowRangeQuery(TIME, first, last));
    }

    private static SortField timeSortField() {
        SortField time = new SortField(TIME, SortField.Type.LONG, true);
        time.setMissingValue(Long.MIN_VALUE);
        return time;
    }

    private static long timeOf(HistoryRecord record) {
        return record.eventTime().getEpochSecond();
    }

    static String scope(boolean insight, String accountId, String region) {
        return (insight ? "i" : "m") + SEPARATOR + accountId + SEPARATOR + region;
    }

    private static String scoped(String scope, String value) {
        return scope + SEPARATOR + value;
    }

    // plumbing

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private RuntimeException failure(String what, Exception cause) {
        if (cause instanceof AlreadyClosedException && closed) {
            return new IllegalStateException(this + " is closed", cause);
        }
        return new EventStoreException(what + " the event history index in " + path + ": " + cause, cause);
    }

    private static void createOwnerOnly(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }

    private static @Nullable JournalPosition parsePosition(Path directory, @Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return JournalPosition.parse(text);
        } catch (IllegalArgumentException e) {
            throw new EventStoreException(
                    "the event history index in " + directory + " has a commit whose journal position is not one: "
                            + e.getMessage(),
                    e);
        }
    }

    private static long parseSequence(Path directory, @Nullable String text) {
        if (text == null) {
            return 1;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new EventStoreException(
                    "the event history index in " + directory + " has a commit whose next sequence '" + text
                            + "' is not a number",
                    e);
        }
    }

    private static void closeQuietly(@Nullable AutoCloseable... closeables) {
        for (AutoCloseable closeable : closeables) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                // closing after a failure or after the final commit: the first error is the one reported
            }
        }
    }
}

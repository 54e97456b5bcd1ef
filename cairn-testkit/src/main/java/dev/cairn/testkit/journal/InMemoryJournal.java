package dev.cairn.testkit.journal;

import static java.util.Objects.requireNonNull;

import dev.cairn.journal.Journal;
import dev.cairn.journal.JournalException;
import dev.cairn.journal.JournalOffset;
import dev.cairn.journal.JournalPosition;
import dev.cairn.journal.JournalReader;
import dev.cairn.journal.JournalRecord;
import dev.cairn.journal.JournalStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * A {@link Journal} held in memory, for unit tests of the modules that append to one or consume it. It
 * passes the {@link JournalCompatibilityKit}, except that nothing survives the process: {@link #restart()}
 * returns a new instance on the same records and positions, as a restart of the process would.
 *
 * <p>It spreads keys over as many partitions as it is given, numbering each partition's records 0, 1,
 * 2, ... as Kafka does, so that consumers can be tested against a partitioned journal.
 * {@link #failAppends(boolean)} makes it fail the way a full disk does, so that tests can check that a
 * caller fails closed.
 */
public final class InMemoryJournal implements Journal {

    private static final Pattern CONSUMER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** The state that survives a restart. */
    private static final class Storage {
        final ReentrantLock lock = new ReentrantLock();
        final Condition appended = lock.newCondition();
        final List<List<JournalRecord>> partitions = new ArrayList<>();
        /** Per partition, the offset of the first record kept. */
        final long[] starts;

        final Map<String, JournalPosition> committed = new HashMap<>();
        boolean failing;

        Storage(int partitions) {
            for (int i = 0; i < partitions; i++) {
                this.partitions.add(new ArrayList<>());
            }
            this.starts = new long[partitions];
        }

        long end(int partition) {
            return starts[partition] + partitions.get(partition).size();
        }
    }

    private final Storage storage;
    private long appendedRecords;
    private long appendedBytes;
    private long syncs;
    private long failedAppends;
    private boolean closed;

    /** Returns a journal with a single partition, like the embedded one. */
    public InMemoryJournal() {
        this(1);
    }

    /** Returns a journal that spreads keys over {@code partitions} partitions, like a Kafka topic. */
    public InMemoryJournal(int partitions) {
        this(new Storage(checkPartitions(partitions)));
    }

    private InMemoryJournal(Storage storage) {
        this.storage = storage;
    }

    /** Returns a new instance on the same records and committed positions, as after a restart. */
    public InMemoryJournal restart() {
        return new InMemoryJournal(storage);
    }

    /**
     * Makes every append throw {@link JournalException} and store nothing while {@code failing} is true,
     * as a journal whose disk is full would.
     */
    public void failAppends(boolean failing) {
        storage.lock.lock();
        try {
            storage.failing = failing;
        } finally {
            storage.lock.unlock();
        }
    }

    /** Returns the partition that records with {@code partitionKey} go to. */
    public int partitionOf(String partitionKey) {
        return Math.floorMod(partitionKey.hashCode(), storage.partitions.size());
    }

    @Override
    public JournalOffset append(String partitionKey, byte[] record) {
        requireNonNull(record, "record is null");
        return append(partitionKey, List.of(record)).get(0);
    }

    @Override
    public List<JournalOffset> append(String partitionKey, List<byte[]> records) {
        requireNonNull(partitionKey, "partitionKey is null");
        requireNonNull(records, "records is null");
        List<byte[]> copies = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            copies.add(
                    requireNonNull(records.get(i), "records[" + i + "] is null").clone());
        }
        int partition = partitionOf(partitionKey);
        storage.lock.lock();
        try {
            checkOpen();
            if (records.isEmpty()) {
                return List.of();
            }
            if (storage.failing) {
                failedAppends++;
                throw new JournalException("injected failure: InMemoryJournal.failAppends(true) was called");
            }
            List<JournalOffset> offsets = new ArrayList<>();
            List<JournalRecord> stored = storage.partitions.get(partition);
            for (byte[] copy : copies) {
                long offset = storage.end(partition);
                stored.add(new JournalRecord(new JournalOffset(partition, offset), offset + 1, partitionKey, copy));
                offsets.add(new JournalOffset(partition, offset));
                appendedBytes += copy.length;
            }
            appendedRecords += copies.size();
            syncs++;
            storage.appended.signalAll();
            return offsets;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public JournalReader reader(JournalPosition from) {
        requireNonNull(from, "from is null");
        storage.lock.lock();
        try {
            checkOpen();
            checkPosition(from);
            return new Reader(from);
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public JournalPosition end() {
        storage.lock.lock();
        try {
            JournalPosition end = JournalPosition.beginning();
            for (int p = 0; p < storage.partitions.size(); p++) {
                end = end.with(p, storage.end(p));
            }
            return end;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public void commit(String consumer, JournalPosition position) {
        checkName(consumer);
        requireNonNull(position, "position is null");
        storage.lock.lock();
        try {
            checkOpen();
            checkPosition(position);
            storage.committed.put(consumer, position);
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public void forget(String consumer) {
        checkName(consumer);
        storage.lock.lock();
        try {
            checkOpen();
            storage.committed.remove(consumer);
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public Optional<JournalPosition> committed(String consumer) {
        checkName(consumer);
        storage.lock.lock();
        try {
            checkOpen();
            return Optional.ofNullable(storage.committed.get(consumer));
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public void clear() {
        storage.lock.lock();
        try {
            checkOpen();
            for (int p = 0; p < storage.partitions.size(); p++) {
                storage.starts[p] = storage.end(p);
                storage.partitions.get(p).clear();
            }
            storage.committed.clear();
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public JournalStats stats() {
        storage.lock.lock();
        try {
            return new JournalStats(appendedRecords, appendedBytes, syncs, 0, failedAppends);
        } finally {
            storage.lock.unlock();
        }
    }

    /** Closes this instance; the records stay for {@link #restart()}. */
    @Override
    public void close() {
        storage.lock.lock();
        try {
            closed = true;
        } finally {
            storage.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryJournal[" + storage.partitions.size() + " partitions]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private void checkPosition(JournalPosition position) {
        for (Map.Entry<Integer, Long> entry : position.offsets().entrySet()) {
            int partition = entry.getKey();
            if (partition >= storage.partitions.size()) {
                throw new IllegalArgumentException("position " + position.encode() + " names partition " + partition
                        + ", but " + this + " has partitions 0 to " + (storage.partitions.size() - 1));
            }
            if (entry.getValue() > storage.end(partition)) {
                throw new IllegalArgumentException("position " + position.encode() + " is after the end of partition "
                        + partition + ", offset " + storage.end(partition));
            }
        }
    }

    private static void checkName(String consumer) {
        requireNonNull(consumer, "consumer is null");
        if (!CONSUMER_NAME.matcher(consumer).matches()) {
            throw new IllegalArgumentException(
                    "consumer name '" + consumer + "' must be 1 to 100 characters from A-Z a-z 0-9 . _ -");
        }
    }

    private static int checkPartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a journal needs at least 1 partition, got " + partitions);
        }
        return partitions;
    }

    /** Reads the partitions in turn, a record from each, so that tests see them interleave. */
    private final class Reader implements JournalReader {
        private JournalPosition position;
        private boolean readerClosed;

        Reader(JournalPosition from) {
            this.position = from;
        }

        @Override
        public List<JournalRecord> poll(int maxRecords, Duration timeout) throws InterruptedException {
            if (maxRecords < 1) {
                throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
            }
            requireNonNull(timeout, "timeout is null");
            if (readerClosed) {
                throw new IllegalStateException("journal reader is closed");
            }
            long left = timeout.isNegative() ? 0 : TimeUnit.NANOSECONDS.convert(timeout);
            storage.lock.lockInterruptibly();
            try {
                while (true) {
                    List<JournalRecord> records = available(maxRecords);
                    if (!records.isEmpty() || left <= 0) {
                        return records;
                    }
                    left = storage.appended.awaitNanos(left);
                }
            } finally {
                storage.lock.unlock();
            }
        }

        private List<JournalRecord> available(int max) {
            List<JournalRecord> records = new ArrayList<>();
            boolean progress = true;
            while (records.size() < max && progress) {
                progress = false;
                for (int p = 0; p < storage.partitions.size() && records.size() < max; p++) {
                    long next = Math.max(position.next(p), storage.starts[p]);
                    if (next < storage.end(p)) {
                        JournalRecord record = storage.partitions.get(p).get((int) (next - storage.starts[p]));
                        records.add(new JournalRecord(
                                record.offset(),
                                record.nextOffset(),
                                record.partitionKey(),
                                record.payload().clone()));
                        position = position.after(record);
                        progress = true;
                    }
                }
            }
            return records;
        }

        @Override
        public JournalPosition position() {
            return position;
        }

        @Override
        public void close() {
            readerClosed = true;
        }
    }
}

package dev.cairn.journal.segment;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.cairn.journal.JournalException;
import dev.cairn.time.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of a {@link SegmentJournal}: appending threads queue their framed records and wait; one
 * writer thread writes whatever has queued as one batch at the end of the active segment, and a few
 * sync threads force the file, each force acknowledging every batch written before it began.
 */
final class GroupCommit implements AutoCloseable {

    /*
     * Group commit, pipelined
     * -----------------------
     * The cost of an append is the fsync, so appends share them. Appending threads (virtual threads, one
     * per call) put a request in the queue and park. The writer thread takes every queued request, up to
     * maxBatchBytes, copies their frames into one buffer and writes it at `written`, the end of the
     * active segment, then goes back to the queue without waiting for the disk. Sync threads force the
     * segment: a force that began after bytes were written makes them durable when it returns, so each
     * sync takes as its target the value of `written` when it begins, and on success moves `durable` to
     * that target and completes, in offset order, every batch that ends at or before it. Batches are
     * acknowledged only once `durable` passes their end, so every byte before an acknowledged record is
     * durable too, and recovery, which keeps the valid records before the first invalid one, keeps it.
     *
     * With one sync thread this is the classic group commit: one fsync at a time, each for everyone who
     * queued during the previous one. More sync threads let forces overlap, which the disks we measured
     * reward: a virtual disk finishes several concurrent fsyncs in little more than the time of one. The
     * writer never waits for a sync, so while one is in flight the next batch is already written and
     * another sync can start.
     *
     * Each sync thread forces through its own FileChannel, so its own file descriptor. Linux reports a
     * writeback error once per open file description (errseq): two forces through one descriptor could
     * hand an error to one call and success to the other, whose bytes then may not be durable. With a
     * descriptor each, every force reports every error that happened since its descriptor last checked,
     * and a force returns success only when nothing it covered failed.
     *
     * Failure. A failed write or force fails every batch that is not durable: the records after
     * `durable` may be half on disk, and any of them could have been the ones whose writeback failed. The
     * `generation` then changes, so that a force still in flight cannot acknowledge anything, and writing
     * stops until `heal` has truncated the segment back to `durable` and forced it, through a fresh
     * descriptor: a failed fsync is never retried on the same dirty pages (Linux may have dropped them and
     * report success the second time). The writer heals at once, and again before each later batch while
     * it fails (that batch fails with it), so appends work again once the disk has room; close heals too.
     * Until a heal succeeds, bytes of failed batches may remain past `durable`: readers never read past
     * `durable`, but a crash in that window can bring them back as records whose append threw (the
     * contract allows that; events carry unique IDs).
     * A batch the writer finishes writing after a force failed (the failure came from a sync thread
     * meanwhile) fails at once: enterFailure did not see it, and the heal truncates its bytes, so no sync
     * would ever acknowledge it.
     *
     * A segment rolls before a batch that would take it past segmentBytes: the writer waits until
     * everything written is durable and no force is in flight, creates the next segment whole (temporary
     * file, rename, directory fsync), and writes on there. So at most the last segment has a torn tail
     * after a crash. A clear does the same, except that the fresh segment replaces every segment.
     *
     * Threads. The writer and sync threads are platform threads that no one interrupts (an interrupt
     * would close a FileChannel under them); they wait uninterruptibly. Appending threads wait with
     * CompletableFuture.join(), which ignores interrupts: once queued, a record's outcome is decided here,
     * and the caller learns it. If a writer or sync thread dies of an unexpected exception, every waiting
     * and later append fails with it rather than hang.
     */

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** Failures of writes are reported at most this often; the others are counted into the next report. */
    private static final long FAILURE_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private long lastFailureLogNanos;
    private long unreportedFailures;
    private volatile boolean reportRollback;

    /** A queued request. */
    private sealed interface Request permits Append, FreshSegment {}

    /** The frames of one append; the writer sets {@link #start} before it writes them. */
    private static final class Append implements Request {
        final byte[] frames;
        final CompletableFuture<Long> done = new CompletableFuture<>();
        long start;

        Append(byte[] frames) {
            this.frames = frames;
        }

        long end() {
            return start + frames.length;
        }
    }

    /** A request to continue in a fresh segment that replaces every segment: what {@code clear} does. */
    private static final class FreshSegment implements Request {
        final CompletableFuture<List<Segment>> done = new CompletableFuture<>();
    }

    private final JournalDirectory directory;
    private final SegmentList segments;
    private final Clock clock;
    private final long segmentBytes;
    private final int maxBatchBytes;
    private final LongAdder syncs = new LongAdder();
    private final LongAdder syncNanos = new LongAdder();

    private final Thread writer;
    private final List<Thread> syncers = new ArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a request is queued, or closing begins. */
    private final Condition requestQueued = lock.newCondition();
    /** Signalled when bytes are written that no sync has taken yet, or when the threads must stop. */
    private final Condition syncWanted = lock.newCondition();
    /** Signalled when a sync ends. */
    private final Condition syncEnded = lock.newCondition();

    // Guarded by lock.
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** Written batches not yet durable, in offset order. */
    private final ArrayDeque<Append> unsynced = new ArrayDeque<>();
    /** The offset after the last byte written to the active segment. */
    private long written;
    /** The offset after the last byte known durable; never more than {@link #written}. */
    private long durable;
    /** The highest target a sync has begun with. */
    private long syncTarget;

    private int syncsRunning;
    /** Changes at every failure, heal and roll: a sync of an older generation acknowledges nothing. */
    private long generation;
    /** Why writing stopped, until a heal succeeds. */
    private @Nullable IOException failure;
    /** Whether the writer should heal a new failure even if no append is waiting. */
    private boolean healWanted;
    /** What killed a writer or sync thread: the journal takes no more appends. */
    private @Nullable Throwable broken;

    private Segment active;
    private boolean closing;
    private boolean stopped;

    // Writer thread only.
    private FileChannel writeChannel;
    private final ByteBuffer batchBuffer;

    GroupCommit(JournalDirectory directory, SegmentList segments, Clock clock, SegmentJournalConfig config, long end)
            throws IOException {
        this.directory = directory;
        this.segments = segments;
        this.clock = clock;
        this.segmentBytes = config.segmentBytes();
        this.maxBatchBytes = config.maxBatchBytes();
        this.batchBuffer = ByteBuffer.allocateDirect(maxBatchBytes);
        List<Segment> all = segments.snapshot();
        this.active = all.get(all.size() - 1);
        this.written = end;
        this.durable = end;
        this.syncTarget = end;
        this.writeChannel = directory.opener().open(active.path(), READ, WRITE);
        String name = directory.path().getFileName().toString();
        this.writer = Thread.ofPlatform()
                .name("cairn-journal-writer-" + name)
                .daemon()
                .unstarted(this::runWriter);
        for (int i = 0; i < config.syncThreads(); i++) {
            syncers.add(Thread.ofPlatform()
                    .name("cairn-journal-sync-" + name + "-" + i)
                    .daemon()
                    .unstarted(this::runSyncer));
        }
        writer.start();
        syncers.forEach(Thread::start);
    }

    /**
     * Appends framed records and returns the offset of the first once they are durable.
     *
     * @throws JournalException when they cannot be made durable
     * @throws IllegalStateException when the journal is closed
     */
    long append(byte[] frames) {
        Append append = new Append(frames);
        enqueue(append);
        try {
            return append.done.join();
        } catch (CompletionException e) {
            throw rethrown(e);
        }
    }

    /**
     * Continues in a fresh, empty segment once everything written is durable, and returns the segments it
     * replaced, oldest first, for the caller to delete. Records appended afterwards go to the fresh
     * segment, whose base offset is the old end, so offsets are never reused.
     */
    List<Segment> startFreshSegment() {
        FreshSegment request = new FreshSegment();
        enqueue(request);
        try {
            return request.done.join();
        } catch (CompletionException e) {
            throw rethrown(e);
        }
    }

    long syncs() {
        return syncs.sum();
    }

    long syncNanos() {
        return syncNanos.sum();
    }

    /** Lets queued appends finish, then stops the threads and closes the active segment's channel. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            requestQueued.signalAll();
        } finally {
            lock.unlock();
        }
        joinUninterruptibly(writer);
        syncers.forEach(GroupCommit::joinUninterruptibly);
        JournalDirectory.closeQuietly(writeChannel);
    }

    private void enqueue(Request request) {
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("journal " + directory + " is closed");
            }
            if (broken != null) {
                throw new JournalException(
                        "journal " + directory + " stopped writing after an unexpected error: " + broken, broken);
            }
            queue.addLast(request);
            if (queue.size() == 1) {
                requestQueued.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    // The writer thread.

    private void runWriter() {
        List<Append> batch = new ArrayList<>();
        try {
            while (true) {
                FreshSegment fresh = null;
                boolean healOnly = false;
                batch.clear();
                lock.lock();
                try {
                    while (queue.isEmpty() && !closing && !healWanted) {
                        requestQueued.awaitUninterruptibly();
                    }
                    if (queue.isEmpty() && closing) {
                        break; // every request is done
                    }
                    if (queue.isEmpty()) {
                        healOnly = true;
                    } else if (queue.peekFirst() instanceof FreshSegment request) {
                        queue.removeFirst();
                        fresh = request;
                    } else {
                        long bytes = 0;
                        while (queue.peekFirst() instanceof Append next
                                && (batch.isEmpty() || bytes + next.frames.length <= maxBatchBytes)) {
                            queue.removeFirst();
                            batch.add(next);
                            bytes += next.frames.length;
                        }
                    }
                } finally {
                    lock.unlock();
                }
                if (healOnly) {
                    healQuietly();
                } else if (fresh != null) {
                    switchToFreshSegment(fresh);
                } else {
                    write(batch);
                }
            }
            quiesce(); // let the last syncs finish, so that close leaves nothing unacknowledged
            if (currentFailure() != null && !healQuietly()) {
                log.warn(
                        "Journal segment {} is closed without being rolled back to its durable end after a failed"
                                + " write; records of appends that failed may reappear when it is reopened",
                        active);
            }
        } catch (Throwable t) {
            breakDown(t, batch);
        } finally {
            lock.lock();
            try {
                stopped = true;
                syncWanted.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Writes one batch at the end of the active segment, rolling first if it would not fit. */
    private void write(List<Append> batch) {
        long bytes = 0;
        for (Append append : batch) {
            bytes += append.frames.length;
        }
        try {
            makeWritable();
            if (written > active.base() && written - active.base() + bytes > segmentBytes - Segment.HEADER_BYTES) {
                roll();
            }
        } catch (IOException e) {
            fail(batch, "could not prepare " + active + " for writing", e);
            return;
        }
        long start = written; // only this thread changes written
        ByteBuffer buffer;
        if (bytes <= batchBuffer.capacity()) {
            buffer = batchBuffer.clear();
            for (Append append : batch) {
                append.start = start + buffer.position();
                buffer.put(append.frames);
            }
            buffer.flip();
        } else {
            Append only = batch.get(0); // a batch larger than the buffer holds a single append
            only.start = start;
            buffer = ByteBuffer.wrap(only.frames);
        }
        try {
            long at = active.filePosition(start);
            while (buffer.hasRemaining()) {
                at += writeChannel.write(buffer, at);
            }
        } catch (IOException e) {
            List<Append> failed = new ArrayList<>(batch);
            lock.lock();
            try {
                failed.addAll(enterFailure(e));
            } finally {
                lock.unlock();
            }
            fail(failed, "could not write " + active + " at offset " + start, e);
            return;
        }
        Throwable died;
        IOException failedMeanwhile;
        lock.lock();
        try {
            written = start + bytes;
            died = broken;
            failedMeanwhile = failure;
            if (died == null && failedMeanwhile == null) {
                unsynced.addAll(batch);
                syncWanted.signal();
            }
        } finally {
            lock.unlock();
        }
        if (died != null) { // no sync thread is left to acknowledge the batch
            fail(batch, "journal stopped writing after an unexpected error", new IOException(died));
        } else if (failedMeanwhile != null) {
            // A force failed while this batch was written: enterFailure failed the batches it found, the heal
            // truncates these bytes, and no sync would ever acknowledge them (appends hung here before).
            fail(
                    batch,
                    "a write or force of " + active + " failed while offset " + start + " was written",
                    failedMeanwhile);
        }
    }

    /** Continues in a fresh segment that replaces all others; the request learns the ones replaced. */
    private void switchToFreshSegment(FreshSegment request) {
        try {
            makeWritable();
            quiesce();
            IOException failed = currentFailure();
            if (failed != null) {
                throw failed;
            }
            Segment segment = directory.createSegment(written, clock.now());
            FileChannel channel = directory.opener().open(segment.path(), READ, WRITE);
            List<Segment> replaced = segments.replaceAll(segment);
            useSegment(segment, channel);
            request.done.complete(replaced);
        } catch (IOException e) {
            request.done.completeExceptionally(
                    new JournalException("could not start a fresh segment in " + directory + ": " + e, e));
        }
    }

    /** Waits for every written byte to be durable, then continues in a new segment. */
    private void roll() throws IOException {
        quiesce();
        IOException failed = currentFailure();
        if (failed != null) {
            throw failed;
        }
        Segment segment = directory.createSegment(written, clock.now());
        FileChannel channel = directory.opener().open(segment.path(), READ, WRITE);
        segments.add(segment);
        useSegment(segment, channel);
    }

    private void useSegment(Segment segment, FileChannel channel) {
        FileChannel old = writeChannel;
        writeChannel = channel;
        lock.lock();
        try {
            active = segment;
            generation++;
        } finally {
            lock.unlock();
        }
        JournalDirectory.closeQuietly(old);
    }

    /** Heals a failure, if there is one, and returns whether the journal is writable. */
    private boolean healQuietly() {
        try {
            makeWritable();
            return true;
        } catch (IOException e) {
            return false; // the next append tries again
        }
    }

    /**
     * Heals a failure, if there is one: truncates the active segment back to the durable end and forces
     * it, through a fresh channel.
     *
     * @throws IOException the failure, when it cannot be healed
     */
    private void makeWritable() throws IOException {
        IOException failed = currentFailure();
        if (failed == null) {
            return;
        }
        quiesce();
        long end;
        lock.lock();
        try {
            healWanted = false;
            end = durable;
        } finally {
            lock.unlock();
        }
        FileChannel fresh = null;
        try {
            fresh = directory.opener().open(active.path(), READ, WRITE);
            fresh.truncate(active.filePosition(end));
            fresh.force(true);
        } catch (IOException e) {
            if (fresh != null) {
                JournalDirectory.closeQuietly(fresh);
            }
            failed.addSuppressed(e);
            // At DEBUG: while the disk stays full, every batch tries this, and the first failure was logged.
            log.debug("Journal segment {} still cannot be rolled back to offset {}: {}", active, end, e.toString());
            throw failed;
        }
        JournalDirectory.closeQuietly(writeChannel);
        writeChannel = fresh;
        List<Append> truncated;
        lock.lock();
        try {
            written = end;
            syncTarget = end;
            failure = null;
            generation++;
            truncated = new ArrayList<>(unsynced); // none expected: enterFailure and write fail them
            unsynced.clear();
        } finally {
            lock.unlock();
        }
        fail(truncated, "journal segment " + active + " was rolled back to offset " + end, failed);
        if (reportRollback) {
            // Reported once per failure report: a full disk fails every write, and the log may be on it.
            log.info("Journal segment {} rolled back to offset {} after a failed write; appending again", active, end);
            reportRollback = false;
        }
    }

    /** Waits until no sync is running and everything written is durable, or a failure stopped the syncs. */
    private void quiesce() {
        lock.lock();
        try {
            while (syncsRunning > 0 || (failure == null && durable < written)) {
                syncEnded.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private @Nullable IOException currentFailure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    // The sync threads.

    private void runSyncer() {
        FileChannel channel = null;
        Segment channelSegment = null;
        long channelGeneration = -1;
        try {
            while (true) {
                long target;
                Segment segment;
                long syncGeneration;
                lock.lock();
                try {
                    while (!stopped && (failure != null || written <= syncTarget)) {
                        syncWanted.awaitUninterruptibly();
                    }
                    if (stopped) {
                        return;
                    }
                    target = written;
                    syncTarget = target;
                    segment = active;
                    syncGeneration = generation;
                    syncsRunning++;
                } finally {
                    lock.unlock();
                }
                IOException error = null;
                long began = clock.monotonicNanos();
                try {
                    if (channel == null || channelSegment != segment || channelGeneration != syncGeneration) {
                        if (channel != null) {
                            JournalDirectory.closeQuietly(channel);
                            channel = null;
                        }
                        channel = directory.opener().open(segment.path(), WRITE);
                        channelSegment = segment;
                        channelGeneration = syncGeneration;
                    }
                    channel.force(false);
                } catch (IOException e) {
                    error = e;
                    if (channel != null) {
                        JournalDirectory.closeQuietly(channel);
                        channel = null;
                    }
                }
                long took = clock.monotonicNanos() - began;
                List<Append> done = List.of();
                List<Append> failed = List.of();
                lock.lock();
                try {
                    syncsRunning--;
                    if (syncGeneration == generation) {
                        if (error == null) {
                            syncs.increment();
                            syncNanos.add(took);
                            done = advanceDurable(target);
                        } else {
                            failed = enterFailure(error);
                        }
                    }
                    syncEnded.signalAll();
                } finally {
                    lock.unlock();
                }
                for (Append append : done) {
                    append.done.complete(append.start);
                }
                if (error != null) {
                    fail(failed, "could not force " + segment + " to disk", error);
                }
            }
        } catch (Throwable t) {
            breakDown(t, List.of());
        } finally {
            if (channel != null) {
                JournalDirectory.closeQuietly(channel);
            }
        }
    }

    /** Moves the durable end to {@code target} and returns the batches now durable. Holds the lock. */
    private List<Append> advanceDurable(long target) {
        if (target <= durable) {
            return List.of();
        }
        durable = target;
        segments.publishDurable(target);
        List<Append> done = new ArrayList<>();
        while (!unsynced.isEmpty() && unsynced.peekFirst().end() <= target) {
            done.add(unsynced.removeFirst());
        }
        return done;
    }

    /** Stops writing until a heal, and returns every batch that is not durable. Holds the lock. */
    private List<Append> enterFailure(IOException cause) {
        if (failure == null) {
            failure = cause;
            healWanted = true;
            requestQueued.signal(); // the writer heals at once, not only before the next batch
            long now = System.nanoTime();
            if (now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS || lastFailureLogNanos == 0) {
                log.warn(
                        "Journal segment {} failed a write or fsync ({}): the appends not yet durable fail, and appends"
                                + " fail until the segment is rolled back to offset {}, the durable end"
                                + " ({} more failures since the last report)",
                        active,
                        cause.toString(),
                        durable,
                        unreportedFailures);
                lastFailureLogNanos = now;
                unreportedFailures = 0;
                reportRollback = true;
            } else {
                unreportedFailures++;
            }
        }
        generation++;
        syncTarget = written;
        List<Append> failed = new ArrayList<>(unsynced);
        unsynced.clear();
        syncEnded.signalAll();
        return failed;
    }

    private void fail(List<Append> appends, String what, IOException cause) {
        if (appends.isEmpty()) {
            return;
        }
        JournalException e = new JournalException(
                what + "; the records of " + appends.size() + " append(s) were not acknowledged: " + cause, cause);
        for (Append append : appends) {
            append.done.completeExceptionally(e);
        }
    }

    /** Fails everything waiting, and everything to come, after a writer or sync thread died of {@code t}. */
    private void breakDown(Throwable t, List<Append> inHand) {
        log.error(
                "Journal {} stopped writing after an unexpected error; appends fail until it is reopened",
                directory,
                t);
        List<Request> waiting;
        lock.lock();
        try {
            if (broken == null) {
                broken = t;
            }
            waiting = new ArrayList<>(inHand);
            waiting.addAll(unsynced);
            waiting.addAll(queue);
            unsynced.clear();
            queue.clear();
            failure = failure != null ? failure : new IOException("journal stopped writing", t);
            stopped = true;
            syncWanted.signalAll();
            syncEnded.signalAll();
        } finally {
            lock.unlock();
        }
        JournalException e =
                new JournalException("journal " + directory + " stopped writing after an unexpected error: " + t, t);
        for (Request request : waiting) {
            switch (request) {
                case Append append -> append.done.completeExceptionally(e);
                case FreshSegment fresh -> fresh.done.completeExceptionally(e);
            }
        }
    }

    private static RuntimeException rethrown(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JournalException journal) {
            // A new exception, so that the stack trace shows the caller as well as the writer.
            return new JournalException(journal.getMessage(), journal);
        }
        return new JournalException("journal append failed: " + cause, cause);
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

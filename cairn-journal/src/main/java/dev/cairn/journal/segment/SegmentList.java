package dev.cairn.journal.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;

/**
 * What readers may see of a journal: its segments, oldest first, and the durable end, the offset after
 * the last durable record. The writer adds a segment when it rolls or clears; retention removes the
 * oldest ones. Readers wait here for the durable end to move.
 *
 * <p>The list is copied on change and read without a lock. To find the segment holding an offset below
 * the durable end, read {@link #durableEnd()} first and {@link #snapshot()} after: a segment is added
 * before any of its records can be durable, so that snapshot holds every segment up to that end.
 */
final class SegmentList {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition durableMoved = lock.newCondition();

    /** Oldest first, never empty; the last one is the segment being written. */
    private volatile List<Segment> segments;

    private volatile long durableEnd;

    SegmentList(List<Segment> segments, long durableEnd) {
        this.segments = List.copyOf(segments);
        this.durableEnd = durableEnd;
    }

    /** Returns the segments, oldest first; the last is the one being written. */
    List<Segment> snapshot() {
        return segments;
    }

    /** Returns the offset of the oldest record kept: records below it were removed. */
    long start() {
        return segments.get(0).base();
    }

    /** Returns the offset after the last durable record. */
    long durableEnd() {
        return durableEnd;
    }

    /** Returns the index in {@code snapshot} of the segment that holds {@code offset}, or -1 if it is before them. */
    static int indexOf(List<Segment> snapshot, long offset) {
        int low = 0;
        int high = snapshot.size() - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (snapshot.get(middle).base() <= offset) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /** Moves the durable end forward to {@code end} and wakes waiting readers; never moves it back. */
    void publishDurable(long end) {
        lock.lock();
        try {
            if (end > durableEnd) {
                durableEnd = end;
                durableMoved.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the durable end is past {@code offset}, or for at most {@code nanos}, and returns the
     * nanoseconds left of that time: 0 or less when it ran out.
     */
    long awaitDurableBeyond(long offset, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (durableEnd <= offset && left > 0) {
                left = durableMoved.awaitNanos(left);
            }
            return left;
        } finally {
            lock.unlock();
        }
    }

    /** Adds the segment the writer continues in; its base is the durable end. */
    void add(Segment segment) {
        lock.lock();
        try {
            List<Segment> copy = new ArrayList<>(segments);
            copy.add(segment);
            segments = List.copyOf(copy);
        } finally {
            lock.unlock();
        }
    }

    /** Replaces every segment with {@code fresh} and returns the ones replaced, oldest first. */
    List<Segment> replaceAll(Segment fresh) {
        lock.lock();
        try {
            List<Segment> old = segments;
            segments = List.of(fresh);
            return old;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the oldest segments as long as {@code removable} accepts each, given with the segment after
     * it; never the last segment. Returns the removed segments, oldest first.
     */
    List<Segment> removeOldest(BiPredicate<Segment, Segment> removable) {
        lock.lock();
        try {
            List<Segment> current = segments;
            int count = 0;
            while (count < current.size() - 1 && removable.test(current.get(count), current.get(count + 1))) {
                count++;
            }
            segments = List.copyOf(current.subList(count, current.size()));
            return List.copyOf(current.subList(0, count));
        } finally {
            lock.unlock();
        }
    }
}

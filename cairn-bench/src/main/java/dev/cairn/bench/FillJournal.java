package dev.cairn.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.cairn.bench.HistoryIndexBenchmark.Synthetic;
import dev.cairn.event.AuditEvent;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.history.HistoryFields;
import dev.cairn.journal.segment.SegmentJournal;
import dev.cairn.journal.segment.SegmentJournalConfig;
import dev.cairn.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Fills the journal of a stopped Cairn server's data directory with synthetic CloudTrail management events,
 * so that the server, once started, indexes them into its event history: the setup of
 * {@code cairn-bench/scripts/bench_server_heap.sh}, which measures the server's heap holding 10 million
 * events.
 *
 * <pre>
 * java -cp cairn-bench/target/benchmarks.jar dev.cairn.bench.FillJournal DATA COUNT ACCOUNT [NOW]
 * </pre>
 *
 * <ul>
 *   <li>{@code DATA}: the server's data directory ({@code --data}), initialised by one start and stopped:
 *       the journal is opened as the server opens it, {@code SegmentJournal.open(DATA/journal,
 *       SegmentJournalConfig.defaults(), clock)}, and its lock keeps a running server out.
 *   <li>{@code COUNT}: how many events to append.
 *   <li>{@code ACCOUNT}: the 12-digit account every event belongs to: the server's {@code --account-id},
 *       where its admin user lives, so that LookupEvents signed with the admin key sees them all.
 *   <li>{@code NOW}: epoch seconds the times are counted back from (default: the current time); {@link
 *       LookupEventsLoad} needs the same value to ask for values the events have.
 * </ul>
 *
 * <p>The events are {@link Synthetic}'s (about 1.3 KB of JSON each; 200 actions of 20 services, 1,000 IAM
 * users, 100 roles with 10,000 sessions, roots and AWS services as callers, reads and writes, resources on a
 * third, four regions with us-east-1 the most frequent), with every account they name (recipient, caller,
 * ARNs, resources) replaced by {@code ACCOUNT}, and times increasing over the {@value #SPAN_DAYS} days
 * before {@code NOW} (ending two minutes before it), within the 90 days of event history. Each record is
 * appended as {@code JournalRecorder} appends an event: key the recipient account, value
 * {@code CloudTrailJson.serialize(event)}. They are made on all cores and appended in order in batches of
 * {@value #BATCH} (one write and one fsync per batch: the journal syncs every append; durability per
 * record is not needed here).
 */
public final class FillJournal {
    static final int SPAN_DAYS = 80;
    static final int BATCH = 4_000;
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private FillJournal() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4 || !ACCOUNT.matcher(args[2]).matches()) {
            System.err.println("usage: FillJournal DATA COUNT ACCOUNT(12 digits) [NOW(epoch seconds)]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        long count = Long.parseLong(args[1].replace("_", ""));
        String account = args[2];
        Instant now = args.length == 4 ? Instant.ofEpochSecond(Long.parseLong(args[3])) : Instant.now();
        if (count < 1) {
            throw new IllegalArgumentException("COUNT must be at least 1");
        }
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException(data + " is not a directory: start the server once on it first");
        }
        Events events = new Events(count, now, account);
        events.check();
        System.out.printf(
                "FillJournal: %,d events of account %s from %s to %s into %s%n",
                count,
                account,
                events.event(0).eventTime(),
                events.event(count - 1).eventTime(),
                data.resolve("journal"));

        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService makers = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().daemon().name("fill-maker-", 0).factory());
        long started = System.nanoTime();
        long bytes = 0;
        long appendNanos = 0;
        try (SegmentJournal journal =
                SegmentJournal.open(data.resolve("journal"), SegmentJournalConfig.defaults(), Clock.system())) {
            System.out.printf("journal end before: %s%n", journal.end().encode());
            ArrayDeque<Future<List<byte[]>>> pending = new ArrayDeque<>();
            long next = 0;
            long appended = 0;
            long reported = 0;
            while (appended < count) {
                while (next < count && pending.size() < 2 * threads) {
                    long from = next;
                    long to = Math.min(count, from + BATCH);
                    pending.add(makers.submit(() -> events.batch(from, to)));
                    next = to;
                }
                List<byte[]> batch = pending.removeFirst().get();
                long t0 = System.nanoTime();
                journal.append(account, batch);
                appendNanos += System.nanoTime() - t0;
                for (byte[] record : batch) {
                    bytes += record.length;
                }
                appended += batch.size();
                if (appended - reported >= 1_000_000 || appended == count) {
                    reported = appended;
                    double seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf(
                            "  %,d events, %,.0f MB of JSON, %.1f s, %,.0f events/s%n",
                            appended, bytes / 1e6, seconds, appended / seconds);
                }
            }
            System.out.printf("journal end after: %s%n", journal.end().encode());
        } finally {
            makers.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "FillJournal: appended %,d events (%,.0f MB of JSON, %.0f bytes each on average) in %.1f s:"
                        + " %,.0f events/s; %.1f s of it waiting on journal appends (write + fsync per batch of %,d)%n",
                count, bytes / 1e6, (double) bytes / count, seconds, count / seconds, appendNanos / 1e9, BATCH);
    }

    /**
     * The events: {@link Synthetic}'s, spread so that event 0 is {@value #SPAN_DAYS} days before {@code now}
     * and event {@code count - 1} two minutes before it (plus Synthetic's jitter of under a minute), with
     * every account replaced by {@code account}. A pure function of (count, now, account, n).
     */
    static final class Events {
        /** Synthetic spreads its {@code total} events over 90 days less an hour before its {@code end}. */
        private static final long SYNTHETIC_SPAN = Duration.ofDays(90).toSeconds() - 3600;

        private final Synthetic synthetic;
        private final long count;
        private final Instant first;
        private final Instant last;
        private final byte[] account;

        Events(long count, Instant now, String account) {
            this.count = count;
            this.first = now.minus(Duration.ofDays(SPAN_DAYS));
            this.last = now.minusSeconds(120);
            long wanted = last.getEpochSecond() - first.getEpochSecond();
            // Synthetic: time(n) = end - SPAN + n / total * SPAN; so time(0) = first and time(count) = last.
            long total = Math.max(count, Math.round((double) count * SYNTHETIC_SPAN / wanted));
            this.synthetic = new Synthetic(total, first.plusSeconds(SYNTHETIC_SPAN));
            this.account = account.getBytes(US_ASCII);
        }

        /** Fails unless the first and last events fall where they should (Synthetic's spread unchanged). */
        void check() {
            Instant t0 = event(0).eventTime();
            Instant tn = event(count - 1).eventTime();
            if (t0 == null
                    || tn == null
                    || t0.isBefore(first)
                    || t0.isAfter(first.plusSeconds(3600))
                    || tn.isAfter(last.plusSeconds(60))
                    || (count > 1000 && tn.isBefore(last.minus(Duration.ofDays(1))))) {
                throw new IllegalStateException("synthetic times " + t0 + " .. " + tn + " are not within " + first
                        + " .. " + last + ": has HistoryIndexBenchmark.Synthetic's spread changed?");
            }
            AuditEvent e = event(count / 2);
            if (!new String(account, US_ASCII).equals(e.recipientAccountId()) || !HistoryFields.isKept(e)) {
                throw new IllegalStateException("event " + count / 2 + " is not a kept event of the account: " + e);
            }
        }

        /** The JSON of event {@code n}, as the journal holds it. */
        byte[] json(long n) {
            byte[] json = CloudTrailJson.serialize(synthetic.event(n));
            replaceAccounts(json, account);
            return json;
        }

        /** Event {@code n}, parsed from its JSON. */
        AuditEvent event(long n) {
            return CloudTrailJson.parse(json(n));
        }

        List<byte[]> batch(long from, long to) {
            List<byte[]> batch = new ArrayList<>((int) (to - from));
            for (long n = from; n < to; n++) {
                batch.add(json(n));
            }
            return batch;
        }

        /**
         * Overwrites in place every account Synthetic names ({@code 1000000000NN}, a 12-digit number not
         * within a longer one) with {@code account}, also 12 digits, so the JSON stays the same length and valid.
         */
        static void replaceAccounts(byte[] json, byte[] account) {
            int limit = json.length - 12;
            for (int i = 0; i <= limit; i++) {
                if (json[i] != '1' || json[i + 1] != '0' || (i > 0 && isDigit(json[i - 1]))) {
                    continue;
                }
                boolean match = true;
                for (int j = 2; j < 10 && match; j++) {
                    match = json[i + j] == '0';
                }
                if (match
                        && isDigit(json[i + 10])
                        && isDigit(json[i + 11])
                        && (i + 12 == json.length || !isDigit(json[i + 12]))) {
                    System.arraycopy(account, 0, json, i, 12);
                    i += 11;
                }
            }
        }

        private static boolean isDigit(byte b) {
            return b >= '0' && b <= '9';
        }
    }
}

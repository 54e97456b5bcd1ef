package dev.cairn.history.lucene;

import dev.cairn.history.LookupCursor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.DocValuesSkipper;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.ConjunctionUtils;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * The newest documents of a {@link LuceneEventStore} index that match a query, newest first by (time,
 * sequence): what a lookup page shows, found by walking each segment from its first document.
 */
final class NewestMatches {

    /*
     * Notes
     * -----
     * Why not IndexSearcher.search with a TopFieldCollector. Every segment is sorted newest first, so the
     * first matches of a segment are its newest; but the search scores a segment in windows of thousands
     * of documents (a dense conjunction of the scope term and the time range, which match nearly every
     * document) before the collector can stop it, which made it most of a lookup's cost. Here each
     * segment's iterator is advanced one match at a time, and a segment stops at its first match older
     * than the oldest of the `wanted` kept so far. Segments are taken newest first (by their largest
     * time), so after the first the others mostly stop at once, or are skipped by their time range.
     * The matches of a segment are the time range's run of documents intersected with the postings of
     * the lookup's terms, built here rather than as a BooleanQuery, whose rewriting and weights cost more
     * than this whole walk.
     */

    /** One matching document: its time and sequence, its segment and its id there. */
    record Match(long time, long sequence, LeafReaderContext leaf, int doc) {}

    /** Negative when {@code a} comes first newest-first. */
    static int compareNewestFirst(long timeA, long sequenceA, long timeB, long sequenceB) {
        int byTime = Long.compare(timeB, timeA);
        return byTime != 0 ? byTime : Long.compare(sequenceB, sequenceA);
    }

    private static final Comparator<Match> OLDEST_FIRST =
            (a, b) -> compareNewestFirst(b.time(), b.sequence(), a.time(), a.sequence());

    private NewestMatches() {}

    /**
     * Returns, newest first, the newest {@code wanted} live documents of {@code searcher} that match
     * {@code timeRange}, have every term of {@code terms} and come after {@code after} (from the newest
     * when null).
     */
    static List<Match> find(
            IndexSearcher searcher, Query timeRange, List<Term> terms, @Nullable LookupCursor after, int wanted)
            throws IOException {
        List<LeafReaderContext> leaves =
                new ArrayList<>(searcher.getIndexReader().leaves());
        long[] newestTimes = new long[leaves.size()];
        for (int i = 0; i < leaves.size(); i++) {
            DocValuesSkipper times = leaves.get(i).reader().getDocValuesSkipper(LuceneEventStore.TIME);
            newestTimes[i] = times == null || times.docCount() == 0 ? Long.MIN_VALUE : times.maxValue();
        }
        Integer[] order = new Integer[leaves.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(newestTimes[b], newestTimes[a]));

        Weight times = searcher.createWeight(searcher.rewrite(timeRange), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<BytesRef> termBytes = terms.stream().map(Term::bytes).toList();
        PriorityQueue<Match> kept = new PriorityQueue<>(wanted + 1, OLDEST_FIRST);
        for (int i : order) {
            if (kept.size() == wanted && newestTimes[i] < kept.peek().time()) {
                break; // this segment and the rest hold only older events
            }
            collect(leaves.get(i), times, terms, termBytes, after, wanted, kept);
        }
        List<Match> newest = new ArrayList<>(kept);
        newest.sort(OLDEST_FIRST.reversed());
        return newest;
    }

    private static void collect(
            LeafReaderContext leaf,
            Weight timeRange,
            List<Term> terms,
            List<BytesRef> termBytes,
            @Nullable LookupCursor after,
            int wanted,
            PriorityQueue<Match> kept)
            throws IOException {
        ScorerSupplier inRange = timeRange.scorerSupplier(leaf);
        if (inRange == null) {
            return;
        }
        List<DocIdSetIterator> iterators = new ArrayList<>(terms.size() + 1);
        for (int t = 0; t < terms.size(); t++) {
            Terms fieldTerms = leaf.reader().terms(terms.get(t).field());
            if (fieldTerms == null) {
                return;
            }
            TermsEnum termsEnum = fieldTerms.iterator();
            if (!termsEnum.seekExact(termBytes.get(t))) {
                return;
            }
            iterators.add(termsEnum.postings(null, PostingsEnum.NONE));
        }
        iterators.add(inRange.get(wanted).iterator()); // a small lead cost: the matches are read one by one
        DocIdSetIterator docs =
                iterators.size() == 1 ? iterators.get(0) : ConjunctionUtils.intersectIterators(iterators);
        NumericDocValues times = DocValues.getNumeric(leaf.reader(), LuceneEventStore.TIME);
        NumericDocValues sequences = DocValues.getNumeric(leaf.reader(), LuceneEventStore.SEQUENCE);
        Bits live = leaf.reader().getLiveDocs();
        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
            if (live != null && !live.get(doc)) {
                continue;
            }
            long time = times.advanceExact(doc) ? times.longValue() : Long.MIN_VALUE;
            long sequence = sequences.advanceExact(doc) ? sequences.longValue() : 0;
            if (after != null && compareNewestFirst(time, sequence, after.eventTimeSeconds(), after.sequence()) <= 0) {
                continue; // of the cursor's second, at or before the cursor
            }
            if (kept.size() == wanted) {
                Match oldest = kept.peek();
                if (compareNewestFirst(time, sequence, oldest.time(), oldest.sequence()) > 0) {
                    return; // the segment is sorted newest first: the rest are older still
                }
                kept.poll();
            }
            kept.add(new Match(time, sequence, leaf, doc));
        }
    }
}

package dev.cairn.history.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The documents of an index that keep its zstd {@link RecordCompressor.Dictionary dictionaries}, one each:
 * a kind term, and the number, bytes and sample base stored. Kept in the index rather than in files beside
 * it, so that a commit holding records compressed with a dictionary holds the dictionary too (it is added
 * before them), and a copy of the directory is whole. They have no time, scope or attribute, so lookups
 * and deletions by time never match them.
 */
final class DictionaryDocuments {

    static final String KIND = "kind";
    static final String DICTIONARY = "dictionary";
    static final String NUMBER = "dictionary.number";
    static final String BYTES = "dictionary.bytes";
    static final String DRAWN_FROM = "dictionary.drawnFrom";

    private DictionaryDocuments() {}

    /** The fields of {@code dictionary}'s document. */
    static List<IndexableField> of(RecordCompressor.Dictionary dictionary) {
        return List.of(
                new StringField(KIND, DICTIONARY, Field.Store.NO),
                new StoredField(NUMBER, dictionary.number()),
                new StoredField(BYTES, dictionary.bytes()),
                new StoredField(DRAWN_FROM, dictionary.drawnFrom()));
    }

    /** Matches every dictionary document. */
    static Query all() {
        return new TermQuery(new Term(KIND, DICTIONARY));
    }

    /** The dictionaries {@code searcher} holds, by ascending number. */
    static List<RecordCompressor.Dictionary> read(IndexSearcher searcher) throws IOException {
        List<RecordCompressor.Dictionary> found = new ArrayList<>();
        Weight weight = searcher.createWeight(searcher.rewrite(all()), ScoreMode.COMPLETE_NO_SCORES, 1);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            StoredFields fields = leaf.reader().storedFields();
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                Document document = fields.document(doc);
                BytesRef bytes = document.getBinaryValue(BYTES);
                found.add(new RecordCompressor.Dictionary(
                        document.getField(NUMBER).numericValue().intValue(),
                        Arrays.copyOfRange(bytes.bytes, bytes.offset, bytes.offset + bytes.length),
                        document.getField(DRAWN_FROM).numericValue().longValue()));
            }
        }
        found.sort(Comparator.comparingInt(RecordCompressor.Dictionary::number));
        return found;
    }
}

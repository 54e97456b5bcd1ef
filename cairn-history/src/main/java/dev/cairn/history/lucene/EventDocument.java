package dev.cairn.history.lucene;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.LookupAttributeKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;
import org.apache.lucene.util.UnicodeUtil;

/**
 * The Lucene document of one event ({@link LuceneEventStore} describes its fields), built into field
 * objects and buffers that are reused from one event to the next, since the index writer takes what it
 * needs from them before {@code addDocument} returns. Not thread-safe: the store builds one document at a
 * time, under its write lock.
 */
final class EventDocument {

    private final Field id = new StringField(LuceneEventStore.ID, "", Field.Store.NO);
    private final Field scope = new StringField(LuceneEventStore.SCOPE, new BytesRef(), Field.Store.NO);
    private final Field time = NumericDocValuesField.indexedField(LuceneEventStore.TIME, 0);
    private final Field sequence = NumericDocValuesField.indexedField(LuceneEventStore.SEQUENCE, 0);
    private final Field stored = new BinaryDocValuesField(LuceneEventStore.RECORD, new BytesRef());

    /** For each indexed key, the fields its values were put in so far, with their term buffers. */
    private final List<List<Field>> attributeFields = new ArrayList<>();

    private final List<List<BytesRefBuilder>> attributeTerms = new ArrayList<>();
    private final List<IndexableField> fields = new ArrayList<>(16);
    private final HistoryDocuments.Output summaryOut = new HistoryDocuments.Output();

    /** The scope of the last event, and its UTF-8 followed by the separator, which most events share. */
    private boolean lastInsight;

    private String lastAccount = "";
    private String lastRegion = "";
    private final BytesRefBuilder scopeTerm = new BytesRefBuilder();
    private byte[] scopePrefix = new byte[0];

    EventDocument() {
        for (int i = 0; i < LuceneEventStore.INDEXED_KEYS.size(); i++) {
            attributeFields.add(new ArrayList<>(1));
            attributeTerms.add(new ArrayList<>(1));
        }
        setScope(false, "", "");
    }

    /**
     * Returns the fields of {@code record}'s document, with {@code shown} its {@link HistoryRecord#shown}
     * fields, {@code sequence} its append sequence, and its summary and JSON compressed by {@code
     * compressor}.
     */
    List<IndexableField> of(HistoryRecord record, HistoryEvent shown, long sequence, RecordCompressor compressor) {
        fields.clear();
        if (record.insight() != lastInsight
                || !record.accountId().equals(lastAccount)
                || !record.awsRegion().equals(lastRegion)) {
            setScope(record.insight(), record.accountId(), record.awsRegion());
        }
        id.setStringValue(record.eventId());
        fields.add(id);
        scope.setBytesValue(scopeTerm.get());
        fields.add(scope);
        List<LookupAttributeKey> keys = LuceneEventStore.INDEXED_KEYS;
        for (int k = 0; k < keys.size(); k++) {
            List<String> values = HistoryFields.values(shown, keys.get(k));
            for (int v = 0; v < values.size(); v++) {
                fields.add(attribute(k, v, values.get(v)));
            }
        }
        time.setLongValue(record.eventTime().getEpochSecond());
        fields.add(time);
        this.sequence.setLongValue(sequence);
        fields.add(this.sequence);
        summaryOut.reset();
        HistoryDocuments.writeSummary(record, summaryOut);
        stored.setBytesValue(compressor.compress(summaryOut.bytes(), record.json()));
        fields.add(stored);
        return fields;
    }

    /** The {@code v}th field of the {@code k}th indexed key, holding the scoped term of {@code value}. */
    private Field attribute(int k, int v, String value) {
        List<Field> pool = attributeFields.get(k);
        List<BytesRefBuilder> terms = attributeTerms.get(k);
        if (v == pool.size()) {
            pool.add(new StringField(LuceneEventStore.INDEXED_KEYS.get(k).name(), new BytesRef(), Field.Store.NO));
            terms.add(new BytesRefBuilder());
        }
        BytesRefBuilder term = terms.get(v);
        term.grow(scopePrefix.length + UnicodeUtil.maxUTF8Length(value.length()));
        System.arraycopy(scopePrefix, 0, term.bytes(), 0, scopePrefix.length);
        int length = UnicodeUtil.UTF16toUTF8(value, 0, value.length(), term.bytes(), scopePrefix.length);
        term.setLength(length);
        Field field = pool.get(v);
        field.setBytesValue(term.get());
        return field;
    }

    private void setScope(boolean insight, String account, String region) {
        lastInsight = insight;
        lastAccount = account;
        lastRegion = region;
        String text = LuceneEventStore.scope(insight, account, region);
        scopeTerm.copyChars(text);
        scopePrefix = (text + LuceneEventStore.SEPARATOR).getBytes(UTF_8);
    }
}

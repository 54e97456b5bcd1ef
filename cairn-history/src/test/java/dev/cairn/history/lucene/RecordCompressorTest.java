package dev.cairn.history.lucene;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.JsonStringLiteral;
import dev.cairn.history.EventStoreException;
import dev.cairn.history.HistoryEvent;
import dev.cairn.history.HistoryRecord;
import dev.cairn.history.RecordText;
import dev.cairn.history.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordCompressorTest {

    private static final List<HistoryRecord> CORPUS = corpus();

    private final RecordDictionaries dictionaries = new RecordDictionaries();
    private final List<RecordCompressor> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(RecordCompressor::close);
    }

    @Test
    void everyCorpusRecordReadsBackExactlyBeforeAndAfterTheFirstDictionary() {
        RecordCompressor compressor = compressor(new RecordCompressor.Training(100, 25, 10_000, 1.5, 100_000));
        long plainBytes = 0;
        long dictionaryBytes = 0;
        for (int i = 0; i < CORPUS.size(); i++) {
            HistoryRecord record = CORPUS.get(i);
            RecordCompressor.Dictionary trained = compressor.trainIfDue();
            if (trained != null) {
                assertThat(i).as("trained after the first 100 records").isEqualTo(100);
                compressor.use(trained);
            }
            BytesRef stored = BytesRef.deepCopyOf(compress(compressor, record));
            if (i < 100) {
                plainBytes += stored.length;
            } else if (i < 200) {
                dictionaryBytes += stored.length;
            }
            HistoryEvent read = dictionaries.read(stored);
            assertThat(read).isEqualTo(record.shown(RecordText.ofJson(record.json())));
            assertThat(read.text().literal())
                    .as("stored as the literal an answer copies")
                    .isEqualTo(JsonStringLiteral.quote(record.json(), 0, record.json().length));
        }
        assertThat(compressor.currentNumber()).isEqualTo(1);
        assertThat(dictionaryBytes)
                .as("the dictionary's records, next to the plain ones")
                .isLessThan(plainBytes * 7 / 10);
    }

    @Test
    void dictionariesComeGeometricallyOftenerNot() {
        RecordCompressor compressor = compressor(new RecordCompressor.Training(20, 5, 10_000, 1.5, 1_000_000));
        List<Integer> trainedAt = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            RecordCompressor.Dictionary trained = compressor.trainIfDue();
            if (trained != null) {
                trainedAt.add(i);
                compressor.use(trained);
            }
            compress(compressor, CORPUS.get(i % CORPUS.size()));
        }
        // the first from 20 records, the second after 5 x 20 more, the third after 5 x 100 more
        assertThat(trainedAt).containsExactly(20, 120, 620);
        assertThat(compressor.currentNumber()).isEqualTo(3);
    }

    @Test
    void recordsThatStopFittingTheDictionaryGetANewOneEarly() {
        RecordCompressor compressor = compressor(new RecordCompressor.Training(50, 1_000, 50, 1.3, 100));
        for (int i = 0; i < 50; i++) {
            compress(compressor, CORPUS.get(i));
        }
        compressor.use(compressor.trainIfDue());
        for (int i = 0; i < 200; i++) {
            assertThat(compressor.trainIfDue()).isNull();
            compress(compressor, CORPUS.get(i % 50)); // the records the dictionary was made of, a window each
        }
        SplittableRandom random = new SplittableRandom(7);
        int trainedAfter = -1;
        for (int i = 0; i < 500 && trainedAfter < 0; i++) {
            RecordCompressor.Dictionary trained = compressor.trainIfDue();
            if (trained != null) {
                trainedAfter = i;
                compressor.use(trained);
            }
            compress(compressor, unlike(CORPUS.get(i % 50), random));
        }
        assertThat(trainedAfter)
                .as("trained once a window of unlike records was seen")
                .isEqualTo(50);
        assertThat(compressor.currentNumber()).isEqualTo(2);
    }

    @Test
    void aFailedTrainingKeepsCompressingAndTriesAgainOnlyGrowthTimesLater() {
        // zstd trains from no fewer than about 15 samples: every training of 10 fails
        RecordCompressor compressor = compressor(new RecordCompressor.Training(10, 3, 10_000, 1.5, 1_000_000));
        for (int i = 0; i < 10; i++) {
            compress(compressor, CORPUS.get(i));
        }
        assertThat(compressor.trainIfDue()).isNull();
        assertThat(compressor.failedTrainings()).isEqualTo(1);
        for (int i = 10; i < 39; i++) {
            BytesRef stored = compress(compressor, CORPUS.get(i));
            assertThat(dictionaries.read(stored).eventId())
                    .isEqualTo(CORPUS.get(i).eventId());
            assertThat(compressor.trainIfDue()).isNull();
        }
        assertThat(compressor.failedTrainings())
                .as("no attempt before 3 x 10 more records")
                .isEqualTo(1);
        compress(compressor, CORPUS.get(39));
        assertThat(compressor.trainIfDue()).isNull();
        assertThat(compressor.failedTrainings()).isEqualTo(2);
        assertThat(compressor.currentNumber()).isZero();
    }

    @Test
    void aRecordOfADictionaryTheIndexDoesNotHoldIsAnErrorThatSaysSo() {
        RecordDictionaries elsewhere = new RecordDictionaries();
        RecordCompressor compressor =
                new RecordCompressor(elsewhere, new RecordCompressor.Training(20, 25, 10_000, 1.5, 100_000), null);
        opened.add(compressor);
        for (int i = 0; i < 20; i++) {
            compress(compressor, CORPUS.get(i));
        }
        compressor.use(compressor.trainIfDue());
        BytesRef stored = compress(compressor, CORPUS.get(20));

        assertThatThrownBy(() -> dictionaries.read(stored))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("dictionary 1")
                .hasMessageContaining("rebuild");
        assertThat(elsewhere.read(stored).eventId()).isEqualTo(CORPUS.get(20).eventId());
    }

    @Test
    void aDamagedRecordIsAnErrorNotAnotherEvent() {
        RecordCompressor compressor = compressor(RecordCompressor.Training.defaults());
        BytesRef stored = BytesRef.deepCopyOf(compress(compressor, CORPUS.get(0)));
        BytesRef cut = new BytesRef(stored.bytes, 0, stored.length - 5);
        BytesRef header = new BytesRef(new byte[] {0, (byte) 0x80});

        assertThatThrownBy(() -> dictionaries.read(cut))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("corrupt");
        assertThatThrownBy(() -> dictionaries.read(header))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void aDictionaryNumberIsNeverGivenTwiceInOneProcess() {
        RecordCompressor compressor = compressor(new RecordCompressor.Training(20, 25, 10_000, 1.5, 100_000));
        for (int i = 0; i < 20; i++) {
            compress(compressor, CORPUS.get(i));
        }
        compressor.use(compressor.trainIfDue());
        compressor.reset(); // every event deleted
        for (int i = 0; i < 20; i++) {
            compress(compressor, CORPUS.get(i + 40));
        }
        RecordCompressor.Dictionary next = compressor.trainIfDue();

        assertThat(next.number()).isEqualTo(2);
    }

    // plumbing

    private RecordCompressor compressor(RecordCompressor.Training training) {
        RecordCompressor compressor = new RecordCompressor(dictionaries, training, null);
        opened.add(compressor);
        return compressor;
    }

    private static BytesRef compress(RecordCompressor compressor, HistoryRecord record) {
        HistoryDocuments.Output summary = new HistoryDocuments.Output();
        HistoryDocuments.writeSummary(record, summary);
        return compressor.compress(summary.bytes(), record.json());
    }

    /** {@code record} with random hex in its user agent: records a dictionary of the others fits badly. */
    private static HistoryRecord unlike(HistoryRecord record, SplittableRandom random) {
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            noise.append(Character.forDigit(random.nextInt(16), 16));
        }
        String json = new String(record.json(), UTF_8)
                .replaceFirst("\"eventTime\"", "\"noise\":\"" + noise + "\",\"eventTime\"");
        return withJson(record, json.getBytes(UTF_8));
    }

    private static HistoryRecord withJson(HistoryRecord record, byte[] json) {
        return new HistoryRecord(
                record.eventId(),
                record.eventTime(),
                record.accountId(),
                record.awsRegion(),
                record.insight(),
                record.eventName(),
                record.readOnly(),
                record.accessKeyId(),
                record.eventSource(),
                record.username(),
                record.resources(),
                json);
    }

    private static List<HistoryRecord> corpus() {
        try (InputStream in = RecordCompressorTest.class.getResourceAsStream("/corpus/cloudtrail-events.jsonl")) {
            return new String(in.readAllBytes(), UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .map(line -> HistoryRecord.of(new StoredEvent(CloudTrailJson.parse(line), line.getBytes(UTF_8))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

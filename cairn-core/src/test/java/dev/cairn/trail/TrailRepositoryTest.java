package dev.cairn.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.metadata.MetadataBatch;
import dev.cairn.metadata.MetadataConflictException;
import dev.cairn.metadata.MetadataEntry;
import dev.cairn.metadata.MetadataStore;
import dev.cairn.selector.BasicSelectors;
import dev.cairn.selector.EventSelector;
import dev.cairn.selector.ReadWriteType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrailRepositoryTest {
    private final MapStore store = new MapStore();
    private final TrailRepository trails = new TrailRepository(store);

    @Test
    void aCreatedTrailIsFoundByKeyAndByArnAfterReopening() {
        Trail trail = TrailCodecTest.full(
                new BasicSelectors(List.of(new EventSelector(ReadWriteType.ALL, true, List.of(), List.of()))));
        trails.create(trail);

        TrailRepository reopened = new TrailRepository(store);

        assertThat(reopened.find("210987654321", "eu-west-3", "Full.Trail_1")).contains(trail);
        assertThat(reopened.byArn(trail.arn())).contains(trail);
        assertThat(reopened.find("210987654321", "eu-west-3", "full.trail_1")).isEmpty();
        assertThat(reopened.find("210987654321", "eu-west-1", "Full.Trail_1")).isEmpty();
    }

    @Test
    void creatingATrailTwiceIsRefused() {
        trails.create(TrailCodecTest.minimal());

        assertThatThrownBy(() -> trails.create(TrailCodecTest.minimal()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("arn:aws:cloudtrail:us-east-1:123456789012:trail/minimal");
    }

    @Test
    void trailsAreListedPerAccountAndAltogether() {
        trails.create(TrailCodecTest.minimal());
        trails.create(TrailCodecTest.full(null));

        assertThat(trails.ofAccount("123456789012")).extracting(Trail::name).containsExactly("minimal");
        assertThat(trails.ofAccount("210987654321")).extracting(Trail::name).containsExactly("Full.Trail_1");
        assertThat(trails.all()).hasSize(2);
    }

    @Test
    void insightSelectorsAreStoredWithTheTrailAndDeletedWithIt() {
        Trail trail = TrailCodecTest.full(null);
        trails.create(trail);
        List<InsightSelector> insights = List.of(
                new InsightSelector("ApiCallRateInsight", null),
                new InsightSelector("ApiErrorRateInsight", List.of("Data")));

        trails.update(trail, insights);

        assertThat(trails.insightSelectors(trail)).isEqualTo(insights);
        trails.delete(trail);
        assertThat(trails.byArn(trail.arn())).isEmpty();
        assertThat(trails.insightSelectors(trail)).isEmpty();
    }

    @Test
    void updatingAMissingTrailIsRefused() {
        assertThatThrownBy(() -> trails.update(TrailCodecTest.minimal())).isInstanceOf(IllegalStateException.class);
    }

    /** A metadata store of sorted maps, enough for these tests. */
    private static final class MapStore implements MetadataStore {
        private final Map<String, TreeMap<String, byte[]>> tables = new TreeMap<>();

        @Override
        public Optional<byte[]> get(String table, String key) {
            return Optional.ofNullable(
                    tables.getOrDefault(table, new TreeMap<>()).get(key));
        }

        @Override
        public List<MetadataEntry> list(String table, String keyPrefix) {
            List<MetadataEntry> out = new ArrayList<>();
            tables.getOrDefault(table, new TreeMap<>()).forEach((k, v) -> {
                if (k.startsWith(keyPrefix)) {
                    out.add(new MetadataEntry(k, v));
                }
            });
            return out;
        }

        @Override
        public void apply(MetadataBatch batch) {
            for (MetadataBatch.Step step : batch.steps()) {
                if (step instanceof MetadataBatch.ExpectAbsent c
                        && get(c.table(), c.key()).isPresent()) {
                    throw new MetadataConflictException(step);
                }
                if (step instanceof MetadataBatch.ExpectPresent c
                        && get(c.table(), c.key()).isEmpty()) {
                    throw new MetadataConflictException(step);
                }
            }
            for (MetadataBatch.Step step : batch.steps()) {
                if (step instanceof MetadataBatch.Put p) {
                    tables.computeIfAbsent(p.table(), t -> new TreeMap<>()).put(p.key(), p.value());
                } else if (step instanceof MetadataBatch.Delete d) {
                    tables.computeIfAbsent(d.table(), t -> new TreeMap<>()).remove(d.key());
                }
            }
        }

        @Override
        public void clear() {
            tables.clear();
        }

        @Override
        public void close() {}
    }
}

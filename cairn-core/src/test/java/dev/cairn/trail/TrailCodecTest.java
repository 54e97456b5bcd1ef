package dev.cairn.trail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.selector.AdvancedEventSelector;
import dev.cairn.selector.AdvancedSelectors;
import dev.cairn.selector.BasicSelectors;
import dev.cairn.selector.DataResource;
import dev.cairn.selector.EventSelector;
import dev.cairn.selector.FieldSelector;
import dev.cairn.selector.ReadWriteType;
import dev.cairn.selector.TrailSelectors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrailCodecTest {
    static final Instant CREATED = Instant.parse("2025-01-02T03:04:05.123456789Z");

    static Trail minimal() {
        return new Trail(
                "minimal",
                "123456789012",
                "us-east-1",
                "bucket",
                null,
                null,
                true,
                false,
                false,
                null,
                null,
                null,
                false,
                null,
                List.of(),
                Map.of(),
                false,
                null,
                null,
                CREATED);
    }

    static Trail full(TrailSelectors selectors) {
        return new Trail(
                "Full.Trail_1",
                "210987654321",
                "eu-west-3",
                "my-bucket",
                "logs/prefix/",
                "my-topic",
                false,
                true,
                true,
                "arn:aws:logs:eu-west-3:210987654321:log-group:g:*",
                "arn:aws:iam::210987654321:role/r",
                "arn:aws:kms:eu-west-3:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                true,
                selectors,
                List.of("ApiCallRateInsight", "ApiErrorRateInsight"),
                Map.of("team", "audit", "empty", "", "ünïcode key", "välue"),
                true,
                Instant.parse("2025-02-01T00:00:00.5Z"),
                Instant.parse("2025-01-31T23:59:59Z"),
                CREATED);
    }

    @Test
    void aMinimalTrailReadsBackEqual() {
        Trail trail = minimal();

        assertThat(TrailCodec.decode(TrailCodec.encode(trail))).isEqualTo(trail);
    }

    @Test
    void everyMemberAndBasicSelectorsReadBackEqual() {
        Trail trail = full(new BasicSelectors(List.of(
                new EventSelector(ReadWriteType.WRITE_ONLY, false, List.of(), List.of("kms.amazonaws.com")),
                new EventSelector(
                        ReadWriteType.READ_ONLY,
                        true,
                        List.of(
                                new DataResource("AWS::S3::Object", List.of("arn:aws:s3:::b/", "arn:aws:s3:::c/p")),
                                new DataResource("AWS::Lambda::Function", List.of())),
                        List.of()))));

        assertThat(TrailCodec.decode(TrailCodec.encode(trail))).isEqualTo(trail);
    }

    @Test
    void advancedSelectorsKeepWhichOperatorsWereGiven() {
        Trail trail = full(new AdvancedSelectors(List.of(
                new AdvancedEventSelector(
                        "Log all management events",
                        List.of(new FieldSelector(
                                "eventCategory", List.of("Management"), null, null, null, null, null))),
                new AdvancedEventSelector(
                        null,
                        List.of(
                                new FieldSelector("eventCategory", List.of("Data"), null, null, null, null, null),
                                new FieldSelector(
                                        "resources.ARN",
                                        null,
                                        List.of("arn:aws:s3:::a/"),
                                        List.of("x"),
                                        List.of("y"),
                                        List.of("arn:aws:s3:::b/", "arn:aws:s3:::c/"),
                                        List.of("z")))))));

        Trail read = TrailCodec.decode(TrailCodec.encode(trail));

        assertThat(read).isEqualTo(trail);
        FieldSelector management = ((AdvancedSelectors) read.selectors())
                .selectors()
                .get(0)
                .fieldSelectors()
                .get(0);
        assertThat(management.startsWith()).isNull();
        assertThat(((AdvancedSelectors) read.selectors()).selectors().get(1).name())
                .isNull();
    }

    @Test
    void absentOptionalMembersAreLeftOut() {
        String json = new String(TrailCodec.encode(minimal()), StandardCharsets.UTF_8);

        assertThat(json)
                .doesNotContain("s3KeyPrefix", "snsTopicName", "kmsKeyId", "selectors\"", "startLoggingTime")
                .contains("\"created\":\"2025-01-02T03:04:05.123456789Z\"");
    }

    @Test
    void unknownMembersOfANewerWriterAreSkipped() {
        String json = new String(TrailCodec.encode(minimal()), StandardCharsets.UTF_8)
                .replace("{\"v\":1,", "{\"v\":2,\"future\":{\"a\":[1,2]},\"later\":[\"x\"],");

        assertThat(TrailCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(minimal());
    }

    @Test
    void insightSelectorsReadBackWithOrWithoutCategories() {
        List<InsightSelector> selectors = List.of(
                new InsightSelector("ApiCallRateInsight", null),
                new InsightSelector("ApiErrorRateInsight", List.of("Management", "Data")));

        List<InsightSelector> read = TrailCodec.decodeInsights(TrailCodec.encodeInsights(selectors));

        assertThat(read).isEqualTo(selectors);
        assertThat(read.get(0).eventCategories()).isNull();
        assertThat(read.get(0).effectiveEventCategories()).containsExactly("Management");
    }
}

package dev.cairn.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

    @Test
    void bindsLabelsPercentDecoded() {
        assertThat(PathTemplate.of("/restapis/{restapi_id}/stages/{stage_name}")
                        .match("/restapis/a1b2/stages/pr%C3%A9"))
                .contains(Map.of("restapi_id", "a1b2", "stage_name", "pré"));
    }

    @Test
    void literalSegmentsMustMatchExactly() {
        assertThat(PathTemplate.of("/restapis/{id}").match("/restapi/x")).isEmpty();
        assertThat(PathTemplate.of("/restapis/{id}").match("/restapis/x/extra")).isEmpty();
        assertThat(PathTemplate.of("/restapis/{id}").match("/restapis/")).isEmpty();
    }

    @Test
    void aGreedyLabelTakesTheRestOfThePath() {
        assertThat(PathTemplate.of("/v1/{bucket}/{key+}").match("/v1/b/a/b/c.json"))
                .contains(Map.of("bucket", "b", "key", "a/b/c.json"));
    }

    @Test
    void aPlusInAPathSegmentIsAPlus() {
        assertThat(PathTemplate.of("/u/{name}").match("/u/a+b")).contains(Map.of("name", "a+b"));
    }
}

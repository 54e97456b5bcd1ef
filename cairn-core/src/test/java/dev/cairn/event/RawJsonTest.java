package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RawJsonTest {

    @Test
    void ofMakesTheTextCompactAndKeepsMemberOrderAndNumberLiterals() {
        RawJson raw = RawJson.of(" { \"b\" : [ 1.0 , 2e3 ] ,\n \"a\" : { } } ");

        assertThat(raw.json()).isEqualTo("{\"b\":[1.0,2e3],\"a\":{}}");
        assertThat(raw.isObject()).isTrue();
        assertThat(raw).hasToString("{\"b\":[1.0,2e3],\"a\":{}}");
    }

    @Test
    void valuesAreEqualWhenTheirCompactTextsAre() {
        assertThat(RawJson.of("{\"a\": 1}"))
                .isEqualTo(RawJson.of("{\"a\":1}"))
                .hasSameHashCodeAs(RawJson.of("{\"a\":1}"));
        assertThat(RawJson.of("{\"a\":1,\"b\":2}")).isNotEqualTo(RawJson.of("{\"b\":2,\"a\":1}"));
        assertThat(RawJson.of("1.0")).isNotEqualTo(RawJson.of("1"));
    }

    @Test
    void theNullLiteralIsNull() {
        assertThat(RawJson.of(" null ")).isSameAs(RawJson.NULL);
        assertThat(RawJson.NULL.isNull()).isTrue();
        assertThat(RawJson.EMPTY_OBJECT.isNull()).isFalse();
        assertThat(RawJson.of("\"s\"").isObject()).isFalse();
    }

    @Test
    void textThatIsNotExactlyOneJsonValueIsRefused() {
        assertThatThrownBy(() -> RawJson.of(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("raw JSON must hold one JSON value, but is empty");
        assertThatThrownBy(() -> RawJson.of("{} []"))
                .hasMessage("raw JSON must hold exactly one JSON value, but has more after it: [");
        assertThatThrownBy(() -> RawJson.of("{\"a\":}")).hasMessageStartingWith("raw JSON is not valid JSON: ");
        assertThatThrownBy(() -> RawJson.of("{\"a\":[1,")).hasMessageStartingWith("raw JSON is not valid JSON: ");
    }
}

package dev.cairn.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompactFormTest {

    private static boolean compact(String json) {
        byte[] bytes = json.getBytes(UTF_8);
        return CompactForm.isCompact(bytes, 0, bytes.length);
    }

    @Test
    void textAsTheCopierWritesItIsCompact() {
        assertThat(compact("{\"a\":[1,2.50,true,null],\"b\":{}}")).isTrue();
        assertThat(compact("{\"s\":\"sp ace, é \uD83D\uDE00 \\\" \\\\ \\n\\t\\r\\b\\f \\u0000\\u001F \\u000B\"}"))
                .isTrue();
    }

    @Test
    void whitespaceOutsideStringsIsNotCompact() {
        assertThat(compact("{\"a\": 1}")).isFalse();
        assertThat(compact("[1,\n2]")).isFalse();
        assertThat(compact("{\"a\":1\t}")).isFalse();
        assertThat(compact("{\"a\":1}\r")).isFalse();
    }

    @Test
    void escapesTheCopierWritesDifferentlyAreNotCompact() {
        assertThat(compact("{\"a\":\"\\/\"}")).isFalse();
        assertThat(compact("{\"a\":\"\\u00e9\"}")).isFalse();
        assertThat(compact("{\"a\":\"\\u001f\"}")).isFalse();
        assertThat(compact("{\"a\":\"\\u000A\"}")).isFalse();
        assertThat(compact("{\"a\":\"\\u0020\"}")).isFalse();
        assertThat(compact("{\"a\":\"\\u2028\"}")).isFalse();
    }
}

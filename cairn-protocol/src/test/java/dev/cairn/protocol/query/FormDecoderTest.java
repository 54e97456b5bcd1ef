package dev.cairn.protocol.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.error.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {

    private static Map<String, String> decode(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        FormDecoder.decode(form, out);
        return out;
    }

    @Test
    void decodesPlusAsSpaceAndPercentAsUtf8() {
        assertThat(decode("Action=CreateUser&UserName=a+b%2Bc&Path=%2Fteam%2F&Note=%C3%A9t%C3%A9"))
                .containsExactly(
                        Map.entry("Action", "CreateUser"),
                        Map.entry("UserName", "a b+c"),
                        Map.entry("Path", "/team/"),
                        Map.entry("Note", "été"));
    }

    @Test
    void keepsEmptyValuesAndSkipsEmptyPairs() {
        assertThat(decode("A=&&B&C=1")).containsExactly(Map.entry("A", ""), Map.entry("B", ""), Map.entry("C", "1"));
    }

    @Test
    void firstValueOfARepeatedNameWins() {
        assertThat(decode("A=1&A=2")).containsExactly(Map.entry("A", "1"));
    }

    @Test
    void refusesATruncatedEscape() {
        assertThatThrownBy(() -> decode("A=%4"))
                .isInstanceOf(AwsException.class)
                .hasMessageContaining("%4");
    }

    @Test
    void refusesANonHexEscape() {
        assertThatThrownBy(() -> decode("A=%zz")).isInstanceOf(AwsException.class);
    }

    @Test
    void refusesInvalidUtf8() {
        assertThatThrownBy(() -> decode("A=%C3%28")).isInstanceOf(AwsException.class);
    }
}

package dev.cairn.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvTest {

    private static String field(String value) throws IOException {
        StringBuilder out = new StringBuilder();
        Csv.writeField(out, value);
        return out.toString();
    }

    @ParameterizedTest(name = "[{0}] is written [{1}]")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "plain|plain",
                "with spaces  |with spaces  ",
                "a,b|\"a,b\"",
                "say \"hi\"|\"say \"\"hi\"\"\"",
                "\"|\"\"\"\"",
            })
    void fieldsAreQuotedOnlyWhenTheyMustBe(String value, String written) throws IOException {
        assertThat(field(value)).isEqualTo(written);
    }

    @Test
    void anEmptyFieldIsWrittenEmpty() throws IOException {
        assertThat(field("")).isEmpty();
    }

    @Test
    void lineBreaksInsideAFieldAreKeptInsideQuotes() throws IOException {
        assertThat(field("line1\nline2")).isEqualTo("\"line1\nline2\"");
        assertThat(field("cr\rhere")).isEqualTo("\"cr\rhere\"");
    }

    @Test
    void aRecordEndsWithCrLf() throws IOException {
        StringBuilder out = new StringBuilder();
        Csv.writeRecord(out, List.of("a", "", "b,c", "[{\"ResourceName\":\"x\"}]"));
        assertThat(out.toString()).isEqualTo("a,,\"b,c\",\"[{\"\"ResourceName\"\":\"\"x\"\"}]\"\r\n");
    }
}

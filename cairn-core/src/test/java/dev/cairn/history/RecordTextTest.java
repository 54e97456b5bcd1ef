package dev.cairn.history;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.event.JsonStringLiteral;
import org.junit.jupiter.api.Test;

class RecordTextTest {

    private static final String JSON = "{\"eventName\":\"CreateUser\",\"userAgent\":\"a \\\"b\\\" \u00e9\"}";
    private static final byte[] LITERAL = JsonStringLiteral.quote(JSON);

    @Test
    void aTextReadAsJsonGivesItsLiteral() {
        RecordText text = RecordText.ofJson(JSON.getBytes(UTF_8));

        assertThat(text.literal()).isEqualTo(LITERAL);
        assertThat(text.string()).isEqualTo(JSON);
    }

    @Test
    void aTextReadAsALiteralGivesItsJson() {
        RecordText text = RecordText.ofLiteral(LITERAL);

        assertThat(text.json()).isEqualTo(JSON.getBytes(UTF_8));
        assertThat(text.string()).isEqualTo(JSON);
        assertThat(text.literal()).isSameAs(LITERAL);
    }

    @Test
    void theLiteralIsMadeOnceAndKept() {
        RecordText text = RecordText.ofJson(JSON);

        assertThat(text.literal()).isSameAs(text.literal());
    }

    @Test
    void textsAreEqualWhenTheirJsonIsWhateverFormTheyWereReadIn() {
        RecordText fromLiteral = RecordText.ofLiteral(LITERAL);
        RecordText fromString = RecordText.ofJson(JSON);
        RecordText fromBytes = RecordText.ofJson(JSON.getBytes(UTF_8));

        assertThat(fromLiteral).isEqualTo(fromString).isEqualTo(fromBytes).hasSameHashCodeAs(fromBytes);
        assertThat(fromLiteral).isNotEqualTo(RecordText.ofJson("{}"));
    }

    @Test
    void aLiteralWithoutQuotesIsRefused() {
        assertThatThrownBy(() -> RecordText.ofLiteral(JSON.getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quote");
    }

    @Test
    void itsTextNamesTheSizeOnlyNeverTheContent() {
        assertThat(RecordText.ofJson(JSON)).hasToString("RecordText[" + JSON.getBytes(UTF_8).length + " bytes]");
    }
}

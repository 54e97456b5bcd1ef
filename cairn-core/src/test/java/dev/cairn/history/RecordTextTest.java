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
        RecordText text = RecordText.ofLiteral(LITERAL, 0, LITERAL.length);

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
        RecordText fromLiteral = RecordText.ofLiteral(LITERAL, 0, LITERAL.length);
        RecordText fromString = RecordText.ofJson(JSON);
        RecordText fromBytes = RecordText.ofJson(JSON.getBytes(UTF_8));

        assertThat(fromLiteral).isEqualTo(fromString).isEqualTo(fromBytes).hasSameHashCodeAs(fromBytes);
        assertThat(fromLiteral).isNotEqualTo(RecordText.ofJson("{}"));
    }

    @Test
    void aLiteralWithoutQuotesIsRefused() {
        assertThatThrownBy(() -> RecordText.ofLiteral(JSON.getBytes(UTF_8), 0, JSON.getBytes(UTF_8).length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quote");
    }

    @Test
    void itsTextNamesTheSizeOnlyNeverTheContent() {
        assertThat(RecordText.ofJson(JSON)).hasToString("RecordText[" + JSON.getBytes(UTF_8).length + " bytes]");
    }

    @Test
    void aTextReadAsPartOfALargerArrayGivesItsJsonAndCopiesItsLiteral() {
        byte[] around = new byte[LITERAL.length + 7];
        System.arraycopy(LITERAL, 0, around, 3, LITERAL.length);
        RecordText text = RecordText.ofLiteral(around, 3, LITERAL.length);

        assertThat(text.literalLength()).isEqualTo(LITERAL.length);
        byte[] out = new byte[LITERAL.length + 2];
        assertThat(text.copyLiteral(out, 1)).isEqualTo(LITERAL.length + 1);
        assertThat(java.util.Arrays.copyOfRange(out, 1, LITERAL.length + 1)).isEqualTo(LITERAL);
        assertThat(text.literal()).isEqualTo(LITERAL);
        assertThat(text.string()).isEqualTo(JSON);
        assertThat(text).isEqualTo(RecordText.ofJson(JSON));
    }

    @Test
    void aTextFromJsonCopiesTheLiteralItMakes() {
        RecordText text = RecordText.ofJson(JSON);
        byte[] out = new byte[LITERAL.length];

        assertThat(text.copyLiteral(out, 0)).isEqualTo(LITERAL.length);
        assertThat(out).isEqualTo(LITERAL);
        assertThat(text.literalLength()).isEqualTo(LITERAL.length);
    }

    @Test
    void aPartOutsideItsArrayOrWithoutQuotesIsRefused() {
        assertThatThrownBy(() -> RecordText.ofLiteral(LITERAL, 1, LITERAL.length))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> RecordText.ofLiteral(LITERAL, 1, LITERAL.length - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quote");
    }
}

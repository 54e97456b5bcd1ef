package dev.cairn.server.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.json.EncodedJson;
import org.junit.jupiter.api.Test;

class RecentRecordLiteralsTest {

    private final RecentRecordLiterals literals = new RecentRecordLiterals(4);

    @Test
    void theSameStringGetsTheLiteralEscapedTheFirstTime() {
        String record = "{\"eventID\":\"a\"}";

        EncodedJson first = literals.literalOf(record);

        assertThat(literals.literalOf(record)).isSameAs(first);
        assertThat(first.getValue()).isEqualTo("\"{\\\"eventID\\\":\\\"a\\\"}\"");
    }

    @Test
    void anEqualStringThatIsAnotherObjectIsEscapedItself() {
        String record = "{\"eventID\":\"b\"}";
        EncodedJson first = literals.literalOf(record);

        EncodedJson second = literals.literalOf(new String(record));

        assertThat(second).isNotSameAs(first);
        assertThat(second.getValue()).isEqualTo(first.getValue());
    }

    @Test
    void everyStringGetsItsOwnLiteralWhateverTheCollisions() {
        for (int i = 0; i < 100; i++) {
            String record = "{\"n\":" + i + "}";
            assertThat(literals.literalOf(record).getValue()).isEqualTo("\"{\\\"n\\\":" + i + "}\"");
        }
    }

    @Test
    void aSizeThatIsNotAPowerOfTwoIsRefused() {
        assertThatThrownBy(() -> new RecentRecordLiterals(3)).hasMessageContaining("power of two");
    }
}

package dev.cairn.journal.segment;

import static dev.cairn.journal.segment.TestJournals.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame of one record: length, CRC32C over length and body, key length, key, payload. */
class RecordFormatTest {

    @Test
    void aFrameHoldsItsLengthChecksumKeyAndPayload() {
        RecordFormat.Frames frames = RecordFormat.encode("acct", List.of(utf8("hello")), 100);

        ByteBuffer frame = ByteBuffer.wrap(frames.bytes());
        assertThat(frames.bytes()).hasSize(8 + 2 + 4 + 5);
        assertThat(frame.getInt(0)).isEqualTo(2 + 4 + 5);
        assertThat(RecordFormat.checksumMatches(frame, 0, 11)).isTrue();
        assertThat(frame.getShort(8)).isEqualTo((short) 4);
        RecordFormat.Body body = RecordFormat.decodeBody(frame, 8, 11);
        assertThat(body).isNotNull();
        assertThat(body.key()).isEqualTo("acct");
        assertThat(body.payload()).isEqualTo(utf8("hello"));
    }

    @Test
    void theFramesOfABatchFollowEachOtherAndSayWhereEachBegins() {
        RecordFormat.Frames frames = RecordFormat.encode("k", List.of(utf8("a"), new byte[0], utf8("ccc")), 100);

        assertThat(frames.starts()).containsExactly(0, 12, 23);
        assertThat(frames.bytes()).hasSize(37);
    }

    @Test
    void theChecksumCoversTheLengthAsWellAsTheBody() {
        byte[] bytes = RecordFormat.encode("k", List.of(utf8("abcdef")), 100).bytes();
        ByteBuffer frame = ByteBuffer.wrap(bytes);

        frame.putInt(0, frame.getInt(0) - 1); // a shorter length that still fits: only the checksum tells

        assertThat(RecordFormat.checksumMatches(frame, 0, frame.getInt(0))).isFalse();
    }

    @Test
    void aKeyOfMoreThan1024Utf8BytesIsRefused() {
        RecordFormat.encode("k".repeat(1024), List.of(utf8("x")), 100);

        assertThatThrownBy(() -> RecordFormat.encode("\u00E9".repeat(513), List.of(utf8("x")), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1026 UTF-8 bytes")
                .hasMessageContaining("limit of 1024");
    }

    @Test
    void aKeyWithAnUnpairedSurrogateIsRefused() {
        assertThatThrownBy(() -> RecordFormat.encode("a\uD83D", List.of(utf8("x")), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void aKeyLengthThatDoesNotFitTheBodyIsNotDecoded() {
        ByteBuffer frame = ByteBuffer.wrap(
                RecordFormat.encode("key", List.of(utf8("v")), 100).bytes());
        frame.putShort(8, (short) 200);

        assertThat(RecordFormat.decodeBody(frame, 8, frame.getInt(0))).isNull();
    }

    @Test
    void lengthsOutsideTheFormatsBoundsAreInvalid() {
        assertThat(RecordFormat.validLength(0)).isFalse();
        assertThat(RecordFormat.validLength(1)).isFalse();
        assertThat(RecordFormat.validLength(2)).isTrue();
        assertThat(RecordFormat.validLength(RecordFormat.MAX_BODY)).isTrue();
        assertThat(RecordFormat.validLength(RecordFormat.MAX_BODY + 1)).isFalse();
        assertThat(RecordFormat.validLength(-8)).isFalse();
    }
}

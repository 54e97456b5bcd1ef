package dev.cairn.metadata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.metadata.MetadataBatch;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void changesRoundTripInOrderWithEveryKindOfString() throws Exception {
        List<MetadataBatch.Step> changes = List.of(
                new MetadataBatch.Put("users", "plain", new byte[] {1, 2, 3}),
                new MetadataBatch.Delete("users", "gone"),
                new MetadataBatch.Put("τάξη", "emoji-\uD83D\uDE00", new byte[0]),
                new MetadataBatch.Put("t", "lone-\uD800\uDC00\uDC00-\uD800", new byte[300]),
                new MetadataBatch.Put("t", "nul-\u0000-\u07FF-\u0800-\uFFFF", new byte[] {-1}),
                new MetadataBatch.Put("t", "", new byte[] {0}));

        byte[] record = LogFormat.changesRecord(changes);
        LogFormat.Record decoded = LogFormat.decode(payloadOf(record));

        assertThat(decoded).isInstanceOf(LogFormat.Changes.class);
        List<MetadataBatch.Step> back = ((LogFormat.Changes) decoded).changes();
        assertThat(back).hasSameSizeAs(changes);
        for (int i = 0; i < changes.size(); i++) {
            assertThat(describe(back.get(i))).isEqualTo(describe(changes.get(i)));
        }
    }

    @Test
    void aClearRoundTrips() throws Exception {
        assertThat(LogFormat.decode(payloadOf(LogFormat.clearRecord()))).isEqualTo(LogFormat.Clear.INSTANCE);
    }

    @Test
    void theFrameCarriesTheLengthAndAChecksumOfLengthAndPayload() {
        byte[] record = LogFormat.changesRecord(List.of(new MetadataBatch.Delete("users", "alice")));
        ByteBuffer frame = ByteBuffer.wrap(record);
        int length = frame.getInt(0);

        assertThat(length).isEqualTo(record.length - LogFormat.FRAME_OVERHEAD);
        assertThat(frame.getInt(4)).isEqualTo(LogFormat.checksum(length, record, LogFormat.FRAME_OVERHEAD));
        // The same payload under another length has another checksum.
        assertThat(LogFormat.checksum(length - 1, record, LogFormat.FRAME_OVERHEAD))
                .isNotEqualTo(LogFormat.checksum(length - 1, Arrays.copyOf(record, record.length), 0));
    }

    @Test
    void putSizeIsWhatAPutTakesInARecord() {
        MetadataBatch.Put put = new MetadataBatch.Put("users", "ключ", new byte[200]);
        byte[] one = LogFormat.changesRecord(List.of(put));
        byte[] two = LogFormat.changesRecord(List.of(put, put));

        assertThat((long) two.length - one.length).isEqualTo(LogFormat.putSize("users", "ключ", 200));
    }

    @Test
    void malformedPayloadsAreReportedNotMisread() {
        byte[] valid = payloadOf(LogFormat.changesRecord(List.of(new MetadataBatch.Put("t", "k", new byte[] {7}))));

        assertThatThrownBy(() -> LogFormat.decode(new byte[] {9}))
                .isInstanceOf(LogFormat.MalformedRecordException.class)
                .hasMessage("unknown record type 9");
        assertThatThrownBy(() -> LogFormat.decode(Arrays.copyOf(valid, valid.length - 1)))
                .isInstanceOf(LogFormat.MalformedRecordException.class);
        assertThatThrownBy(() -> LogFormat.decode(Arrays.copyOf(valid, valid.length + 1)))
                .isInstanceOf(LogFormat.MalformedRecordException.class)
                .hasMessageContaining("after the end of the record");
        assertThatThrownBy(() ->
                        LogFormat.decode(new byte[] {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}))
                .isInstanceOf(LogFormat.MalformedRecordException.class);
        assertThatThrownBy(() -> LogFormat.decode(new byte[] {1, 1, 3, 1, (byte) 0xFF}))
                .isInstanceOf(LogFormat.MalformedRecordException.class)
                .hasMessageContaining("malformed string");
    }

    private static byte[] payloadOf(byte[] record) {
        return Arrays.copyOfRange(record, LogFormat.FRAME_OVERHEAD, record.length);
    }

    private static String describe(MetadataBatch.Step step) {
        return switch (step) {
            case MetadataBatch.Put put -> "put " + put.table() + " " + put.key() + " " + Arrays.toString(put.value());
            default -> step.toString();
        };
    }
}

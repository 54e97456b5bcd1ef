package dev.cairn.trail.validation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GunzipTest {

    private static final byte[] HELLO = TestTrail.gzip("hello, digest".getBytes(UTF_8));

    @Test
    void inflatesOnlyTheFirstMemberAndIgnoresWhatFollows() throws Exception {
        byte[] two = concat(HELLO, TestTrail.gzip("second".getBytes(UTF_8)), "junk".getBytes(UTF_8));

        assertThat(inflate(two, true)).isEqualTo("hello, digest");
        assertThat(inflate(two, false)).isEqualTo("hello, digest");
    }

    @Test
    void readsAHeaderWithAFileNameAndAComment() throws Exception {
        // gzip -c with FNAME|FCOMMENT (0x18): the 10-byte header, "a.json\0", "note\0", then HELLO's body.
        byte[] header = HexFormat.of().parseHex("1f8b0818000000000003");
        byte[] names = "a.json\0note\0".getBytes(UTF_8);
        byte[] withNames = concat(header, names, Arrays.copyOfRange(HELLO, 10, HELLO.length));

        assertThat(inflate(withNames, true)).isEqualTo("hello, digest");
    }

    @Test
    void memberCutShortFailsWhenStrictAndYieldsWhatThereIsOtherwise() throws Exception {
        byte[] cut = Arrays.copyOf(HELLO, HELLO.length - 3);

        assertThatThrownBy(() -> inflate(cut, true))
                .isInstanceOf(Gunzip.GzipException.class)
                .hasMessage("incomplete or truncated stream");
        assertThat(inflate(cut, false)).isEqualTo("hello, digest");
        assertThat(inflate(Arrays.copyOf(HELLO, 5), false)).isEmpty();
        assertThat(inflate(new byte[0], false)).isEmpty();
        assertThatThrownBy(() -> inflate(new byte[0], true)).isInstanceOf(Gunzip.GzipException.class);
    }

    @Test
    void wrongCrcOrWrongMagicFailsEvenWhenLenient() {
        byte[] badCrc = HELLO.clone();
        badCrc[badCrc.length - 8] ^= 1;
        byte[] notGzip = "hello".getBytes(UTF_8);

        assertThatThrownBy(() -> inflate(badCrc, false)).hasMessage("incorrect data check");
        assertThatThrownBy(() -> inflate(notGzip, false)).hasMessage("incorrect header check");
    }

    @Test
    void refusesToInflateBeyondTheLimit() {
        assertThatThrownBy(() -> Gunzip.inflate(HELLO, true, 5, new ByteArrayOutputStream()))
                .isInstanceOf(Gunzip.GzipException.class)
                .hasMessageContaining("more than 5 bytes");
    }

    private static String inflate(byte[] gzip, boolean strict) throws Gunzip.GzipException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Gunzip.inflate(gzip, strict, Long.MAX_VALUE, out);
        return out.toString(UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

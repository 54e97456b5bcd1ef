package dev.cairn.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void keysCompareAsTheirUtf8Bytes() {
        Random random = new Random(42);
        int[] pool = {'a', 'Z', '/', '-', 0x7f, 0xe9, 0x800, 0xe000, 0xff21, 0xfffd, 0x10000, 0x1f600, 0x10ffff};
        for (int i = 0; i < 10_000; i++) {
            String a = randomKey(random, pool);
            String b = randomKey(random, pool);

            int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8)));

            assertThat(Integer.signum(ObjectKeys.compare(a, b)))
                    .as("%s vs %s", a, b)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aKeyAboveUffffSortsAfterTheTopOfTheBasicPlane() {
        assertThat(ObjectKeys.compare("😀", "Ａ")).isPositive();
        assertThat("😀".compareTo("Ａ"))
                .as("String.compareTo orders UTF-16 units")
                .isNegative();
    }

    @Test
    void keysMustBeWellFormedAndAtMost1024Bytes() {
        assertThat(ObjectKeys.check("日".repeat(341))).hasSize(341); // 1023 bytes
        assertThatThrownBy(() -> ObjectKeys.check("日".repeat(342)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1026 UTF-8 bytes");
        assertThatThrownBy(() -> ObjectKeys.check("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectKeys.check("a\uDC00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate at index 1");
    }

    private static String randomKey(Random random, int[] pool) {
        StringBuilder key = new StringBuilder();
        int length = random.nextInt(4);
        for (int i = 0; i < length; i++) {
            key.appendCodePoint(pool[random.nextInt(pool.length)]);
        }
        return key.toString();
    }
}

package dev.cairn.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LookupCursorTest {

    @Test
    void aCursorReadsBackFromItsText() {
        for (LookupCursor cursor : new LookupCursor[] {
            new LookupCursor(1_763_632_800L, 42),
            new LookupCursor(0, 0),
            new LookupCursor(-1, Long.MAX_VALUE),
            new LookupCursor(Long.MIN_VALUE, Long.MIN_VALUE)
        }) {
            assertThat(LookupCursor.decode(cursor.encode())).isEqualTo(cursor);
        }
    }

    @Test
    void theTextIsUrlSafeWithoutPadding() {
        String text = new LookupCursor(-1, -1).encode();

        assertThat(text).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void textThatNoCursorWroteIsRefusedWithTheReason() {
        assertThatThrownBy(() -> LookupCursor.decode("not a token!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not URL-safe base64");
        assertThatThrownBy(() -> LookupCursor.decode(Base64.getUrlEncoder().encodeToString(new byte[5])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 5 bytes");
        byte[] otherVersion = Base64.getUrlDecoder().decode(new LookupCursor(1, 2).encode());
        otherVersion[0] = 9;
        assertThatThrownBy(() -> LookupCursor.decode(Base64.getUrlEncoder().encodeToString(otherVersion)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LookupCursor.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQueryRoundsItsRangeToTheWholeSecondsWithinIt() {
        LookupQuery query = new LookupQuery(
                "123456789012",
                "us-east-1",
                null,
                Instant.parse("2026-11-20T10:00:00.001Z"),
                Instant.parse("2026-11-20T10:00:05.999Z"),
                false,
                50,
                null);

        assertThat(query.startSecond())
                .isEqualTo(Instant.parse("2026-11-20T10:00:01Z").getEpochSecond());
        assertThat(query.endSecond())
                .isEqualTo(Instant.parse("2026-11-20T10:00:05Z").getEpochSecond());
    }

    @Test
    void aQueryTakesPagesOf1ToMaxResults() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        assertThatThrownBy(() -> new LookupQuery("a", "r", null, t, t, false, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> new LookupQuery("a", "r", null, t, t, false, LookupQuery.MAX_RESULTS + 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new LookupQuery("a", "r", null, t, t, false, 1, null).maxResults())
                .isEqualTo(1);
    }
}

package dev.cairn.trail.digest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The persisted link of a digest chain. */
class DigestChainTest {

    private static final DigestChain LINK = new DigestChain(
            "bucket",
            "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2024/05/01/x_20240501T100131Z.json.gz",
            "97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d",
            "0123456789abcdef".repeat(32),
            Instant.parse("2024-05-01T10:01:31Z"));

    @Test
    void encodingReadsBackEqual() {
        assertThat(DigestChain.decode(LINK.encode())).isEqualTo(LINK);
    }

    @Test
    void encodingIsStableJson() {
        assertThat(new String(LINK.encode(), UTF_8))
                .isEqualTo("{\"version\":1,\"digestS3Bucket\":\"bucket\",\"digestS3Object\":\"" + LINK.key()
                        + "\",\"digestHashValue\":\"" + LINK.sha256Hex() + "\",\"digestSignature\":\""
                        + LINK.signatureHex() + "\",\"digestEndTime\":\"2024-05-01T10:01:31Z\"}");
    }

    @Test
    void damagedEncodingsAreRefused() {
        String good = new String(LINK.encode(), UTF_8);
        for (String bad : new String[] {
            "",
            "[]",
            good.substring(0, good.length() - 1),
            good.replace("\"version\":1", "\"version\":2"),
            good.replace(",\"digestEndTime\":\"2024-05-01T10:01:31Z\"", ""),
            good.replace("2024-05-01T10:01:31Z", "yesterday"),
            good.replace("97fb", "97FB"),
            good + "{}",
            good.replace("}", ",\"extra\":\"x\"}")
        }) {
            assertThatThrownBy(() -> DigestChain.decode(bad.getBytes(UTF_8)))
                    .as("decoding %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

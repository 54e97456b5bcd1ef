package dev.cairn.server.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URLDecoder;
import org.junit.jupiter.api.Test;

class KeyEncodingTest {

    @Test
    void pathIsPercentDecodedOnceAndPlusStaysAPlus() {
        String raw = "/a%20b+c/%E2%82%AC/%2541";

        assertThat(KeyEncoding.decodePath(raw, 1, raw.length())).isEqualTo("a b+c/€/%41");
    }

    @Test
    void pathKeepsDotSegmentsAndDoubleSlashes() {
        String raw = "/./x//y/../z";

        assertThat(KeyEncoding.decodePath(raw, 1, raw.length())).isEqualTo("./x//y/../z");
    }

    @Test
    void brokenEscapeIsAnInvalidUri() {
        S3Exception e = catchThrowableOfType(S3Exception.class, () -> KeyEncoding.decodePath("/a%2", 1, 4));

        assertThat(e.code()).isEqualTo("InvalidURI");
        assertThat(e.httpStatus()).isEqualTo(400);
    }

    @Test
    void bytesThatAreNotUtf8AreAnInvalidUri() {
        S3Exception e = catchThrowableOfType(S3Exception.class, () -> KeyEncoding.decodePath("/%FF", 1, 4));

        assertThat(e.code()).isEqualTo("InvalidURI");
    }

    @Test
    void urlEncodingKeepsSlashesAndWritesSpacesAsPlus() {
        assertThat(KeyEncoding.urlEncode("logs/a b+c/é~x_y.z-1")).isEqualTo("logs/a+b%2Bc/%C3%A9~x_y.z-1");
    }

    @Test
    void urlEncodingEscapesControlCharactersAndAmpersands() {
        assertThat(KeyEncoding.urlEncode("a\u0001&<b>")).isEqualTo("a%01%26%3Cb%3E");
    }

    @Test
    void urlEncodedKeysDecodeBackAsSdksDecodeThem() {
        String key = "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2024/05/01/x y+z €😀.json.gz";

        assertThat(URLDecoder.decode(KeyEncoding.urlEncode(key), UTF_8)).isEqualTo(key);
    }
}

package dev.cairn.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.http.Headers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each piece of a canonical request is formed. */
class CanonicalTest {

    private static String uri(String rawPath, boolean s3) {
        ByteSink out = new ByteSink(8);
        Canonical.uri(rawPath, s3, out);
        return out.toString();
    }

    private static String query(String rawQuery, boolean presigned) throws SigV4Exception {
        ByteSink out = new ByteSink(8);
        Canonical.query(rawQuery, presigned, out, new ByteSink(8));
        return out.toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/a/b/../c, /a/c",
        "/a/./b/, /a/b/",
        "/a/b/., /a/b",
        "/a/b/.., /a",
        "/.., /",
        "/../a, /a",
        "//a//b//, /a/b/",
        "/a/.b/..c/, /a/.b/..c/",
        "/, /",
    })
    void removesDotSegmentsAndEmptySegmentsLikeBotocore(String path, String expected) {
        assertThat(Canonical.removeDotSegments(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/a%20b        | /a%2520b",
                "/%2E%2E/x     | /%252E%252E/x",
                "/x:y@z=1+2,3; | /x%3Ay%40z%3D1%2B2%2C3%3B",
                "/a//./b/../c  | /a/c",
                "/-._~AZaz09   | /-._~AZaz09",
                "/\u00fc\uD83D\uDE00 | /%C3%BC%F0%9F%98%80",
            })
    void encodesTheNormalisedPathAgainForServicesOtherThanS3(String rawPath, String expected) {
        assertThat(uri(rawPath, false)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/a%20b", "/a//./b/../c", "/bucket/key%2Bwith%2520"})
    void usesTheRawPathAsItIsForS3(String rawPath) {
        assertThat(uri(rawPath, true)).isEqualTo(rawPath);
    }

    @Test
    void writesSlashForAnEmptyPath() {
        assertThat(uri("", false)).isEqualTo("/");
        assertThat(uri("", true)).isEqualTo("/");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "b=2&a=1                | a=1&b=2",
                "a=2&a=10               | a=10&a=2",
                "a-b=1&a=2              | a=2&a-b=1",
                "B=1&a=1                | B=1&a=1",
                "a=b+c                  | a=b%20c",
                "a=b%2bc                | a=b%2Bc",
                "a=%7e%41%2f            | a=~A%2F",
                "%41=1                  | A=1",
                "flag&a=1               | a=1&flag=",
                "=x&a=1                 | a=1",
                "a=1&&b=2&              | a=1&b=2",
                "a=x=y                  | a=x%3Dy",
                "a=!*'()                | a=%21%2A%27%28%29",
                "\u00e9=\u00fc          | %C3%A9=%C3%BC",
                "X-Amz-Signature=s&a=1  | X-Amz-Signature=s&a=1",
            })
    void decodesAndReencodesQueryThenSortsByNameAndValue(String rawQuery, String expected) throws SigV4Exception {
        assertThat(query(rawQuery, false)).isEqualTo(expected);
    }

    @Test
    void leavesXAmzSignatureOutOfAPresignedQuery() throws SigV4Exception {
        assertThat(query("X-Amz-Signature=s&a=1&X-Amz-Date=d", true)).isEqualTo("X-Amz-Date=d&a=1");
    }

    @Test
    void writesNothingForAnAbsentQuery() throws SigV4Exception {
        assertThat(query(null, false)).isEmpty();
        assertThat(query("", false)).isEmpty();
    }

    @Test
    void refusesAPercentThatDoesNotStartAnEscape() {
        assertThatThrownBy(() -> query("a=100%", false))
                .isInstanceOfSatisfying(
                        SigV4Exception.class,
                        e -> assertThat(e.failure()).isEqualTo(SigV4Failure.MALFORMED_QUERY_STRING));
        assertThatThrownBy(() -> Canonical.decodeComponent("%\u0663\u0663", 0, 3))
                .as("only ASCII hex digits count")
                .isInstanceOf(SigV4Exception.class);
    }

    @Test
    void decodesQueryComponentsAsUtf8WithPlusAsSpace() throws SigV4Exception {
        assertThat(Canonical.decodeComponent("a+b%2Bc%C3%A9\u00fc", 0, 14)).isEqualTo("a b+c\u00e9\u00fc");
        assertThat(Canonical.decodeComponent("xabcx", 1, 4)).isEqualTo("abc");
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\"  a   b  \"     | a b",
                "\"\ta\t\tb\n\"   | a b",
                "\"a, b\"          | \"a, b\"",
                "\"\"              | \"\"",
                "\"   \"           | \"\"",
                "\"\u00e9  \u00e8\" | \u00e9 \u00e8",
            })
    void trimsHeaderValuesAndCollapsesInnerWhitespace(String value, String expected) {
        ByteSink out = new ByteSink(4);
        Canonical.trimAll(value, out);
        assertThat(out.toString()).isEqualTo(expected);
    }

    @Test
    void joinsTheValuesOfARepeatedHeaderWithCommas() {
        Headers h = new Headers()
                .add("Host", "example.com")
                .add("X-Multi", " one ")
                .add("x-multi", "two  words")
                .add("X-Empty", "");
        ByteSink out = new ByteSink(16);
        Canonical.headers(h, List.of("host", "x-empty", "x-missing", "x-multi"), out);
        assertThat(out.toString()).isEqualTo("host:example.com\nx-empty:\nx-missing:\nx-multi:one,two words\n");
    }
}

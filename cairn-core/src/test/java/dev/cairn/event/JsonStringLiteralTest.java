package dev.cairn.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonStringLiteralTest {

    private static final JsonFactory JSON = new JsonFactory();

    private static String parsed(byte[] literal) throws IOException {
        try (JsonParser parser = JSON.createParser(literal)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            String text = parser.getText();
            assertThat(parser.nextToken()).as("one value only").isNull();
            return text;
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                "{\"eventVersion\":\"1.11\",\"userAgent\":\"aws-cli/2 \\\"quoted\\\"\"}",
                "back\\slash and \"quotes\"",
                "controls \n\r\t\b\f\u0000\u0001\u001f end",
                "non-ASCII: \u00e9t\u00e9, \u65e5\u672c, emoji \ud83d\ude00, \u2028 and \u007f",
                "\"\"\"\\\\\\"
            })
    void aQuotedTextParsesBackAsTheTextAndUnquotesToIt(String text) throws IOException {
        byte[] literal = JsonStringLiteral.quote(text);

        assertThat(parsed(literal)).isEqualTo(text);
        assertThat(new String(JsonStringLiteral.unquote(literal, 0, literal.length), UTF_8))
                .isEqualTo(text);
    }

    @Test
    void everyCorpusRecordQuotesToTheLiteralJacksonReadsAndUnquotesByteForByte() throws IOException {
        List<String> lines =
                TestJson.resource("/corpus/cloudtrail-events.jsonl").lines().toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            byte[] json = line.getBytes(UTF_8);
            byte[] literal = JsonStringLiteral.quote(json, 0, json.length);

            assertThat(parsed(literal)).isEqualTo(line);
            assertThat(JsonStringLiteral.unquote(literal, 0, literal.length)).isEqualTo(json);
        }
    }

    @Test
    void quotingIntoABufferWritesTheSameBytesAtItsOffsetAndStaysWithinTheMaximum() {
        byte[] text = "a\"b\\c\u0001d\u00e9".getBytes(UTF_8);
        byte[] out = new byte[3 + JsonStringLiteral.maxQuotedLength(text.length)];
        Arrays.fill(out, (byte) '#');

        int end = JsonStringLiteral.quoteInto(text, 0, text.length, out, 3);

        byte[] expected = JsonStringLiteral.quote(text, 0, text.length);
        assertThat(Arrays.copyOfRange(out, 3, end)).isEqualTo(expected);
        assertThat(new String(out, 0, 3, UTF_8)).isEqualTo("###");
        byte[] allControls = new byte[10];
        assertThat(JsonStringLiteral.quote(allControls, 0, 10)).hasSize(JsonStringLiteral.maxQuotedLength(10));
    }

    @Test
    void onlyTheGivenRangeIsQuoted() throws IOException {
        byte[] text = "xx\"in\"yy".getBytes(UTF_8);

        assertThat(parsed(JsonStringLiteral.quote(text, 2, 4))).isEqualTo("\"in\"");
    }

    @Test
    void unquotingReadsEveryJsonEscapeIncludingSurrogatePairs() {
        byte[] literal = "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u65e5\\ud83d\\ude00\"".getBytes(UTF_8);

        assertThat(new String(JsonStringLiteral.unquote(literal, 0, literal.length), UTF_8))
                .isEqualTo("\"\\/\b\f\n\r\tA\u00e9\u65e5\ud83d\ude00");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "\"", "abc", "\"abc", "\"a\"b\"", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\\"", "\"\n\""})
    void unquotingRefusesWhatIsNotOneStringLiteral(String bad) {
        byte[] literal = bad.getBytes(UTF_8);

        assertThatThrownBy(() -> JsonStringLiteral.unquote(literal, 0, literal.length))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotingFindsEveryByteToEscapeWhereverItLiesInAWord() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        byte[] alphabet = {'a', '"', '\\', 0, 0x1f, 0x20, 0x21, 0x5b, 0x5d, (byte) 0x80, (byte) 0xc3, (byte) 0xff, 0x7f
        };
        for (int round = 0; round < 2_000; round++) {
            byte[] text = new byte[random.nextInt(40)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int offset = text.length == 0 ? 0 : random.nextInt(text.length);

            byte[] expected = oneByOne(text, offset, text.length);
            assertThat(JsonStringLiteral.quote(text, offset, text.length - offset))
                    .as("round %d", round)
                    .isEqualTo(expected);
            byte[] roomy = new byte[1 + JsonStringLiteral.maxQuotedLength(text.length - offset)];
            int end = JsonStringLiteral.quoteInto(text, offset, text.length - offset, roomy, 1);
            assertThat(Arrays.copyOfRange(roomy, 1, end))
                    .as("round %d, into a buffer", round)
                    .isEqualTo(expected);
        }
    }

    /** The literal of {@code text[from, to)}, escaped one byte at a time: what quote must give. */
    private static byte[] oneByOne(byte[] text, int from, int to) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write('"');
        for (int i = from; i < to; i++) {
            int b = text[i] & 0xff;
            if (b == '"' || b == '\\') {
                out.write('\\');
                out.write(b);
            } else if (b < 0x20) {
                out.writeBytes(String.format("\\u%04x", b).getBytes(UTF_8));
            } else {
                out.write(b);
            }
        }
        out.write('"');
        return out.toByteArray();
    }
}

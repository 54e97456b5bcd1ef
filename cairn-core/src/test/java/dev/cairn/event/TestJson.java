package dev.cairn.event;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: golden files, and the member names of a JSON object in order. */
final class TestJson {

    private TestJson() {}

    /** The text of {@code src/test/resources/golden/name}, without its final newline. */
    static String golden(String name) {
        return resource("/golden/" + name).stripTrailing();
    }

    static String resource(String path) {
        try (InputStream in = TestJson.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the top-level members of the object {@code json}, in order. */
    static List<String> memberNames(String json) {
        List<String> names = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            parser.nextToken();
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                names.add(parser.currentName());
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    static String text(byte[] utf8) {
        return new String(utf8, UTF_8);
    }
}

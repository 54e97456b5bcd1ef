package dev.cairn.protocol.sigv4;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.protocol.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One request signed by a real AWS signer, as recorded in {@code src/test/resources/sigv4/*-vectors.json}:
 * the request as it went on the wire, plus what the signer computed. See generate_botocore_vectors.py and
 * GenerateSdkVectors.java next to the JSON.
 */
record SignerVector(
        String source,
        String name,
        String service,
        String region,
        boolean presigned,
        @Nullable Long expiresSeconds,
        @Nullable String sessionToken,
        String method,
        String rawPath,
        @Nullable String rawQuery,
        List<String[]> headers,
        byte[] body,
        @Nullable String canonicalRequest,
        @Nullable String stringToSign,
        String signature,
        String accessKeyId,
        String secretAccessKey,
        Instant signedAt) {

    static List<SignerVector> load(String resource) {
        try (InputStream in = SignerVector.class.getResourceAsStream("/sigv4/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource /sigv4/" + resource + " is missing");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            String source = root.get("generator").asText();
            List<SignerVector> vectors = new ArrayList<>();
            for (JsonNode v : root.get("vectors")) {
                List<String[]> headers = new ArrayList<>();
                for (JsonNode h : v.get("headers")) {
                    headers.add(new String[] {h.get(0).asText(), h.get(1).asText()});
                }
                vectors.add(new SignerVector(
                        source,
                        v.get("name").asText(),
                        v.get("service").asText(),
                        v.get("region").asText(),
                        v.get("presigned").asBoolean(),
                        v.get("expiresSeconds").isNull()
                                ? null
                                : v.get("expiresSeconds").asLong(),
                        text(v, "sessionToken"),
                        v.get("method").asText(),
                        v.get("rawPath").asText(),
                        text(v, "rawQuery"),
                        headers,
                        Base64.getDecoder().decode(v.get("bodyBase64").asText()),
                        text(v, "canonicalRequest"),
                        text(v, "stringToSign"),
                        v.get("signature").asText(),
                        root.get("accessKeyId").asText(),
                        root.get("secretAccessKey").asText(),
                        Instant.parse(root.get("signedAt").asText())));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable String text(JsonNode v, String field) {
        JsonNode n = v.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    SignedRequest request() {
        return request(UnaryOperator.identity());
    }

    /** Returns the request with each header value passed through {@code edit(name + ": " + value)}. */
    SignedRequest request(UnaryOperator<String> editHeaderLine) {
        Headers h = new Headers();
        for (String[] field : headers) {
            String line = editHeaderLine.apply(field[0] + ": " + field[1]);
            if (line != null) {
                int colon = line.indexOf(": ");
                h.add(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return new SignedRequest(method, rawPath, rawQuery, h, body.clone());
    }

    boolean hasHeader(String name) {
        return headers.stream().anyMatch(f -> f[0].toLowerCase(Locale.ROOT).equals(name));
    }

    @Override
    public String toString() {
        return source.split(" ")[0] + ": " + name;
    }
}

package dev.cairn.bucket;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a writer sets on an object besides its bytes.
 *
 * @param contentType the {@code Content-Type} to return, or null for {@code binary/octet-stream}
 * @param contentEncoding the {@code Content-Encoding} to return, or null for none
 * @param userMetadata the {@code x-amz-meta-*} entries, by lowercase name without the prefix (for example
 *     {@code signature} for {@code x-amz-meta-signature})
 */
public record ObjectAttributes(
        @Nullable String contentType, @Nullable String contentEncoding, Map<String, String> userMetadata) {

    public static final ObjectAttributes NONE = new ObjectAttributes(null, null, Map.of());

    public ObjectAttributes {
        userMetadata = Map.copyOf(requireNonNull(userMetadata, "userMetadata is null"));
    }
}

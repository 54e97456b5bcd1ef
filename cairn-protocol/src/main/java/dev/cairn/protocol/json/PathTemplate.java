package dev.cairn.protocol.json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A REST-JSON request URI template such as {@code /restapis/{restapi_id}/stages/{stage_name}}: matches a
 * raw request path segment by segment and binds the labels, percent-decoded. A label written
 * {@code {name+}} is greedy and takes the rest of the path.
 */
public final class PathTemplate {
    private final String template;
    private final List<String> segments;

    private PathTemplate(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template '" + template + "' must start with '/'");
        }
        this.template = template;
        this.segments = split(template);
    }

    public static PathTemplate of(String template) {
        return new PathTemplate(template);
    }

    /** Returns the bound labels when {@code rawPath} matches, else empty. */
    public Optional<Map<String, String>> match(String rawPath) {
        List<String> parts = split(rawPath);
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            boolean label = seg.startsWith("{") && seg.endsWith("}");
            if (label && seg.endsWith("+}")) {
                if (i >= parts.size()) {
                    return Optional.empty();
                }
                String rest = String.join("/", parts.subList(i, parts.size()));
                labels.put(seg.substring(1, seg.length() - 2), decode(rest));
                return Optional.of(labels);
            }
            if (i >= parts.size()) {
                return Optional.empty();
            }
            if (label) {
                if (parts.get(i).isEmpty()) {
                    return Optional.empty();
                }
                labels.put(seg.substring(1, seg.length() - 1), decode(parts.get(i)));
            } else if (!seg.equals(parts.get(i))) {
                return Optional.empty();
            }
        }
        return parts.size() == segments.size() ? Optional.of(labels) : Optional.empty();
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return out;
        }
        for (String s : p.split("/", -1)) {
            out.add(s);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return template;
    }
}

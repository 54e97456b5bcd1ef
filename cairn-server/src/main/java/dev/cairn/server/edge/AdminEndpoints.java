package dev.cairn.server.edge;

import dev.cairn.protocol.http.HttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * The server's own endpoints under {@code /_cairn/}: health, Prometheus metrics, and the test-suite reset
 * (also at moto's {@code /moto-api/reset}).
 */
public interface AdminEndpoints {
    /** Returns true while the server is started and not stopping. */
    boolean ready();

    /** Returns the Prometheus text exposition of every metric. */
    String scrape();

    /** Empties all state if resets are allowed; returns the answer to send. Blocking. */
    HttpResponse reset();

    /** Returns the admin path's answer, or null when {@code path} is not an admin path. */
    static @Nullable String kind(String method, String path) {
        if (path.equals("/_cairn/health")) {
            return "health";
        }
        if (path.equals("/_cairn/metrics")) {
            return "metrics";
        }
        if ((path.equals("/_cairn/reset") || path.equals("/moto-api/reset")) && method.equals("POST")) {
            return "reset";
        }
        return null;
    }
}

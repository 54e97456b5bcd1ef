package dev.cairn.server.edge;

import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.server.recording.JournalHealth;
import org.jspecify.annotations.Nullable;

/**
 * The server's own endpoints under {@code /_cairn/}: health, Prometheus metrics, and the test-suite reset
 * (also at moto's {@code /moto-api/reset}).
 */
public interface AdminEndpoints {
    /** Returns true while the server is started and not stopping. */
    boolean ready();

    /** Returns whether the journal can write; an implementation that does not know says it can. */
    default JournalHealth.Snapshot journal() {
        return JournalHealth.Snapshot.WRITING;
    }

    /** Returns the answer of {@code GET /_cairn/health}; see {@link #health(boolean, JournalHealth.Snapshot)}. */
    default HttpResponse health() {
        return health(ready(), journal());
    }

    /** Returns the Prometheus text exposition of every metric. */
    String scrape();

    /** Empties all state if resets are allowed; returns the answer to send. Blocking. */
    HttpResponse reset();

    /**
     * Returns the health answer: 200 {@code {"status":"ready"}}; 503 {@code {"status":"unavailable"}} while
     * starting or stopping; 503 {@code {"status":"degraded","journal":"failing since <time>"}} while the
     * journal cannot write (every call would get a 503), so that load balancers take the server out. Once
     * {@link JournalHealth#RETRY_AFTER} passed without another failed append, the answer is 200 again, with
     * {@code "journal"} naming the last failure, so that calls can come back and find out.
     */
    static HttpResponse health(boolean ready, JournalHealth.Snapshot journal) {
        if (!ready) {
            return HttpResponse.of(503, "application/json", "{\"status\":\"unavailable\"}");
        }
        if (journal.failing()) {
            return HttpResponse.of(
                    503,
                    "application/json",
                    "{\"status\":\"degraded\",\"journal\":\"failing since " + journal.failingSince() + "\"}");
        }
        if (journal.lastFailure() != null) {
            return HttpResponse.of(
                    200,
                    "application/json",
                    "{\"status\":\"ready\",\"journal\":\"last append failed at " + journal.lastFailure()
                            + "; none tried since\"}");
        }
        return HttpResponse.of(200, "application/json", "{\"status\":\"ready\"}");
    }

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

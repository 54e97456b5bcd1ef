package dev.cairn.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.server.recording.JournalHealth;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdminEndpointsTest {
    private static final Instant SINCE = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant LAST = Instant.parse("2026-11-23T10:05:00Z");

    private static String body(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aStartedServerWhoseJournalWritesIsReady() {
        HttpResponse r = AdminEndpoints.health(true, JournalHealth.Snapshot.WRITING);
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("{\"status\":\"ready\"}");
    }

    @Test
    void aServerNotStartedIsUnavailable() {
        HttpResponse r = AdminEndpoints.health(false, JournalHealth.Snapshot.WRITING);
        assertThat(r.status()).isEqualTo(503);
        assertThat(body(r)).isEqualTo("{\"status\":\"unavailable\"}");
    }

    @Test
    void aFailingJournalIsDegradedWithA503SoThatLoadBalancersDrainTheServer() {
        HttpResponse r = AdminEndpoints.health(true, new JournalHealth.Snapshot(SINCE, LAST, true));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers().first("content-type")).isEqualTo("application/json");
        assertThat(body(r)).isEqualTo("{\"status\":\"degraded\",\"journal\":\"failing since 2026-11-23T10:00:00Z\"}");
    }

    @Test
    void aJournalUntriedSinceItsLastFailureIsReadyAgainAndSaysSo() {
        HttpResponse r = AdminEndpoints.health(true, new JournalHealth.Snapshot(SINCE, LAST, false));
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r))
                .isEqualTo("{\"status\":\"ready\",\"journal\":\"last append failed at 2026-11-23T10:05:00Z;"
                        + " none tried since\"}");
    }

    @Test
    void theDefaultHealthFollowsReadyAndTheJournal() {
        AdminEndpoints endpoints = new AdminEndpoints() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public JournalHealth.Snapshot journal() {
                return new JournalHealth.Snapshot(SINCE, LAST, true);
            }

            @Override
            public String scrape() {
                return "";
            }

            @Override
            public HttpResponse reset() {
                return HttpResponse.of(200, "application/json", "{}");
            }
        };
        assertThat(endpoints.health().status()).isEqualTo(503);
    }
}

package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.AuditEvent;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.User;

/**
 * A crash loses no acknowledged call's event: with {@value #CLIENTS} clients running signed CreateUser calls
 * against a strict server, the server is killed with SIGKILL once at least {@value #ACKNOWLEDGED_BEFORE_KILL}
 * calls got a 2xx (the clients keep calling while it dies). After a restart, every user whose CreateUser was
 * acknowledged exists; and the journal, read in-process from a copy once the server has stopped, holds a
 * successful, mutating CreateUser event for each acknowledged request id, and one for every user that exists
 * ("no applied change lacks its event"), with no eventID twice.
 */
class CrashIT {
    private static final int CLIENTS = 32;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 2_000;
    /** How long the clients may take to get {@link #ACKNOWLEDGED_BEFORE_KILL} answers (about 6 s on 2 cores). */
    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(45);
    /** How long the clients keep calling after SIGKILL was sent, into a dead port. */
    private static final Duration CALLING_INTO_THE_CRASH = Duration.ofMillis(300);

    private static final String ADMIN = "admin";

    private CairnProcess server;
    private Load load;

    @AfterEach
    void stopClientsAndServer() {
        if (load != null) {
            load.stopping = true; // on a failure or timeout, too: the clients must not call on for the next tests
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyAcknowledgedCallHasItsEventAfterAKill() throws Exception {
        server = CairnProcess.start("CrashIT");
        load = new Load(new RawHttp(server), server.adminCredentials());

        load.start();
        boolean reached = load.enough.await(LOAD_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        load.killing = true;
        server.kill();
        Thread.sleep(CALLING_INTO_THE_CRASH.toMillis());
        load.stop();

        assertThat(reached)
                .as(
                        "%d of %d CreateUser calls acknowledged within %s (%d clients); %s",
                        load.acknowledged.size(), ACKNOWLEDGED_BEFORE_KILL, LOAD_DEADLINE, CLIENTS, server)
                .isTrue();
        assertThat(load.unexpected)
                .as("answers other than a 2xx, and I/O failures, before the kill")
                .isEmpty();
        Map<String, String> acknowledged = Map.copyOf(load.acknowledged);
        System.out.printf(
                "CrashIT: %d CreateUser calls acknowledged, %d failed after SIGKILL; %d calls sent in all%n",
                acknowledged.size(), load.failedAfterKill.sum(), load.sent.get());

        // (a) the state after a restart holds every acknowledged change.
        server.restart();
        Set<String> users = userNames();
        assertThat(users)
                .as("users after the restart, against those whose CreateUser got a 2xx")
                .containsAll(acknowledged.values());

        // (b) the journal holds every acknowledged call, and every applied change, as an event.
        server.stop();
        JournalScan journal = JournalScan.read(
                server.dataDirectory().resolve("journal"),
                server.dataDirectory().resolveSibling(server.dataDirectory().getFileName() + "-journal-copy"));
        System.out.printf("CrashIT: %s%n", journal);

        assertThat(journal.duplicateEventIds())
                .as("eventIDs found more than once")
                .isEmpty();
        assertThat(journal.duplicateRequestIds())
                .as("requestIDs found more than once")
                .isEmpty();
        assertAcknowledgedRecorded("the journal", acknowledged.keySet(), journal.requestIds());
        Map<String, AuditEvent> byRequestId = journal.byRequestId();
        for (Map.Entry<String, String> call : acknowledged.entrySet()) {
            AuditEvent event = byRequestId.get(call.getKey());
            assertThat(event.eventName()).as("eventName of %s", event).isEqualTo("CreateUser");
            assertThat(event.eventSource()).as("eventSource of %s", event).isEqualTo("iam.amazonaws.com");
            assertThat(event.readOnly()).as("readOnly of %s", event).isFalse();
            assertThat(event.errorCode()).as("errorCode of %s", event).isNull();
            assertThat(JournalScan.userName(event))
                    .as("requestParameters.userName of %s", event)
                    .isEqualTo(call.getValue());
        }

        Map<String, AuditEvent> createdByName = new HashMap<>();
        for (AuditEvent event : journal.events("CreateUser")) {
            String name = JournalScan.userName(event);
            if (event.errorCode() == null && name != null) {
                assertThat(createdByName.put(name, event))
                        .as("a second successful CreateUser event for %s: %s", name, event)
                        .isNull();
            }
        }
        Set<String> withoutEvent = new TreeSet<>(users);
        withoutEvent.remove(ADMIN); // made at bootstrap, not by a call
        withoutEvent.removeAll(createdByName.keySet());
        assertThat(withoutEvent)
                .as("users that exist without a successful CreateUser event (an applied change that lacks its event)")
                .isEmpty();

        // The other way round is allowed, but only for the call in flight at the kill: a mutating call's event
        // is durable before its change commits, and mutating calls run one at a time (the pipeline's mutation
        // lock), so at most one event can be left whose change never happened.
        Set<String> eventWithoutUser = new TreeSet<>(createdByName.keySet());
        eventWithoutUser.removeAll(users);
        System.out.printf("CrashIT: successful CreateUser events whose user does not exist: %s%n", eventWithoutUser);
        assertThat(eventWithoutUser)
                .as("successful CreateUser events whose user does not exist after the restart")
                .hasSizeLessThanOrEqualTo(1);
        assertThat(eventWithoutUser)
                .as("such an event cannot belong to an acknowledged call")
                .doesNotContainAnyElementsOf(acknowledged.values());
    }

    /**
     * Asserts that every acknowledged request id is among those a source of events returned; the source is
     * named in the failure message ("the journal", and later an API that serves the events).
     */
    static void assertAcknowledgedRecorded(String source, Collection<String> acknowledged, Set<String> found) {
        List<String> missing = new ArrayList<>();
        for (String id : acknowledged) {
            if (!found.contains(id)) {
                missing.add(id);
            }
        }
        assertThat(missing)
                .as(
                        "request ids of acknowledged calls missing from %s (%d of %d acknowledged; %d events there)",
                        source, missing.size(), acknowledged.size(), found.size())
                .isEmpty();
    }

    private Set<String> userNames() {
        try (IamClient iam = Clients.iam(server)) {
            Set<String> names = new TreeSet<>();
            for (User user : iam.listUsersPaginator(r -> r.maxItems(1000)).users()) {
                names.add(user.userName());
            }
            return names;
        }
    }

    /** {@link #CLIENTS} threads each sending signed CreateUser calls, one at a time, with names of their own. */
    private static final class Load {
        private final RawHttp http;
        private final AwsBasicCredentials credentials;
        private final List<Thread> threads = new ArrayList<>();
        /** The request id of every call answered with a 2xx, to the user it created. */
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        /** Anything but a 2xx before the kill: the server is healthy then, so each is a failure. */
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

        final CountDownLatch enough = new CountDownLatch(1);
        final AtomicInteger sent = new AtomicInteger();
        final LongAdder failedAfterKill = new LongAdder();
        volatile boolean killing;
        volatile boolean stopping;

        Load(RawHttp http, AwsBasicCredentials credentials) {
            this.http = http;
            this.credentials = credentials;
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                threads.add(Thread.ofPlatform()
                        .name("crash-it-client-" + client)
                        .daemon()
                        .start(() -> run(client)));
            }
        }

        /** Stops the clients and waits for them; a call in flight ends at the latest with its 30 s timeout. */
        void stop() throws InterruptedException {
            stopping = true;
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(40));
                if (thread.isAlive()) {
                    throw new AssertionError(thread + " did not stop within 40 s of the kill");
                }
            }
        }

        private void run(int client) {
            for (int n = 0; !stopping; n++) {
                String name = "crash-" + client + "-" + n;
                boolean afterKill = killing;
                sent.incrementAndGet();
                HttpResponse<String> response;
                try {
                    response = http.send(http.signedForm(
                            "iam", "Action=CreateUser&Version=2010-05-08&UserName=" + name, credentials));
                } catch (UncheckedIOException e) {
                    if (afterKill || killing) {
                        failedAfterKill.increment();
                    } else {
                        unexpected.add(name + ": " + e.getCause());
                    }
                    continue;
                }
                if (response.statusCode() / 100 == 2) {
                    String id =
                            response.headers().firstValue("x-amzn-RequestId").orElse(null);
                    if (id == null || !name.equals(RawHttp.xml(response.body(), "UserName"))) {
                        unexpected.add(name + ": 2xx without its request id or user: "
                                + response.headers().map() + " " + response.body());
                        continue;
                    }
                    acknowledged.put(id, name);
                    if (acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL) {
                        enough.countDown();
                    }
                } else if (afterKill || killing) {
                    failedAfterKill.increment();
                } else {
                    unexpected.add(name + ": " + response.statusCode() + " " + response.body());
                }
            }
        }
    }
}

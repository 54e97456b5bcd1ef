package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.User;

/**
 * SIGTERM stops the server gracefully: calls in flight are answered, nothing answered with a 2xx is lost,
 * and the process exits by itself.
 */
class GracefulShutdownIT {

    @Test
    @Timeout(120)
    void sigtermLetsCallsInFlightFinishAndLosesNothingAcknowledged() throws Exception {
        CairnProcess server = CairnProcess.start("graceful");
        try {
            AwsBasicCredentials admin = server.adminCredentials();
            RawHttp http = new RawHttp(server);
            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicInteger refusedOrCut = new AtomicInteger();
            AtomicInteger unexpected = new AtomicInteger();
            AtomicInteger sequence = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<?>> running = new ArrayList<>();
            long stopAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (int t = 0; t < 16; t++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < stopAt) {
                        String user = "graceful-" + sequence.incrementAndGet();
                        try {
                            HttpResponse<String> r = http.send(http.signedForm(
                                    "iam", "Action=CreateUser&Version=2010-05-08&UserName=" + user, admin));
                            if (r.statusCode() == 200) {
                                acknowledged.add(user);
                            } else if (r.statusCode() == 503) {
                                refusedOrCut.incrementAndGet();
                            } else {
                                unexpected.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            refusedOrCut.incrementAndGet(); // connection refused or closed once stopping
                            if (!server.isAlive()) {
                                return;
                            }
                        }
                    }
                }));
            }
            while (acknowledged.size() < 200 && System.nanoTime() < stopAt) {
                Thread.sleep(10);
            }
            long started = System.nanoTime();
            server.stop(); // SIGTERM, then waits for the process to exit by itself
            Duration shutdown = Duration.ofNanos(System.nanoTime() - started);
            for (Future<?> f : running) {
                f.get();
            }
            clients.shutdown();
            assertThat(unexpected.get()).as("answers other than 200 or 503").isZero();
            assertThat(shutdown).as("time from SIGTERM to exit").isLessThan(Duration.ofSeconds(15));
            assertThat(server.output()).contains("Cairn stopped in");

            server.restart();
            Set<String> users = new TreeSet<>();
            try (IamClient iam = Clients.iam(server)) {
                for (User u : iam.listUsersPaginator(r -> r.maxItems(1000)).users()) {
                    users.add(u.userName());
                }
            }
            assertThat(users)
                    .as("every acknowledged CreateUser survived the shutdown")
                    .containsAll(acknowledged);
        } finally {
            server.close();
        }
    }
}

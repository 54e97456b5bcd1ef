package dev.cairn.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.AuditEvent;
import dev.cairn.history.HistoryFields;
import dev.cairn.history.LookupAttributeKey;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.sigv4.SigV4Signer;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.protocol.sigv4.SigningCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LookupEvents over HTTP against a running Cairn whose journal {@link FillJournal} filled: for each lookup
 * attribute in turn, {@code --clients} closed-loop clients (each one keep-alive connection, one call at a
 * time) send SigV4-signed JSON 1.1 LookupEvents calls (target {@code com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents}, as botocore sends) for {@code --seconds},
 * and it prints the lookups per second, the latency percentiles and what the answers held. Started by
 * {@code cairn-bench/scripts/bench_server_heap.sh}.
 *
 * <p>Queries. Each asks for the newest 50 events (the default page) of the admin's account in the region
 * of an event drawn uniformly from the filled ones, with no time range (the server's whole 90 days), and,
 * unless the attribute is {@code none}, one value that event has for the attribute ({@link
 * HistoryFields#values}), so every query matches at least one event; popular values are asked for as often
 * as events have them. {@code --queries} queries per attribute are signed just before its run (a signature
 * is good for Cairn's 15-minute clock window) and sent round-robin, each client from its own offset. A
 * warm-up of {@code --warmup} seconds sends the queries of every attribute, mixed, first.
 *
 * <p>Figures per attribute: lookups per second (all clients, whole run), latency p50/p90/p99/max from
 * sending the request to having read the whole answer, answers other than HTTP 200, and the events per
 * answer (counted as {@code "EventId"} members) with the number of answers holding none. A line starting
 * with {@code RESULT} and tab-separated fields follows each, for scripts.
 *
 * <p>With {@code --emit-wrk DIR} it sends nothing: for each attribute it writes a <a
 * href="https://github.com/wg/wrk">wrk</a> script {@code DIR/<attribute>.lua} holding that attribute's
 * {@code --queries} queries, signed as above (same bodies, same headers, signed at the time of writing, so
 * good for 15 minutes), and exits 0. A load generator in C reads the ~60 KB answers far more cheaply than
 * this JVM, which on a small machine would otherwise take CPU from the server it measures. Each script
 * builds its requests once per wrk thread ({@code wrk.format} in {@code init}) and {@code request()}
 * returns them round-robin, each thread from its own offset; a {@code response()} hook counts the answers
 * other than HTTP 200, and {@code done()} prints {@code non-200 responses: N} (all threads) and the first
 * such answer. Figures per run then come from wrk itself ({@code --latency}): {@code
 * bench_server_heap.sh} with {@code LOADGEN=wrk} runs {@code wrk -t1 -cCLIENTS -dDURATIONs --latency -s
 * DIR/<attribute>.lua http://127.0.0.1:PORT/}.
 */
public final class LookupEventsLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EVENT_ID = "\"EventId\"".getBytes(UTF_8);

    private LookupEventsLoad() {}

    /** One signed call: the region it asks in and the request ready to send. */
    record Query(String label, HttpRequest request) {}

    /** One signed call as signed: what it asks (region and attribute value) and the signed request. */
    record Signed(String label, SignedRequest request) {}

    /** How many requests one Lua function of an emitted wrk script adds (Lua caps constants per function). */
    private static final int LUA_CHUNK = 256;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected argument " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            usage("every option takes a value");
        }
        for (String required : List.of("endpoint", "credentials", "count", "now", "account")) {
            if (!o.containsKey(required)) {
                usage("--" + required + " is required");
            }
        }
        URI endpoint = URI.create(o.get("endpoint"));
        if (!Set.of("127.0.0.1", "localhost", "::1", "[::1]").contains(endpoint.getHost())) {
            usage("loopback endpoints only: " + endpoint);
        }
        Map<String, String> profile =
                DeliveryLatencyProbe.readProfile(Path.of(o.get("credentials")), o.getOrDefault("profile", "cairn"));
        SigningCredentials credentials =
                SigningCredentials.of(profile.get("aws_access_key_id"), profile.get("aws_secret_access_key"));
        long count = Long.parseLong(o.get("count"));
        FillJournal.Events events =
                new FillJournal.Events(count, Instant.ofEpochSecond(Long.parseLong(o.get("now"))), o.get("account"));
        List<String> attributes =
                Arrays.asList(o.getOrDefault("attributes", "none,EventName,Username,ReadOnly,AccessKeyId,EventId")
                        .split(","));
        for (String attribute : attributes) {
            if (!attribute.equals("none")) {
                LookupAttributeKey.valueOf(attribute);
            }
        }
        int seconds = bounded(o, "seconds", 20, 1, 120);
        int warmup = bounded(o, "warmup", 10, 0, 120);
        int clients = bounded(o, "clients", 2, 1, 64);
        int queries = bounded(o, "queries", 2048, 1, 100_000);
        if (warmup + seconds > 600) {
            usage("warm-up + seconds must stay within 600 s (the signatures' lifetime)");
        }
        if (o.containsKey("emit-wrk")) {
            Path dir = Path.of(o.get("emit-wrk"));
            Files.createDirectories(dir);
            for (String attribute : attributes) {
                Path script = dir.resolve(attribute + ".lua");
                List<Signed> signed = signedQueries(events, count, attribute, queries, credentials, endpoint);
                Files.writeString(script, wrkScript(attribute, signed, Instant.now()), UTF_8);
                System.out.printf("%s: %d signed LookupEvents requests%n", script, signed.size());
            }
            System.exit(0);
        }

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Map<String, List<Query>> byAttribute = new HashMap<>();
        for (String attribute : attributes) {
            byAttribute.put(attribute, queries(events, count, attribute, queries, credentials, endpoint));
        }
        System.out.printf(
                "LookupEvents over HTTP: %d client(s), %d s per attribute, %d signed queries each, warm-up %d s%n",
                clients, seconds, queries, warmup);
        if (warmup > 0) {
            List<Query> mixed = new ArrayList<>();
            for (List<Query> list : byAttribute.values()) {
                mixed.addAll(list);
            }
            java.util.Collections.shuffle(mixed, new java.util.Random(7));
            Run run = run(http, mixed, clients, warmup);
            System.out.printf("warm-up (all attributes mixed): %s%n", run.summary());
        }
        int failures = 0;
        for (String attribute : attributes) {
            // Signed afresh just before each run, so no signature ages past the server's clock window.
            List<Query> list = queries(events, count, attribute, queries, credentials, endpoint);
            Run run = run(http, list, clients, seconds);
            System.out.printf("%-12s %s%n", attribute, run.summary());
            System.out.printf(
                    Locale.ROOT,
                    "RESULT\t%s\t%d\t%.2f\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%.1f\t%d%n",
                    attribute,
                    run.lookups(),
                    run.seconds,
                    run.lookups() / run.seconds,
                    run.percentile(50),
                    run.percentile(90),
                    run.percentile(99),
                    run.percentile(100),
                    run.non200,
                    run.lookups() == 0 ? 0.0 : (double) run.events / run.lookups(),
                    run.empty);
            failures += run.non200 + (run.lookups() == 0 ? 1 : 0);
            run.errors.forEach((status, body) -> System.out.printf("  HTTP %s: %s%n", status, body));
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void usage(String problem) {
        System.err.println("LookupEventsLoad: " + problem);
        System.err.println("""
                usage: LookupEventsLoad --endpoint http://127.0.0.1:PORT --credentials DATA/credentials \\
                  --count N --now EPOCH_SECONDS --account ACCOUNT  (the values given to FillJournal)
                  [--profile cairn] [--attributes none,EventName,Username,ReadOnly,AccessKeyId,EventId]
                  [--seconds 20] [--warmup 10] [--clients 2] [--queries 2048] [--emit-wrk DIR]
                --emit-wrk DIR: send nothing; write DIR/<attribute>.lua, wrk scripts replaying --queries
                  signed requests per attribute (good for 15 minutes), and exit 0""");
        System.exit(2);
    }

    private static int bounded(Map<String, String> o, String name, int fallback, int min, int max) {
        int value = o.containsKey(name) ? Integer.parseInt(o.get(name)) : fallback;
        if (value < min || value > max) {
            usage("--" + name + " must be " + min + ".." + max);
        }
        return value;
    }

    /** {@code size} signed queries for values that events drawn uniformly have for {@code attribute}. */
    static List<Query> queries(
            FillJournal.Events events,
            long count,
            String attribute,
            int size,
            SigningCredentials credentials,
            URI endpoint) {
        List<Query> out = new ArrayList<>(size);
        for (Signed query : signedQueries(events, count, attribute, size, credentials, endpoint)) {
            SignedRequest signed = query.request();
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/"))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
            for (String name : signed.headers().names()) {
                if (!name.equalsIgnoreCase("host")) {
                    for (String value : signed.headers().all(name)) {
                        request.header(name, value);
                    }
                }
            }
            out.add(new Query(query.label(), request.build()));
        }
        return out;
    }

    /**
     * {@code size} queries for values that events drawn uniformly have for {@code attribute}, signed now
     * for the endpoint's host and port; the same queries on every call (the draw is seeded by the attribute).
     */
    static List<Signed> signedQueries(
            FillJournal.Events events,
            long count,
            String attribute,
            int size,
            SigningCredentials credentials,
            URI endpoint) {
        SplittableRandom random = new SplittableRandom(attribute.hashCode());
        Instant at = Instant.now();
        String host = endpoint.getHost() + ":" + endpoint.getPort();
        List<Signed> out = new ArrayList<>(size);
        int tries = 0;
        while (out.size() < size) {
            if (++tries > size * 20) {
                throw new IllegalStateException("too few events have a value for " + attribute);
            }
            AuditEvent event = events.event(random.nextLong(count));
            ObjectNode body = JSON.createObjectNode();
            String label = event.awsRegion();
            if (!attribute.equals("none")) {
                List<String> values = HistoryFields.values(event, LookupAttributeKey.valueOf(attribute));
                if (values.isEmpty()) {
                    continue;
                }
                String value = values.get(random.nextInt(values.size()));
                ObjectNode item = body.putArray("LookupAttributes").addObject();
                item.put("AttributeKey", attribute);
                item.put("AttributeValue", value);
                label += " " + attribute + "=" + value;
            }
            body.put("MaxResults", 50);
            byte[] bytes = body.toString().getBytes(UTF_8);
            Headers headers = new Headers()
                    .add("host", host)
                    .add("content-type", "application/x-amz-json-1.1")
                    .add("x-amz-target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");
            SignedRequest signed = new SigV4Signer(credentials, event.awsRegion(), "cloudtrail")
                    .sign(new SignedRequest("POST", "/", null, headers, bytes), at);
            out.add(new Signed(label, signed));
        }
        return out;
    }

    /**
     * A wrk script replaying {@code queries}: each wrk thread formats every request once in {@code init}
     * and {@code request()} hands them out round-robin, from an offset of its own; {@code response()}
     * counts answers other than 200 and {@code done()} prints the count over all threads.
     */
    static String wrkScript(String attribute, List<Signed> queries, Instant signedAt) {
        StringBuilder lua = new StringBuilder(queries.size() * 1024 + 4096);
        lua.append("-- Generated by dev.cairn.bench.LookupEventsLoad --emit-wrk: ")
                .append(queries.size())
                .append(" SigV4-signed CloudTrail LookupEvents\n-- requests, attribute ")
                .append(attribute)
                .append(", signed at ")
                .append(signedAt)
                .append("; Cairn accepts them for 15 minutes\n-- and does not deduplicate, so they can be replayed.")
                .append(" Usage:\n--   wrk -t1 -c4 -d20s --latency -s ")
                .append(attribute)
                .append(".lua http://127.0.0.1:PORT/\n")
                .append("-- (the signed Host header is the one below: use the same host and port.)\n")
                .append("local raw = {}\n")
                .append("local function add(body, headers) raw[#raw + 1] = { body, headers } end\n");
        for (int from = 0; from < queries.size(); from += LUA_CHUNK) {
            lua.append("do\n  local function part()\n");
            for (Signed query : queries.subList(from, Math.min(queries.size(), from + LUA_CHUNK))) {
                SignedRequest request = query.request();
                lua.append("    add(");
                luaString(lua, request.body());
                lua.append(", {");
                String separator = " ";
                for (String name : request.headers().names()) {
                    List<String> values = request.headers().all(name);
                    // wrk.format adds wrk's own Host unless the table has "Host"; it adds Content-Length.
                    lua.append(separator).append('[');
                    luaString(lua, (name.equals("host") ? "Host" : name).getBytes(UTF_8));
                    lua.append("] = ");
                    luaString(lua, String.join(", ", values).getBytes(UTF_8));
                    separator = ", ";
                }
                lua.append(" })\n");
            }
            lua.append("  end\n  part()\nend\n");
        }
        lua.append("""

                local threads = {}
                local requests = {}
                local next_request = 1

                function setup(thread)
                  table.insert(threads, thread)
                  thread:set("thread_number", #threads)
                end

                function init(args)
                  non200 = 0
                  first_non200 = nil
                  for i, r in ipairs(raw) do
                    requests[i] = wrk.format("POST", "/", r[2], r[1])
                  end
                  raw = nil
                  -- each thread starts at its own offset (its connections share its round-robin)
                  next_request = (((thread_number or 1) - 1) * 997) % #requests + 1
                end

                function request()
                  local r = requests[next_request]
                  next_request = next_request % #requests + 1
                  return r
                end

                function response(status, headers, body)
                  if status ~= 200 then
                    non200 = non200 + 1
                    if not first_non200 then
                      first_non200 = status .. " " .. string.sub(body or "", 1, 300)
                    end
                  end
                end

                function done(summary, latency, requests)
                  local total = 0
                  local first = nil
                  for _, t in ipairs(threads) do
                    total = total + (t:get("non200") or 0)
                    first = first or t:get("first_non200")
                  end
                  io.write(string.format("non-200 responses: %d\\n", total))
                  if first then io.write("first non-200 response: HTTP " .. first .. "\\n") end
                end
                """);
        return lua.toString();
    }

    /** Appends {@code bytes} as a Lua string literal: printable ASCII as is, every other byte escaped. */
    private static void luaString(StringBuilder lua, byte[] bytes) {
        lua.append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                lua.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                // Lua's decimal escape, always three digits so that a following digit cannot join it.
                lua.append('\\')
                        .append((char) ('0' + c / 100))
                        .append((char) ('0' + c / 10 % 10))
                        .append((char) ('0' + c % 10));
            } else {
                lua.append((char) c);
            }
        }
        lua.append('"');
    }

    /** What one run measured. */
    static final class Run {
        final long[] nanos;
        final int non200;
        final long events;
        final int empty;
        final double seconds;
        final Map<Integer, String> errors;

        Run(long[] nanos, int non200, long events, int empty, double seconds, Map<Integer, String> errors) {
            this.nanos = nanos;
            this.non200 = non200;
            this.events = events;
            this.empty = empty;
            this.seconds = seconds;
            this.errors = errors;
            Arrays.sort(nanos);
        }

        int lookups() {
            return nanos.length;
        }

        /** The p-th percentile latency in milliseconds (nearest rank); 100 is the maximum. */
        double percentile(double p) {
            return nanos.length == 0 ? Double.NaN : DeliveryLatencyProbe.percentile(nanos, p) / 1e6;
        }

        String summary() {
            return String.format(
                    Locale.ROOT,
                    "%,8d lookups in %.1f s = %,8.1f/s  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms"
                            + "  non-200 %d  events/answer %.1f  empty answers %d",
                    lookups(),
                    seconds,
                    lookups() / seconds,
                    percentile(50),
                    percentile(90),
                    percentile(99),
                    percentile(100),
                    non200,
                    lookups() == 0 ? 0.0 : (double) events / lookups(),
                    empty);
        }
    }

    /** Runs {@code clients} closed-loop clients over {@code queries} for {@code seconds}. */
    static Run run(HttpClient http, List<Query> queries, int clients, int seconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(seconds).toNanos();
        List<long[]> latencies = new ArrayList<>();
        int[] non200 = new int[clients];
        long[] events = new long[clients];
        int[] empty = new int[clients];
        int[] counts = new int[clients];
        Map<Integer, String> errors = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            long[] mine = new long[1 << 16];
            latencies.add(mine);
            threads.add(Thread.ofPlatform().name("lookup-client-" + c).start(() -> {
                long[] lat = mine;
                int i = client * queries.size() / clients;
                int n = 0;
                while (System.nanoTime() < deadline) {
                    Query query = queries.get(i++ % queries.size());
                    long t0 = System.nanoTime();
                    int status;
                    byte[] body;
                    try {
                        HttpResponse<byte[]> response =
                                http.send(query.request(), HttpResponse.BodyHandlers.ofByteArray());
                        status = response.statusCode();
                        body = response.body();
                    } catch (Exception e) {
                        status = -1;
                        body = e.toString().getBytes(UTF_8);
                    }
                    long took = System.nanoTime() - t0;
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                        latencies.set(client, lat);
                    }
                    lat[n++] = took;
                    if (status != 200) {
                        non200[client]++;
                        String text = new String(body, UTF_8);
                        errors.putIfAbsent(
                                status, query.label() + " -> " + text.substring(0, Math.min(300, text.length())));
                    } else {
                        int found = occurrences(body, EVENT_ID);
                        events[client] += found;
                        if (found == 0) {
                            empty[client]++;
                        }
                    }
                }
                counts[client] = n;
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        return new Run(
                all,
                Arrays.stream(non200).sum(),
                Arrays.stream(events).sum(),
                Arrays.stream(empty).sum(),
                took,
                errors);
    }

    private static int occurrences(byte[] text, byte[] needle) {
        int found = 0;
        outer:
        for (int i = 0; i <= text.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (text[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found++;
            i += needle.length - 1;
        }
        return found;
    }
}

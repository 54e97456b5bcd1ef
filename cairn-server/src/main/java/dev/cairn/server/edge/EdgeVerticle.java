package dev.cairn.server.edge;

import static java.util.Objects.requireNonNull;

import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.http.HttpRequest;
import dev.cairn.protocol.http.HttpResponse;
import dev.cairn.protocol.json.JsonProtocol;
import dev.cairn.protocol.query.QueryProtocol;
import dev.cairn.server.call.CallPipeline;
import dev.cairn.server.s3.S3Edge;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.HostAndPort;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's share of the HTTP edge: reads each request's body (up to the configured limit), hands
 * the call to the {@link CallPipeline} on a virtual thread, and writes the answer back on the event loop.
 *
 * <p>Notes: operations may block (an fsync of the metadata log, later a wait for the journal's group
 * commit), so they never run on the event loop. A virtual thread per call keeps them cheap to park; the
 * event loop only parses HTTP and copies bytes. Several instances of this verticle share one port, and
 * Vert.x spreads connections across their event loops.
 */
public final class EdgeVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(EdgeVerticle.class);

    private final HttpServerOptions options;
    private final CallPipeline pipeline;
    private final AdminEndpoints admin;
    private final ExecutorService calls;
    private final long maxRequestBytes;
    private final TrustedProxies trustedProxies;
    private HttpServer server;

    public EdgeVerticle(
            HttpServerOptions options,
            CallPipeline pipeline,
            AdminEndpoints admin,
            ExecutorService calls,
            long maxRequestBytes,
            TrustedProxies trustedProxies) {
        this.trustedProxies = requireNonNull(trustedProxies, "trustedProxies is null");
        this.options = requireNonNull(options, "options is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.admin = requireNonNull(admin, "admin is null");
        this.calls = requireNonNull(calls, "calls is null");
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(options).requestHandler(this::handle);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(5, TimeUnit.SECONDS);
    }

    /** Returns the port actually bound (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? null : uri.substring(q + 1);
        String adminKind = AdminEndpoints.kind(req.method().name(), rawPath);
        if (adminKind != null) {
            handleAdmin(req, adminKind);
            return;
        }
        // An S3 object may be as large as the request limit, plus its aws-chunked framing.
        boolean s3 = S3Edge.signedForS3(req.getHeader("authorization"), rawQuery);
        long limit = s3 ? S3Edge.bodyLimit(maxRequestBytes) : maxRequestBytes;
        String declared = req.getHeader("content-length");
        if (declared != null && parseLength(declared) > limit) {
            tooLarge(req, declared, s3);
            return;
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader("expect"))) {
            req.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] overflow = {false};
        req.handler(chunk -> {
            if (overflow[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                overflow[0] = true;
                tooLarge(req, "more than " + limit, s3);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (overflow[0]) {
                return;
            }
            HttpRequest request = new HttpRequest(
                    req.method().name(), rawPath, rawQuery, headers(req), body.getBytes(), clientAddress(req));
            Context context = vertx.getOrCreateContext();
            try {
                calls.execute(() -> {
                    HttpResponse response = pipeline.handle(request);
                    context.runOnContext(ignored -> write(req.response(), response));
                });
            } catch (RejectedExecutionException e) {
                write(req.response(), HttpResponse.of(503, "application/json", "{\"message\":\"server is stopping\"}"));
            }
        });
    }

    /** The caller's address: the peer's, or what a trusted proxy forwarded (see {@link TrustedProxies}). */
    private String clientAddress(HttpServerRequest req) {
        String peer =
                req.remoteAddress() == null ? "0.0.0.0" : req.remoteAddress().hostAddress();
        if (trustedProxies.isEmpty()) {
            return peer;
        }
        return trustedProxies.clientAddress(peer, req.headers().getAll("X-Forwarded-For"));
    }

    private void handleAdmin(HttpServerRequest req, String kind) {
        switch (kind) {
            case "health" -> write(req.response(), admin.health());
            case "metrics" ->
                write(req.response(), HttpResponse.of(200, "text/plain; version=0.0.4; charset=utf-8", admin.scrape()));
            case "reset" -> {
                Context context = vertx.getOrCreateContext();
                req.end()
                        .onComplete(ignored -> calls.execute(() -> {
                            HttpResponse response = admin.reset();
                            context.runOnContext(v -> write(req.response(), response));
                        }));
            }
            default -> throw new IllegalStateException("unknown admin endpoint " + kind);
        }
    }

    private void tooLarge(HttpServerRequest req, String size, boolean s3) {
        String requestId = UUID.randomUUID().toString();
        AwsException error = new AwsException(
                CommonError.REQUEST_ENTITY_TOO_LARGE,
                "Request body of " + size + " bytes exceeds the limit of " + maxRequestBytes + " bytes");
        HttpResponse response = s3
                ? S3Edge.entityTooLarge(maxRequestBytes, size, req.method() == HttpMethod.HEAD)
                : req.headers().contains("x-amz-target")
                        ? JsonProtocol.error(requestId, error)
                        : QueryProtocol.error(null, requestId, error);
        log.warn("request {} refused: body of {} bytes exceeds {}", requestId, size, maxRequestBytes);
        HttpServerResponse out = req.response();
        out.putHeader("Connection", "close");
        write(out, response);
        req.connection().close();
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Headers headers(HttpServerRequest req) {
        Headers headers = new Headers();
        for (Map.Entry<String, String> e : req.headers()) {
            headers.add(e.getKey(), e.getValue());
        }
        // HTTP/2 (also after an h2c upgrade) carries the host as :authority, which SigV4 signs as "host".
        HostAndPort authority = req.authority();
        if (!headers.contains("host") && authority != null) {
            headers.add("host", authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port());
        }
        return headers;
    }

    private static void write(HttpServerResponse out, HttpResponse response) {
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(response.status());
        // SDKs correct their clock from Date when they see a skew error, so every answer carries one.
        out.putHeader("Date", HttpDate.now());
        for (String name : response.headers().names()) {
            for (String value : response.headers().all(name)) {
                out.headers().add(name, value);
            }
        }
        // wrapped, not copied: a LookupEvents answer is up to 50 records
        out.end(BufferInternal.buffer(Unpooled.wrappedBuffer(response.body())));
    }
}

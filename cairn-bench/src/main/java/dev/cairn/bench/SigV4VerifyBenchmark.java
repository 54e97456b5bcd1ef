package dev.cairn.bench;

import dev.cairn.protocol.http.Headers;
import dev.cairn.protocol.sigv4.SigV4Credential;
import dev.cairn.protocol.sigv4.SigV4Exception;
import dev.cairn.protocol.sigv4.SigV4Verifier;
import dev.cairn.protocol.sigv4.SignedRequest;
import dev.cairn.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of authenticating one typical request: an STS GetCallerIdentity POST signed by botocore (the
 * sts-get-caller-identity vector of cairn-protocol's tests), parsed and verified with a warm signing-key
 * cache. The target is at least 200k verifications per second per core.
 *
 * <p>Run with {@code java -cp <classpath> org.openjdk.jmh.Main SigV4VerifyBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigV4VerifyBenchmark {
    private static final Instant SIGNED_AT = Instant.parse("2026-01-15T12:34:56Z");
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private SigV4Verifier verifier;
    private SignedRequest request;
    private SigV4Credential parsed;

    @Setup
    public void setUp() throws SigV4Exception {
        Clock fixed = new Clock() {
            @Override
            public Instant now() {
                return SIGNED_AT.plusSeconds(2);
            }

            @Override
            public long monotonicNanos() {
                return 0;
            }
        };
        verifier = new SigV4Verifier(fixed);
        Headers headers = new Headers()
                .add("Host", "sts.us-east-1.amazonaws.com")
                .add("Accept-Encoding", "identity")
                .add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .add(
                        "User-Agent",
                        "aws-cli/2.27.0 md/awscrt#0.23.8 ua/2.1 os/linux#6.8 md/arch#x86_64 lang/python#3.13")
                .add("X-Amz-Date", "20260115T123456Z")
                .add(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260115/us-east-1/sts/aws4_request,"
                                + " SignedHeaders=content-type;host;x-amz-date,"
                                + " Signature=d7b44e85a69d1b78c1007c9b1344db7d43e3a577462ff9ae795b5c950d0c0d81")
                .add("Content-Length", "43");
        request = new SignedRequest(
                "POST",
                "/",
                null,
                headers,
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
        parsed = verifier.parse(request);
        verifier.verify(request, parsed, SECRET); // fails fast if the fixture is wrong, and warms the key cache
    }

    /** Parse and verify, as the server does for every request. */
    @Benchmark
    public SigV4Credential parseAndVerify() throws SigV4Exception {
        SigV4Credential cred = verifier.parse(request);
        verifier.verify(request, cred, SECRET);
        return cred;
    }

    /** Parse alone: reading the Authorization header and checking its shape. */
    @Benchmark
    public SigV4Credential parseOnly() throws SigV4Exception {
        return verifier.parse(request);
    }

    /** Verify alone: canonical request, two SHA-256s and an HMAC with the cached key. */
    @Benchmark
    public SigV4Credential verifyOnly() throws SigV4Exception {
        verifier.verify(request, parsed, SECRET);
        return parsed;
    }
}

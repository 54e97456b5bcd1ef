package dev.cairn.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.cairn.event.CloudTrailJson;
import dev.cairn.event.JsonStringLiteral;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of turning a record into the string literal LookupEvents shows (done once, when the record is
 * indexed): {@link JsonStringLiteral#quote}, which escapes quotes without a branch, against the
 * same escaping one byte at a time and against jackson's generator writing the record as a string.
 *
 * <p>Run: {@code cairn-bench/scripts/run_jmh.sh StringLiteralBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StringLiteralBenchmark {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] record;
    private String recordText;

    @Setup
    public void setUp() {
        record = CloudTrailJson.serialize(EventCodecBenchmark.createUserRecord());
        recordText = new String(record, StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] quote() {
        return JsonStringLiteral.quote(record, 0, record.length);
    }

    @Benchmark
    public byte[] peerOneByteAtATime() {
        int size = record.length + 2; // counted first, as quote does, so that both allocate the exact size
        for (byte b : record) {
            size += b == '"' || b == '\\' ? 1 : b >= 0 && b < 0x20 ? 5 : 0;
        }
        byte[] out = new byte[size];
        int at = 0;
        out[at++] = '"';
        for (byte b : record) {
            if (b == '"' || b == '\\') {
                out[at++] = '\\';
                out[at++] = b;
            } else if (b >= 0 && b < 0x20) {
                out[at++] = '\\';
                out[at++] = 'u';
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = HEX[b >> 4];
                out[at++] = HEX[b & 0xf];
            } else {
                out[at++] = b;
            }
        }
        out[at++] = '"';
        return out;
    }

    @Benchmark
    public byte[] peerJacksonWriteString() throws IOException {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(record.length * 2);
                JsonGenerator generator = JSON.createGenerator(bytes)) {
            generator.writeString(recordText);
            generator.flush();
            return bytes.toByteArray();
        }
    }
}

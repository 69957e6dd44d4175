package dev.paddock.bench.jmh;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.data.Stat;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.core.tree.DataTree;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Jute encode/decode of the two records on the hottest paths: a read reply and a create request. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JuteCodecBench {
    @Param({"1024"})
    public int payload;

    private GetDataResponse response;
    private CreateRequest request;
    private byte[] responseBytes;
    private byte[] requestBytes;
    private final JuteOutput out = new JuteOutput(4096);

    @Setup
    public void setup() {
        byte[] data = new byte[payload];
        response = new GetDataResponse(data, new Stat(0x100000001L, 0x100000002L, 1_700_000_000_000L,
                1_700_000_000_001L, 3, 0, 0, 0, payload, 0, 0x100000001L));
        request = new CreateRequest("/app/locks/lock-0000000042", data, DataTree.OPEN_ACL, 2);
        JuteOutput o = new JuteOutput(4096);
        response.write(o);
        responseBytes = o.toByteArray();
        o.reset();
        request.write(o);
        requestBytes = o.toByteArray();
    }

    @Benchmark
    public int encodeGetDataResponse() {
        out.reset();
        response.write(out);
        return out.size();
    }

    @Benchmark
    public GetDataResponse decodeGetDataResponse() {
        return GetDataResponse.read(new JuteInput(responseBytes));
    }

    @Benchmark
    public int encodeCreateRequest() {
        out.reset();
        request.write(out);
        return out.size();
    }

    @Benchmark
    public CreateRequest decodeCreateRequest() {
        return CreateRequest.read(new JuteInput(requestBytes));
    }
}

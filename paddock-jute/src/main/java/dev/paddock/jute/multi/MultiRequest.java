package dev.paddock.jute.multi;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import java.util.List;

/** The body of a multi or multiRead request. */
public record MultiRequest(List<MultiOp> ops) implements JuteRecord {
    public static MultiRequest read(JuteInput in) {
        return new MultiRequest(MultiCodec.readOps(in));
    }

    @Override
    public void write(JuteOutput out) {
        MultiCodec.writeOps(out, ops);
    }
}

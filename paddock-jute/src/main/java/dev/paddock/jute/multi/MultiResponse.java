package dev.paddock.jute.multi;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import java.util.List;

/** The body of a multi or multiRead reply. */
public record MultiResponse(List<MultiResult> results) implements JuteRecord {
    public static MultiResponse read(JuteInput in) {
        return new MultiResponse(MultiCodec.readResults(in));
    }

    @Override
    public void write(JuteOutput out) {
        MultiCodec.writeResults(out, results);
    }
}

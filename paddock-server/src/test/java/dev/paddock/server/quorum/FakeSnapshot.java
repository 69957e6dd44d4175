package dev.paddock.server.quorum;

import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in database laid out as ZooKeeper serializes one after SNAP (sessions, ACL cache, nodes, "/"), so the
 * transport can frame it, with a reader that checks every field it wrote.
 */
record FakeSnapshot(List<Long> sessions, List<String> aclSchemes, List<String> paths, List<String> data) {

    static FakeSnapshot sample(int nodes) {
        List<String> paths = new ArrayList<>();
        List<String> data = new ArrayList<>();
        paths.add("");
        data.add("");
        for (int i = 0; i < nodes; i++) {
            paths.add("/n" + i);
            data.add(i % 7 == 0 ? "" : "value-" + i + "-" + "x".repeat(i % 50));
        }
        return new FakeSnapshot(List.of(0x100000001L, 0x100000002L), List.of("world", "digest"), paths, data);
    }

    void write(JuteOutput out) {
        out.writeInt(sessions.size());
        for (long s : sessions) {
            out.writeLong(s);
            out.writeInt(30_000);
        }
        out.writeInt(aclSchemes.size());
        for (int i = 0; i < aclSchemes.size(); i++) {
            out.writeLong(i + 1);
            out.writeInt(1);
            out.writeInt(31);
            out.writeString(aclSchemes.get(i));
            out.writeString("anyone");
        }
        for (int i = 0; i < paths.size(); i++) {
            out.writeString(paths.get(i));
            out.writeBuffer(data.get(i).getBytes(StandardCharsets.UTF_8));
            out.writeLong(i % 2 == 0 ? -1 : 1);
            for (int f = 0; f < 4; f++) {
                out.writeLong(i * 10L + f);
            }
            for (int f = 0; f < 3; f++) {
                out.writeInt(i + f);
            }
            out.writeLong(0);
            out.writeLong(i);
        }
        out.writeString("/");
    }

    static FakeSnapshot read(JuteInput in) {
        List<Long> sessions = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            sessions.add(in.readLong());
            expect(in.readInt(), 30_000);
        }
        List<String> schemes = new ArrayList<>();
        for (int n = in.readInt(), i = 0; i < n; i++) {
            expect(in.readLong(), i + 1);
            expect(in.readInt(), 1);
            expect(in.readInt(), 31);
            schemes.add(in.readString());
            if (!"anyone".equals(in.readString())) {
                throw new JuteException("bad acl id");
            }
        }
        List<String> paths = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (String path = in.readString(); !"/".equals(path); path = in.readString()) {
            int i = paths.size();
            paths.add(path);
            data.add(new String(in.readBuffer(), StandardCharsets.UTF_8));
            expect(in.readLong(), i % 2 == 0 ? -1 : 1);
            for (int f = 0; f < 4; f++) {
                expect(in.readLong(), i * 10L + f);
            }
            for (int f = 0; f < 3; f++) {
                expect(in.readInt(), i + f);
            }
            expect(in.readLong(), 0);
            expect(in.readLong(), i);
        }
        return new FakeSnapshot(sessions, schemes, paths, data);
    }

    private static void expect(long actual, long expected) {
        if (actual != expected) {
            throw new JuteException("expected " + expected + ", read " + actual);
        }
    }
}

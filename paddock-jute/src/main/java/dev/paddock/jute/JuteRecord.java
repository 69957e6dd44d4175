package dev.paddock.jute;

/** A record in ZooKeeper's jute binary encoding: big-endian ints and longs, length-prefixed strings and buffers. */
public interface JuteRecord {
    void write(JuteOutput out);

    /** Encodes this record alone into a fresh byte array. */
    default byte[] toBytes() {
        JuteOutput out = new JuteOutput(64);
        write(out);
        return out.toByteArray();
    }
}

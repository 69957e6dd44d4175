package dev.paddock.client;

import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Stat;
import java.util.List;

/** Value types returned by the client's operations. */
public final class Results {
    private Results() {
    }

    /** A created znode: its actual path (with the sequence suffix, chroot removed) and its Stat. */
    public record Created(String path, Stat stat) {
    }

    /** A znode's data and Stat. */
    public record NodeData(byte[] data, Stat stat) {
    }

    /** A znode's children and the parent's Stat. */
    public record Children(List<String> children, Stat stat) {
    }

    /** A znode's ACL and Stat. */
    public record AclStat(List<ACL> acl, Stat stat) {
    }
}

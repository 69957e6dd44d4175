package dev.paddock.client;

import dev.paddock.jute.CreateMode;
import dev.paddock.jute.data.ACL;
import java.util.List;

/** One operation of a {@code multi} (create, delete, setData, check) or a {@code multiRead} (getData, getChildren). */
public sealed interface Op {
    String path();

    record Create(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl) implements Op {
    }

    record Delete(String path, int version) implements Op {
    }

    record SetData(String path, byte[] data, int version) implements Op {
    }

    record Check(String path, int version) implements Op {
    }

    record GetData(String path) implements Op {
    }

    record GetChildren(String path) implements Op {
    }

    static Op create(String path, byte[] data, List<ACL> acl, CreateMode mode) {
        return new Create(path, data, acl, mode, -1);
    }

    static Op create(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl) {
        return new Create(path, data, acl, mode, ttl);
    }

    static Op delete(String path, int version) {
        return new Delete(path, version);
    }

    static Op setData(String path, byte[] data, int version) {
        return new SetData(path, data, version);
    }

    static Op check(String path, int version) {
        return new Check(path, version);
    }

    static Op getData(String path) {
        return new GetData(path);
    }

    static Op getChildren(String path) {
        return new GetChildren(path);
    }
}

package dev.paddock.client;

import dev.paddock.jute.CreateMode;
import dev.paddock.jute.data.ACL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Builds an atomic multi: every op applies or none does. */
public final class Transaction {
    private final PaddockClient client;
    private final List<Op> ops = new ArrayList<>();

    Transaction(PaddockClient client) {
        this.client = client;
    }

    public Transaction create(String path, byte[] data, List<ACL> acl, CreateMode mode) {
        ops.add(Op.create(path, data, acl, mode));
        return this;
    }

    public Transaction create(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl) {
        ops.add(Op.create(path, data, acl, mode, ttl));
        return this;
    }

    public Transaction delete(String path, int version) {
        ops.add(Op.delete(path, version));
        return this;
    }

    public Transaction check(String path, int version) {
        ops.add(Op.check(path, version));
        return this;
    }

    public Transaction setData(String path, byte[] data, int version) {
        ops.add(Op.setData(path, data, version));
        return this;
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }

    public List<OpResult> commit() throws KeeperException, InterruptedException {
        return client.multi(ops);
    }

    public CompletableFuture<List<OpResult>> commitAsync() {
        return client.multiAsync(ops);
    }
}

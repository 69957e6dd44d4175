package dev.paddock.client;

import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import java.util.List;

/** The usual ACLs (ZooKeeper's ZooDefs.Ids). */
public final class Acls {
    public static final Id ANYONE_ID_UNSAFE = new Id("world", "anyone");
    public static final Id AUTH_IDS = new Id("auth", "");
    public static final List<ACL> OPEN_ACL_UNSAFE = List.of(new ACL(Perms.ALL, ANYONE_ID_UNSAFE));
    public static final List<ACL> CREATOR_ALL_ACL = List.of(new ACL(Perms.ALL, AUTH_IDS));
    public static final List<ACL> READ_ACL_UNSAFE = List.of(new ACL(Perms.READ, ANYONE_ID_UNSAFE));

    private Acls() {
    }
}

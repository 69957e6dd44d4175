package dev.paddock.core.pipeline;

import dev.paddock.jute.data.ACL;
import java.util.List;

/** What applying a transaction changed, for firing watches. Recovery passes {@link #NONE}. */
public interface TreeEvents {
    void created(String path, List<ACL> acl, String parent, List<ACL> parentAcl, long zxid);

    void deleted(String path, List<ACL> acl, String parent, List<ACL> parentAcl, long zxid);

    void dataChanged(String path, List<ACL> acl, long zxid);

    TreeEvents NONE = new TreeEvents() {
        @Override
        public void created(String path, List<ACL> acl, String parent, List<ACL> parentAcl, long zxid) {
        }

        @Override
        public void deleted(String path, List<ACL> acl, String parent, List<ACL> parentAcl, long zxid) {
        }

        @Override
        public void dataChanged(String path, List<ACL> acl, long zxid) {
        }
    };
}

package dev.paddock.core.pipeline;

import dev.paddock.jute.data.ACL;
import java.util.List;

/**
 * What applying a transaction changed, for firing watches and counting writes; called right after the change, so a
 * listener that needs a node's ACL (only when a watch fires) finds the node in the tree. Recovery passes
 * {@link #NONE}.
 */
public interface TreeEvents {
    void created(String path, int dataLength, String parent, long zxid);

    /** {@code acl} is the removed node's. */
    void deleted(String path, List<ACL> acl, String parent, long zxid);

    void dataChanged(String path, int dataLength, long zxid);

    TreeEvents NONE = new TreeEvents() {
        @Override
        public void created(String path, int dataLength, String parent, long zxid) {
        }

        @Override
        public void deleted(String path, List<ACL> acl, String parent, long zxid) {
        }

        @Override
        public void dataChanged(String path, int dataLength, long zxid) {
        }
    };
}

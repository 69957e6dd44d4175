/**
 * ZooKeeper 3.9's own byte formats that a mixed ensemble exchanges beyond plain jute records.
 *
 * <ul>
 *   <li>SNAP sync: the leader sends QuorumPacket(SNAP, zxid = its last processed zxid, no data), then, unframed,
 *       the database ({@link dev.paddock.core.zkformat.ZkSnapshotFormat}) and the string "BenWasHere"; NEWLEADER
 *       follows. No tree digest travels on the wire (snapshot files append one, with its own CRC seal). The
 *       learner sets its last processed zxid from the SNAP packet and, with reconfig disabled (the default),
 *       overwrites /zookeeper/config with its local configuration. The quorum-port transport finds the end of
 *       the unframed snapshot by walking its structure (paddock-server's {@code SnapStreamCopier}).</li>
 *   <li>PROPOSAL, INFORM and DIFF payloads: TxnHeader, txn, optional TxnDigest
 *       ({@link dev.paddock.core.zkformat.ZkTxnEntry}). zookeeper.digest.enabled defaults to true; a follower
 *       compares the tree digest after applying the txn and on a mismatch only logs and counts.</li>
 *   <li>The tree digest itself: {@link dev.paddock.core.zkformat.TreeDigest}.</li>
 * </ul>
 */
package dev.paddock.core.zkformat;

// A short script over node-zookeeper-client, run by NodeClientTest against Paddock and against ZooKeeper 3.9.3;
// the two outputs, normalised (session ids, zxids), must be equal.
// Covers sessions, CRUD, sequential and ephemeral nodes, watches, transactions (multi) and ACLs with digest auth.
// Every step waits for its answer before the next, and watch events are printed only when the script waits for
// them, so the output does not depend on timing.
//
// usage: node client.js host:port   (NODE_PATH must reach node-zookeeper-client)
'use strict';
const zookeeper = require('node-zookeeper-client');
const crypto = require('crypto');

const connect = process.argv[2];
const hex = (buf) => (buf ? Buffer.from(buf).toString('hex').replace(/^0+(?=.)/, '') : '-');
const stat = (s) => s ? `czxid=0x${hex(s.czxid)} mzxid=0x${hex(s.mzxid)} pzxid=0x${hex(s.pzxid)} version=${s.version} ` +
    `cversion=${s.cversion} aversion=${s.aversion} ephemeralOwner=0x${hex(s.ephemeralOwner)} ` +
    `dataLength=${s.dataLength} numChildren=${s.numChildren}` : 'null';
const outcome = (err) => (err ? err.toString() : 'ok');

// calls fn(...args, callback) and resolves with [err, results...]
const call = (fn, ...args) => new Promise((resolve) => fn(...args, (...r) => resolve(r)));

// watch events, printed when awaited
const events = [];
let eventWaiter = null;
const watcher = (name) => (event) => {
  events.push(`event ${event.getName()} path=${event.getPath()} watcher=${name}`);
  if (eventWaiter) eventWaiter();
};
function nextEvent() {
  return new Promise((resolve) => {
    const take = () => {
      if (events.length > 0) {
        eventWaiter = null;
        clearTimeout(timer);
        resolve(events.shift());
      }
    };
    const timer = setTimeout(() => { eventWaiter = null; resolve('no event within 15 s'); }, 15000);
    eventWaiter = take;
    take();
  });
}

function digest(user, password) {
  return user + ':' + crypto.createHash('sha1').update(user + ':' + password).digest('base64');
}

async function main() {
  const client = zookeeper.createClient(connect, { sessionTimeout: 10000, retries: 0 });
  const connected = new Promise((resolve) => client.once('connected', resolve));
  client.connect();
  await connected;
  console.log(`connected: session=0x${hex(client.getSessionId())} timeout=${client.getSessionTimeout()}`);
  const c = client;
  const open = zookeeper.ACL.OPEN_ACL_UNSAFE;
  const M = zookeeper.CreateMode;
  let r;

  console.log('-- CRUD');
  r = await call(c.create.bind(c), '/n', Buffer.from('root'), open, M.PERSISTENT);
  console.log(`create /n: ${outcome(r[0])} ${r[1]}`);
  r = await call(c.create.bind(c), '/n', Buffer.from('x'), open, M.PERSISTENT);
  console.log(`create /n again: ${outcome(r[0])}`);
  for (let i = 0; i < 2; i++) {
    r = await call(c.create.bind(c), '/n/seq-', Buffer.from('s'), open, M.PERSISTENT_SEQUENTIAL);
    console.log(`create sequential: ${outcome(r[0])} ${r[1]}`);
  }
  r = await call(c.create.bind(c), '/n/eph', Buffer.from('e'), open, M.EPHEMERAL);
  console.log(`create ephemeral: ${outcome(r[0])} ${r[1]}`);
  r = await call(c.create.bind(c), '/n/eph/child', Buffer.from('x'), open, M.PERSISTENT);
  console.log(`create under ephemeral: ${outcome(r[0])}`);
  r = await call(c.getData.bind(c), '/n', undefined);
  console.log(`getData /n: ${outcome(r[0])} ${r[1]}`);
  console.log(`stat /n: ${stat(r[2])}`);
  r = await call(c.exists.bind(c), '/n/eph', undefined);
  console.log(`exists /n/eph: ${outcome(r[0])} ${stat(r[1])}`);
  r = await call(c.exists.bind(c), '/n/none', undefined);
  console.log(`exists /n/none: ${outcome(r[0])} ${stat(r[1])}`);
  r = await call(c.setData.bind(c), '/n', Buffer.from('v2'), 0);
  console.log(`setData /n version 0: ${outcome(r[0])} ${stat(r[1])}`);
  r = await call(c.setData.bind(c), '/n', Buffer.from('v3'), 0);
  console.log(`setData /n version 0 again: ${outcome(r[0])}`);
  r = await call(c.getChildren.bind(c), '/n', undefined);
  console.log(`getChildren /n: ${outcome(r[0])} ${r[1] ? r[1].slice().sort().join(' ') : ''} ${stat(r[2])}`);
  r = await call(c.remove.bind(c), '/n', -1);
  console.log(`remove /n (has children): ${outcome(r[0])}`);
  r = await call(c.remove.bind(c), '/n/seq-0000000000', 7);
  console.log(`remove with a wrong version: ${outcome(r[0])}`);
  r = await call(c.remove.bind(c), '/n/seq-0000000000', 0);
  console.log(`remove: ${outcome(r[0])}`);

  console.log('-- watches');
  r = await call(c.getData.bind(c), '/n', watcher('data'));
  console.log(`getData with a watch: ${outcome(r[0])}`);
  r = await call(c.getChildren.bind(c), '/n', watcher('children'));
  console.log(`getChildren with a watch: ${outcome(r[0])}`);
  r = await call(c.exists.bind(c), '/n/later', watcher('exists'));
  console.log(`exists /n/later with a watch: ${outcome(r[0])} ${stat(r[1])}`);
  r = await call(c.setData.bind(c), '/n', Buffer.from('v4'), -1);
  console.log(`setData /n: ${outcome(r[0])}`);
  console.log(await nextEvent());
  r = await call(c.create.bind(c), '/n/later', Buffer.from('l'), open, M.PERSISTENT);
  console.log(`create /n/later: ${outcome(r[0])}`);
  const two = [await nextEvent(), await nextEvent()].sort();
  two.forEach((e) => console.log(e));
  r = await call(c.exists.bind(c), '/n/later', watcher('exists-again'));
  console.log(`exists /n/later with a watch: ${outcome(r[0])}`);
  r = await call(c.remove.bind(c), '/n/later', -1);
  console.log(`remove /n/later: ${outcome(r[0])}`);
  console.log(await nextEvent());

  console.log('-- transactions');
  r = await call((cb) => c.transaction()
      .create('/n/t1', Buffer.from('t'), open, M.PERSISTENT)
      .create('/n/t2-', Buffer.from('t'), open, M.PERSISTENT_SEQUENTIAL)
      .setData('/n/t1', Buffer.from('t!'), 0)
      .check('/n', 2)
      .commit(cb));
  console.log(`commit create+create+set+check: ${outcome(r[0])} ` +
      JSON.stringify((r[1] || []).map((x) => ({ type: x.type, path: x.path, err: x.err, version: x.stat && x.stat.version }))));
  r = await call((cb) => c.transaction().remove('/n/t1', -1).check('/n', 99).commit(cb));
  console.log(`commit remove+failing check: ${outcome(r[0])} ` +
      JSON.stringify((r[1] || []).map((x) => ({ type: x.type, err: x.err }))));
  r = await call(c.exists.bind(c), '/n/t1', undefined);
  console.log(`exists /n/t1 after the failed transaction: ${outcome(r[0])} version=${r[1] ? r[1].version : '-'}`);

  console.log('-- ACLs');
  c.addAuthInfo('digest', Buffer.from('alice:secret'));
  const alice = [new zookeeper.ACL(zookeeper.Permission.ALL, new zookeeper.Id('digest', digest('alice', 'secret')))];
  r = await call(c.create.bind(c), '/n/private', Buffer.from('p'), alice, M.PERSISTENT);
  console.log(`create with alice's ACL: ${outcome(r[0])}`);
  r = await call(c.getACL.bind(c), '/n/private');
  console.log(`getACL: ${outcome(r[0])} ${JSON.stringify((r[1] || []).map((a) => `${a.id.scheme}:${a.id.id}:${a.permission}`))} aversion=${r[2] ? r[2].aversion : '-'}`);
  r = await call(c.setACL.bind(c), '/n/private', zookeeper.ACL.READ_ACL_UNSAFE, 0);
  console.log(`setACL READ_ACL_UNSAFE: ${outcome(r[0])}`);
  r = await call(c.setData.bind(c), '/n/private', Buffer.from('q'), -1);
  console.log(`setData on a read-only node: ${outcome(r[0])}`);
  const other = zookeeper.createClient(connect, { sessionTimeout: 10000, retries: 0 });
  const otherConnected = new Promise((resolve) => other.once('connected', resolve));
  other.connect();
  await otherConnected;
  console.log(`second session: session=0x${hex(other.getSessionId())}`);
  r = await call(other.create.bind(other), '/n/p2', Buffer.from('p'), alice, M.PERSISTENT);
  console.log(`second session creates with alice's ACL: ${outcome(r[0])}`);
  r = await call(c.create.bind(c), '/n/p2', Buffer.from('p'), alice, M.PERSISTENT);
  console.log(`alice creates /n/p2: ${outcome(r[0])}`);
  r = await call(other.getData.bind(other), '/n/p2', undefined);
  console.log(`second session reads /n/p2: ${outcome(r[0])}`);
  r = await call(other.exists.bind(other), '/n/eph', watcher('other-exists'));
  console.log(`second session sees /n/eph: ${outcome(r[0])} ${stat(r[1])}`);
  await new Promise((resolve) => { c.once('disconnected', resolve); c.close(); });
  console.log('first session closed');
  console.log(await nextEvent());
  r = await call(other.getChildren.bind(other), '/n', undefined);
  console.log(`children after the close: ${outcome(r[0])} ${r[1] ? r[1].slice().sort().join(' ') : ''}`);
  console.log(`unread events: ${events.length}`);
  other.close();
}

main().then(() => process.exit(0), (e) => { console.log(`failed: ${e && e.stack}`); process.exit(1); });

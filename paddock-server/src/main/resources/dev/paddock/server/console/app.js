// Paddock console: plain JavaScript, no libraries. Talks only to /console/api/ on the same origin.
'use strict';

(function () {
  const API = '/console/api/';
  const $ = (id) => document.getElementById(id);
  const state = {
    who: null, selected: '/', node: null, dataMode: null, editing: false, lastEvent: 0, open: new Set(['/']),
    view: 'tree', stats: [], ttlEnabled: false,
    ownWrites: new Set(), // zxids of this page's own writes: their watch events are not "another client"
  };

  function ownWrite(zxid) {
    state.ownWrites.add(zxid);
    if (state.ownWrites.size > 64) state.ownWrites.delete(state.ownWrites.values().next().value);
  }

  // ------------------------------------------------------------------ HTTP

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || ('HTTP ' + status));
      this.status = status;
      this.body = body || {};
    }
  }

  async function api(method, name, params, body) {
    let url = API + name;
    if (params) {
      url += '?' + new URLSearchParams(params).toString();
    }
    const init = { method, headers: {}, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      throw new ApiError(0, { error: 'Unreachable', message: 'the server cannot be reached: ' + e.message });
    }
    let json = null;
    try {
      json = await res.json();
    } catch (e) {
      json = null;
    }
    if (!res.ok) {
      if (res.status === 401 && json && json.error === 'LoginEnded') {
        await loginEnded(json.message);
      }
      throw new ApiError(res.status, json);
    }
    return json;
  }

  function show(el, visible) {
    el.hidden = !visible;
  }

  function setText(el, text) {
    el.textContent = text == null ? '' : String(text);
  }

  function element(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }

  function notice(text) {
    const n = $('notice');
    setText(n, text);
    show(n, !!text);
  }

  function showError(el, err) {
    setText(el, err ? (err.message || String(err)) : '');
    show(el, !!err);
  }

  function parentOf(path) {
    const i = path.lastIndexOf('/');
    return i <= 0 ? '/' : path.substring(0, i);
  }

  function join(parent, name) {
    return parent === '/' ? '/' + name : parent + '/' + name;
  }

  // ------------------------------------------------------------------ login

  async function refreshWho() {
    try {
      state.who = await api('GET', 'whoami');
    } catch (e) {
      state.who = null;
      notice('Cannot open a session on the server: ' + e.message);
      return;
    }
    const w = state.who;
    state.ttlEnabled = !!w.ttlEnabled;
    show($('login-form'), w.anonymous);
    show($('logged-in'), !w.anonymous);
    if (!w.anonymous) {
      setText($('who-name'), 'digest user ' + w.user + (w.super ? ' (super)' : ''));
    }
    $('who').dataset.user = w.anonymous ? '' : w.user;
    $('who').dataset.session = w.sessionId;
    for (const o of $('create-mode').options) {
      if (o.value.startsWith('ttl')) o.disabled = !state.ttlEnabled;
    }
    $('create-acl').querySelector('option[value=creator]').disabled = w.anonymous;
  }

  async function login(ev) {
    ev.preventDefault();
    const user = $('login-user').value.trim();
    const password = $('login-password').value;
    try {
      await api('POST', 'login', null, { user, password });
      $('login-password').value = '';
      notice('');
      await sessionChanged();
    } catch (e) {
      notice('Login failed: ' + e.message);
    }
  }

  async function logout() {
    try {
      await api('POST', 'logout', null, {});
    } catch (e) {
      notice('Logout failed: ' + e.message);
    }
    await sessionChanged();
  }

  async function loginEnded(message) {
    try {
      await fetch(API + 'logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    } catch (e) { /* the cookie stays; the next call says so again */ }
    notice(message + ' You are anonymous now.');
    setTimeout(sessionChanged, 0);
  }

  /** Another session now: other ACLs, no watches yet. */
  async function sessionChanged() {
    await refreshWho();
    await catchUpEvents();
    await reloadTree();
    await openNode(state.selected);
  }

  // ------------------------------------------------------------------ tree

  const rows = new Map(); // path -> li

  function treeItem(path, name, info) {
    const li = element('li');
    li.dataset.path = path;
    const row = element('div', 'row');
    const twisty = element('span', 'twisty', '▸');
    const label = element('span', 'name', name);
    row.append(twisty, label);
    if (info && info.ephemeral) row.append(element('span', 'eph', 'eph'));
    if (info && info.numChildren) row.append(element('span', 'count', '(' + info.numChildren + ')'));
    if (info && info.numChildren === 0) twisty.textContent = '\u00a0';
    li.append(row);
    twisty.addEventListener('click', () => toggle(path));
    label.addEventListener('click', () => openNode(path));
    rows.set(path, li);
    if (path === state.selected) row.classList.add('selected');
    return li;
  }

  async function reloadTree() {
    const tree = $('tree');
    tree.replaceChildren();
    rows.clear();
    tree.append(treeItem('/', '/', null));
    await expand('/');
  }

  /** Loads (again) the children of an item, and of the items under it that are open. */
  async function expand(path) {
    if (!rows.has(path)) return;
    state.open.add(path);
    let data;
    try {
      data = await api('GET', 'children', { path });
    } catch (e) {
      const failed = rows.get(path);
      if (failed) {
        failed.dataset.open = 'false';
        failed.querySelector('.twisty').textContent = '!';
        failed.querySelector('.row').title = e.message;
      }
      return;
    }
    const li = rows.get(path); // the item now: a reload of its parent may have replaced it meanwhile
    if (!li || !state.open.has(path)) return;
    let ul = li.querySelector(':scope > ul');
    if (ul) {
      for (const c of ul.querySelectorAll('li')) rows.delete(c.dataset.path);
      ul.replaceChildren();
    } else {
      ul = element('ul');
      li.append(ul);
    }
    for (const c of data.children) {
      ul.append(treeItem(c.path, c.name, c));
    }
    li.dataset.open = 'true';
    li.dataset.loaded = String(data.children.length);
    li.querySelector('.twisty').textContent = data.children.length ? '▾' : '\u00a0';
    await Promise.all(data.children.filter((c) => state.open.has(c.path)).map((c) => expand(c.path)));
  }

  function collapse(path) {
    state.open.delete(path);
    const li = rows.get(path);
    const ul = li && li.querySelector(':scope > ul');
    if (ul) {
      for (const c of ul.querySelectorAll('li')) rows.delete(c.dataset.path);
      ul.remove();
    }
    if (li) {
      li.dataset.open = 'false';
      li.querySelector('.twisty').textContent = '▸';
    }
  }

  async function toggle(path) {
    const li = rows.get(path);
    if (li && li.dataset.open === 'true') collapse(path);
    else await expand(path);
  }

  // ------------------------------------------------------------------ node

  function closeForms() {
    show($('edit-form'), false);
    show($('create-form'), false);
    show($('delete-form'), false);
    state.editing = false;
  }

  async function openNode(path, keepBanner) {
    if (state.selected !== path) closeForms();
    state.selected = path;
    for (const li of rows.values()) {
      li.querySelector('.row').classList.toggle('selected', li.dataset.path === path);
    }
    setText($('node-path'), path);
    $('node-pane').dataset.path = path;
    if (!keepBanner) show($('node-banner'), false);
    let node;
    try {
      node = await api('GET', 'node', { path });
    } catch (e) {
      state.node = null;
      $('node-pane').dataset.version = '';
      $('node-pane').dataset.status = String(e.status);
      showError($('node-error'), e);
      renderData(null);
      renderStat(null);
      renderAcl(null);
      return;
    }
    if (state.selected !== path) return;
    state.node = node;
    showError($('node-error'), null);
    $('node-pane').dataset.version = String(node.stat.version);
    $('node-pane').dataset.status = '200';
    renderData(node.data);
    renderStat(node.stat);
    renderAcl(node);
  }

  function renderData(data) {
    const pre = $('node-data');
    const modes = { text: $('data-tab-text'), hex: $('data-tab-hex'), json: $('data-tab-json') };
    if (!data) {
      setText(pre, '');
      setText($('data-size'), '');
      return;
    }
    modes.text.disabled = !data.utf8;
    modes.json.disabled = !data.json;
    let mode = state.dataMode;
    if (!mode || modes[mode].disabled) mode = data.json ? 'json' : (data.utf8 ? 'text' : 'hex');
    for (const [m, b] of Object.entries(modes)) b.classList.toggle('active', m === mode);
    let text;
    if (mode === 'json') text = data.json;
    else if (mode === 'hex') text = data.hex + (data.hexTruncated ? '\n… (first 64 KiB shown)' : '');
    else text = data.text;
    pre.classList.toggle('empty', data.size === 0);
    setText(pre, data.size === 0 ? (data.null ? '(no data)' : '(empty)') : text);
    pre.dataset.mode = mode;
    setText($('data-size'), data.size + ' bytes' + (data.utf8 ? '' : ', binary'));
  }

  function renderStat(stat) {
    const t = $('stat-table');
    t.replaceChildren();
    if (!stat) return;
    const rowsOf = [
      ['czxid', stat.czxid], ['mzxid', stat.mzxid], ['pzxid', stat.pzxid],
      ['ctime', readableTime(stat.ctimeText, stat.ctime)],
      ['mtime', readableTime(stat.mtimeText, stat.mtime)],
      ['version', stat.version], ['cversion', stat.cversion], ['aversion', stat.aversion],
      ['ephemeralOwner', stat.ephemeralOwner], ['dataLength', stat.dataLength], ['numChildren', stat.numChildren],
    ];
    for (const [k, v] of rowsOf) {
      const tr = element('tr');
      tr.dataset.field = k;
      tr.append(element('th', null, k), element('td', null, v));
      t.append(tr);
    }
  }

  /** "2026-12-02 18:41:28.042 UTC (3 min ago)" */
  function readableTime(iso, ms) {
    const ago = Math.max(0, Date.now() - ms) / 1000;
    const rel = ago < 90 ? Math.round(ago) + ' s ago' : ago < 5400 ? Math.round(ago / 60) + ' min ago'
      : ago < 172800 ? Math.round(ago / 3600) + ' h ago' : Math.round(ago / 86400) + ' days ago';
    return iso.replace('T', ' ').replace('Z', ' UTC') + '  (' + rel + ')';
  }

  function renderAcl(node) {
    const body = $('acl-table').querySelector('tbody');
    body.replaceChildren();
    if (!node) return;
    if (!node.acl) {
      const tr = element('tr');
      const td = element('td', null, 'ACL not readable: ' + node.aclError);
      td.colSpan = 3;
      tr.append(td);
      body.append(tr);
      return;
    }
    for (const a of node.acl) {
      const tr = element('tr');
      tr.append(element('td', null, a.scheme), element('td', null, a.id), element('td', null, a.perms));
      body.append(tr);
    }
  }

  function startEdit() {
    if (!state.node) return;
    closeForms();
    state.editing = true;
    setText($('edit-path'), state.node.path);
    $('edit-data').value = state.node.data.utf8 ? state.node.data.text : '';
    $('edit-version').value = String(state.node.stat.version);
    show($('edit-conflict'), false);
    showError($('edit-error'), null);
    show($('edit-form'), true);
    $('edit-data').focus();
  }

  async function saveEdit(ev, overwrite) {
    if (ev) ev.preventDefault();
    const path = state.selected;
    const version = overwrite ? '-1' : $('edit-version').value.trim();
    show($('edit-conflict'), false);
    showError($('edit-error'), null);
    try {
      const saved = await api('PUT', 'node', null, { path, data: $('edit-data').value, version });
      ownWrite(saved.stat.mzxid);
    } catch (e) {
      if (e.status === 409 && e.body.error === 'BadVersion') {
        setText($('edit-conflict-text'), e.message);
        show($('edit-conflict'), true);
      } else {
        showError($('edit-error'), e);
      }
      return;
    }
    closeForms();
    await openNode(path);
  }

  function startCreate() {
    closeForms();
    setText($('create-parent'), state.selected);
    $('create-name').value = '';
    $('create-data').value = '';
    showError($('create-error'), null);
    show($('create-form'), true);
    $('create-name').focus();
  }

  async function saveCreate(ev) {
    ev.preventDefault();
    const parent = state.selected;
    const name = $('create-name').value.trim();
    const mode = $('create-mode').value;
    const body = { path: join(parent, name), data: $('create-data').value, mode, acl: $('create-acl').value };
    if (mode.startsWith('ttl')) body.ttl = Number($('create-ttl').value);
    let made;
    try {
      made = await api('POST', 'node', null, body);
      ownWrite(made.stat.czxid);
    } catch (e) {
      showError($('create-error'), e);
      return;
    }
    closeForms();
    await expand(parent);
    await openNode(made.path);
  }

  function startDelete() {
    if (!state.node || state.selected === '/') return;
    closeForms();
    setText($('delete-path'), state.selected);
    $('delete-version').value = String(state.node.stat.version);
    showError($('delete-error'), null);
    show($('delete-form'), true);
  }

  async function confirmDelete(ev) {
    ev.preventDefault();
    const path = state.selected;
    try {
      await api('DELETE', 'node', { path, version: $('delete-version').value.trim() });
    } catch (e) {
      showError($('delete-error'), e);
      return;
    }
    closeForms();
    const parent = parentOf(path);
    await expand(parent);
    await openNode(parent);
  }

  // ------------------------------------------------------------------ watch events

  /** Skips the events so far: the page is about to read everything afresh. */
  async function catchUpEvents() {
    try {
      state.lastEvent = (await api('GET', 'events', { since: -1 })).last;
    } catch (e) {
      state.lastEvent = 0;
    }
  }

  async function pollEvents() {
    let res;
    try {
      res = await api('GET', 'events', { since: state.lastEvent });
    } catch (e) {
      return;
    }
    state.lastEvent = res.last;
    const reloadChildren = new Set();
    let nodeChanged = null;
    for (const ev of res.events) {
      if (ev.type === 'NodeChildrenChanged' && rows.has(ev.path) && state.open.has(ev.path)) {
        reloadChildren.add(ev.path);
      }
      if (ev.type === 'NodeDeleted' && rows.has(parentOf(ev.path))) reloadChildren.add(parentOf(ev.path));
      if (ev.path === state.selected && ev.type !== 'NodeChildrenChanged' && !state.ownWrites.has(ev.zxid)) {
        nodeChanged = ev;
      }
    }
    for (const p of reloadChildren) await expand(p);
    if (nodeChanged) {
      const b = $('node-banner');
      const what = nodeChanged.type === 'NodeDeleted' ? 'deleted' : 'changed';
      setText(b, 'This node was ' + what + ' by another client (' + nodeChanged.type + ' at zxid ' + nodeChanged.zxid + ')'
        + (state.editing ? '; your edit is still based on the old version.' : '; showing the new state.'));
      show(b, true);
      if (!state.editing) await openNode(state.selected, true);
    }
  }

  // ------------------------------------------------------------------ sessions and server

  function list(values, truncated) {
    const ul = element('ul');
    for (const v of values) ul.append(element('li', null, v));
    if (truncated) ul.append(element('li', null, '… ' + truncated + ' in all'));
    return ul;
  }

  async function refreshSessions() {
    let res;
    try {
      res = await api('GET', 'sessions');
    } catch (e) {
      setText($('sessions-note'), e.message);
      return;
    }
    setText($('sessions-note'), res.note || '');
    const body = $('sessions-table').querySelector('tbody');
    body.replaceChildren();
    for (const s of res.sessions) {
      const tr = element('tr', s.console ? 'console' : null);
      tr.dataset.session = s.sessionId;
      const eph = element('td');
      eph.append(list(s.ephemerals || [], s.ephemeralsTruncated));
      const w = element('td');
      w.append(list(s.watches || [], s.watchesTruncated));
      tr.append(element('td', null, s.sessionId),
        element('td', null, s.timeoutMs != null ? s.timeoutMs + ' ms' : '?'),
        element('td', null, s.expiresInMs != null ? s.expiresInMs + ' ms' : '?'),
        element('td', null, s.connectedHere ? 'yes' : 'no'), eph, w);
      body.append(tr);
    }
  }

  function kv(table, pairs) {
    table.replaceChildren();
    for (const [k, v] of pairs) {
      if (v === undefined) continue;
      const tr = element('tr');
      tr.dataset.field = k;
      tr.append(element('th', null, k), element('td', null, v));
      table.append(tr);
    }
  }

  async function refreshServer() {
    let res;
    try {
      res = await api('GET', 'server');
    } catch (e) {
      badge('unreachable', false);
      return;
    }
    badge(res.state + (res.serving ? '' : ' · not serving'), res.serving);
    if (state.view !== 'server') return;
    const q = res.quorum || {};
    kv($('server-table'), [['version', res.version], ['state', res.state], ['serving', String(res.serving)],
      ['zxid', res.zxid], ['client port', res.clientPort], ['TTL nodes', res.ttlEnabled ? 'enabled' : 'disabled'],
      ['peer state', q.peerState], ['quorum size', q.quorumSize], ['learners', q.leading ? q.learners : undefined],
      ['synced followers', q.leading ? q.syncedFollowers : undefined],
      ['synced observers', q.leading ? q.syncedObservers : undefined]]);
    show($('members-box'), !!res.members);
    if (res.members) {
      const body = $('members-table').querySelector('tbody');
      body.replaceChildren();
      for (const m of res.members) {
        const tr = element('tr', m.self ? 'self' : null);
        tr.append(element('td', null, m.id + (m.self ? ' (this)' : '')), element('td', null, m.type),
          element('td', null, m.address), element('td', null, m.mode || '?'), element('td', null, m.zxid || '?'),
          element('td', null, m.lag == null ? '?' : m.lag), element('td', null, m.note || ''));
        body.append(tr);
      }
      setText($('members-note'), res.membersNote);
    }
  }

  function badge(text, ok) {
    const b = $('server-badge');
    setText(b, text);
    b.classList.toggle('down', !ok);
  }

  // ------------------------------------------------------------------ charts

  const CHARTS = {
    'chart-ops': { series: [['ops/s', '#2f6f4f', (s) => s.ops]] },
    'chart-latency': { series: [['avg', '#2f6f4f', (s) => s.avgLatency], ['max', '#c9782b', (s) => s.maxLatency]] },
    'chart-outstanding': { series: [['outstanding', '#2f6f4f', (s) => s.outstanding]] },
    'chart-connections': { series: [['connections', '#2f6f4f', (s) => s.connections]] },
  };
  const KEEP = 120;

  async function pollStats() {
    let res;
    try {
      res = await api('GET', 'stats');
    } catch (e) {
      return;
    }
    if (!res.values) return;
    const v = res.values;
    const prev = state.stats[state.stats.length - 1];
    // request latency summaries (ZooKeeper's readlatency and updatelatency): count and sum give the average
    // over the last interval; without them, the server's average since its last stats reset
    const timed = 'cnt_readlatency' in v && 'sum_readlatency' in v;
    const sample = {
      t: res.timeMs, received: v.packets_received, ops: 0, avgLatency: v.avg_latency,
      maxLatency: v.max_latency, outstanding: v.outstanding_requests, connections: v.num_alive_connections,
      count: timed ? v.cnt_readlatency + (v.cnt_updatelatency || 0) : 0,
      sum: timed ? v.sum_readlatency + (v.sum_updatelatency || 0) : 0,
    };
    if (prev && res.timeMs > prev.t) {
      sample.ops = Math.max(0, (v.packets_received - prev.received) * 1000 / (res.timeMs - prev.t));
      if (timed) {
        const n = sample.count - prev.count;
        sample.avgLatency = n > 0 ? Math.max(0, (sample.sum - prev.sum) / n) : 0;
      }
    }
    $('chart-latency').dataset.interval = String(timed);
    state.stats.push(sample);
    if (state.stats.length > KEEP) state.stats.shift();
    if (state.view === 'server') drawCharts();
  }

  function drawCharts() {
    for (const [id, spec] of Object.entries(CHARTS)) drawChart($(id), spec, state.stats);
  }

  /** A round top for the y axis (at least 4, so counts get whole-number grid lines). */
  function niceMax(v) {
    v = Math.max(v, 4);
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 4, 6, 8, 10]) if (v <= m * p) return m * p;
    return 10 * p;
  }

  function drawChart(canvas, spec, samples) {
    const ratio = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || 440;
    const h = canvas.clientHeight || 180;
    if (canvas.width !== Math.round(w * ratio)) {
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
    }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    const left = 44, right = 8, top = 18, bottom = 20;
    const pw = w - left - right, ph = h - top - bottom;
    let max = 0;
    for (const s of samples) for (const [, , f] of spec.series) max = Math.max(max, f(s) || 0);
    max = niceMax(max);
    g.font = '11px system-ui, sans-serif';
    g.strokeStyle = '#e3e8e5';
    g.fillStyle = '#5f6b65';
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = top + ph - (ph * i) / 4;
      g.beginPath();
      g.moveTo(left, y + 0.5);
      g.lineTo(left + pw, y + 0.5);
      g.stroke();
      const label = (max * i) / 4;
      g.fillText(label >= 100 || Number.isInteger(label) ? String(Math.round(label)) : label.toFixed(1), 4, y + 4);
    }
    g.fillText(KEEP + ' s', left, h - 5);
    g.fillText('now', left + pw - 20, h - 5);
    let lx = left;
    spec.series.forEach(([name, color, f]) => {
      g.strokeStyle = color;
      g.lineWidth = 2;
      g.beginPath();
      samples.forEach((s, i) => {
        const x = left + pw - ((samples.length - 1 - i) * pw) / (KEEP - 1);
        const y = top + ph - ((f(s) || 0) * ph) / max;
        if (i === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      });
      g.stroke();
      const last = samples.length ? f(samples[samples.length - 1]) || 0 : 0;
      const text = name + ' ' + (Number.isInteger(last) || last >= 100 ? Math.round(last) : last.toFixed(1));
      g.fillStyle = color;
      g.fillRect(lx, 5, 10, 3);
      g.fillText(text, lx + 14, 11);
      lx += g.measureText(text).width + 30;
    });
    canvas.dataset.points = String(samples.length);
  }

  // ------------------------------------------------------------------ views and timers

  function setView(view) {
    state.view = view;
    for (const b of document.querySelectorAll('.tab')) b.classList.toggle('active', b.dataset.view === view);
    for (const v of ['tree', 'sessions', 'server']) show($('view-' + v), v === view);
    if (view === 'sessions') refreshSessions();
    if (view === 'server') {
      refreshServer();
      drawCharts();
    }
  }

  function every(ms, f) {
    let busy = false;
    setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        await f();
      } finally {
        busy = false;
      }
    }, ms);
  }

  async function start() {
    $('login-form').addEventListener('submit', login);
    $('logout-button').addEventListener('click', logout);
    for (const b of document.querySelectorAll('.tab')) b.addEventListener('click', () => setView(b.dataset.view));
    for (const b of document.querySelectorAll('.subtab')) {
      b.addEventListener('click', () => {
        state.dataMode = b.dataset.mode;
        if (state.node) renderData(state.node.data);
      });
    }
    $('tree-refresh').addEventListener('click', reloadTree);
    $('node-refresh').addEventListener('click', () => openNode(state.selected));
    $('node-edit').addEventListener('click', startEdit);
    $('edit-form').addEventListener('submit', (e) => saveEdit(e, false));
    $('edit-cancel').addEventListener('click', closeForms);
    $('edit-overwrite').addEventListener('click', () => saveEdit(null, true));
    $('edit-reload').addEventListener('click', () => { closeForms(); openNode(state.selected); });
    $('node-create').addEventListener('click', startCreate);
    $('create-form').addEventListener('submit', saveCreate);
    $('create-cancel').addEventListener('click', closeForms);
    $('create-mode').addEventListener('change', () => show($('create-ttl-label'), $('create-mode').value.startsWith('ttl')));
    $('node-delete').addEventListener('click', startDelete);
    $('delete-form').addEventListener('submit', confirmDelete);
    $('delete-cancel').addEventListener('click', closeForms);
    $('sessions-refresh').addEventListener('click', refreshSessions);

    await refreshWho();
    await catchUpEvents();
    await refreshServer();
    await reloadTree();
    await openNode('/');
    document.body.dataset.ready = 'true';
    every(1000, pollEvents);
    every(1000, pollStats);
    every(3000, async () => {
      await refreshServer();
      if (state.view === 'sessions') await refreshSessions();
    });
    pollStats();
  }

  document.addEventListener('DOMContentLoaded', start);
})();

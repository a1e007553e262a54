// The Revenant web console: plain script, no library, nothing fetched from another origin. Every call goes
// to the admin API with the sign-in cookie and the X-Revenant-Console header (which a page of another site
// cannot send), and everything shown is set as text, never as HTML.
'use strict';

const API = '/admin/api';
const $ = (id) => document.getElementById(id);
let current = 'dashboard';

async function api(method, path, body) {
  const response = await fetch(API + path, {
    method,
    credentials: 'same-origin',
    headers: Object.assign({ 'X-Revenant-Console': '1' }, body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    showSignIn('Please sign in again.');
    throw new Error('signed out');
  }
  const data = response.status === 204 ? {} : await response.json();
  if (!response.ok) {
    throw new Error(data.error || response.statusText);
  }
  return data;
}

function notice(text, error) {
  const n = $('notice');
  n.textContent = text;
  n.className = error ? 'error' : '';
  n.hidden = !text;
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '–' : String(text);
  row.appendChild(td);
  return td;
}

function button(td, label, action, danger) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (danger) {
    b.className = 'danger';
  }
  b.addEventListener('click', action);
  td.appendChild(b);
  return b;
}

function fill(tableId, rows, render) {
  const body = $(tableId).querySelector('tbody');
  body.replaceChildren();
  for (const r of rows) {
    const tr = document.createElement('tr');
    render(tr, r);
    body.appendChild(tr);
  }
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}

async function act(promise, done) {
  try {
    const result = await promise;
    notice(result.message || 'Done.');
    if (done) {
      await done();
    }
  } catch (e) {
    notice(e.message, true);
  }
}

// ---- views ----

function show(view) {
  current = view;
  notice('');
  for (const s of document.querySelectorAll('main > section')) {
    s.hidden = s.id !== view + '-view';
  }
  for (const b of document.querySelectorAll('#nav button[data-view]')) {
    b.classList.toggle('current', b.dataset.view === view);
  }
  return refresh();
}

function refresh() {
  return { dashboard, users, sessions, rooms, audit }[current]().catch((e) => notice(e.message, true));
}

async function dashboard() {
  const d = await api('GET', '/dashboard');
  $('online-now').textContent = d.now.online;
  $('logins-rate').textContent = d.now.loginsPerSecond.toFixed(2);
  $('messages-rate').textContent = d.now.messagesPerSecond.toFixed(2);
  $('failed-logins').textContent = d.now.failedLogins;
  chart(d.onlineHistory);
  fill('versions-table', Object.entries(d.clientVersions), (tr, [v, n]) => { cell(tr, v); cell(tr, n); });
  fill('busiest-table', d.busiestRooms, (tr, r) => { cell(tr, r.room); cell(tr, r.linesLastHour); });
  fill('reports-table', d.latestReports, (tr, r) => {
    cell(tr, when(r.at)); cell(tr, r.user || '(before login)'); cell(tr, r.clientVersion); cell(tr, r.text);
  });
  const health = await fetch('/health').then((r) => r.json());
  fill('health-table', Object.entries(health.checks), (tr, [name, c]) => {
    cell(tr, name);
    cell(tr, c.status + (c.reason ? ' (' + c.reason + ')' : '')).className = 'state-' + c.status;
  });
}

function chart(samples) {
  const svg = $('online-chart');
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  const label = document.createElementNS(ns, 'text');
  label.setAttribute('x', '6');
  label.setAttribute('y', '14');
  if (samples.length === 0) {
    label.textContent = 'No samples yet: one is taken every minute.';
    svg.appendChild(label);
    return;
  }
  const max = Math.max(1, ...samples.map((s) => s.online));
  const first = Date.parse(samples[0].at);
  const span = Math.max(60000, Date.parse(samples[samples.length - 1].at) - first);
  const points = samples.map((s) => {
    const x = ((Date.parse(s.at) - first) / span) * 590 + 5;
    const y = 150 - (s.online / max) * 130;
    return x.toFixed(1) + ',' + y.toFixed(1);
  });
  if (points.length === 1) {
    points.push('595,' + points[0].split(',')[1]);
  }
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', points.join(' '));
  svg.appendChild(line);
  label.textContent = 'peak ' + max + ' · from ' + when(samples[0].at);
  svg.appendChild(label);
}

async function users() {
  const q = encodeURIComponent($('user-search').value.trim());
  const d = await api('GET', '/users?search=' + q);
  fill('users-table', d.users, (tr, u) => {
    tr.dataset.user = u.username;
    cell(tr, u.username);
    cell(tr, u.displayName);
    cell(tr, u.mobile);
    cell(tr, u.online ? 'online' : 'offline');
    cell(tr, u.ban ? u.ban.reason + (u.ban.until ? ' (until ' + when(u.ban.until) + ')' : ' (until lifted)') : '');
    const actions = cell(tr, '');
    actions.textContent = '';
    if (u.ban) {
      button(actions, 'Unban', () => act(api('POST', '/users/' + encodeURIComponent(u.username) + '/unban'), users));
    } else {
      button(actions, 'Ban', () => openBan(u.username), true).className = 'danger ban';
    }
    button(actions, 'Password', () => openPassword(u.username));
    button(actions, 'Delete', () => {
      if (confirm('Delete ' + u.username + ' with their contacts and messages?')) {
        act(api('DELETE', '/users/' + encodeURIComponent(u.username)), users);
      }
    }, true);
  });
}

function openBan(user) {
  $('ban-user').textContent = user;
  $('ban-form').dataset.user = user;
  $('ban-form').hidden = false;
  $('ban-reason').focus();
}

function openPassword(user) {
  $('password-user').textContent = user;
  $('password-form').dataset.user = user;
  $('password-form').hidden = false;
}

async function sessions() {
  const q = encodeURIComponent($('session-search').value.trim());
  const d = await api('GET', '/sessions?search=' + q);
  fill('sessions-table', d.sessions, (tr, s) => {
    tr.dataset.user = s.user;
    cell(tr, s.user); cell(tr, s.protocol); cell(tr, s.transport); cell(tr, s.clientVersion);
    cell(tr, s.address); cell(tr, when(s.since)); cell(tr, s.node);
    const actions = cell(tr, '');
    actions.textContent = '';
    button(actions, 'Kick', () => act(api('POST', '/sessions/' + s.protocol + '/' + encodeURIComponent(s.user) + '/kick', {}),
        sessions), true);
  });
}

async function rooms() {
  const q = encodeURIComponent($('room-search').value.trim());
  const d = await api('GET', '/rooms?search=' + q);
  fill('rooms-table', d.rooms, (tr, r) => {
    tr.dataset.room = r.room;
    cell(tr, r.room); cell(tr, r.capacity); cell(tr, r.owner || '(official)');
    cell(tr, r.administrators.join(', ')); cell(tr, r.description);
    const actions = cell(tr, '');
    actions.textContent = '';
    button(actions, 'Edit', () => {
      $('room-name').textContent = r.room;
      $('room-form').dataset.room = r.room;
      $('room-description').value = r.description;
      $('room-capacity').value = r.capacity;
      $('room-form').hidden = false;
    });
    button(actions, 'Close', () => {
      if (confirm('Close ' + r.room + '? Its favourites and bans go with it.')) {
        act(api('DELETE', '/rooms/' + encodeURIComponent(r.room)), rooms);
      }
    }, true);
  });
}

async function audit() {
  const d = await api('GET', '/audit?limit=200');
  fill('audit-table', d.entries, (tr, e) => {
    cell(tr, when(e.at)); cell(tr, e.who); cell(tr, e.from); cell(tr, e.action); cell(tr, e.target); cell(tr, e.outcome);
  });
}

// ---- signing in and out ----

function showSignIn(text) {
  $('nav').hidden = true;
  for (const s of document.querySelectorAll('main > section')) {
    s.hidden = s.id !== 'sign-in-view';
  }
  notice(text || '', Boolean(text));
}

async function signIn(event) {
  event.preventDefault();
  const response = await fetch('/admin/sign-in', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: $('token').value, operator: $('operator').value }),
  });
  $('token').value = '';
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    notice(data.error || 'Sign-in refused.', true);
    return;
  }
  notice('');
  $('nav').hidden = false;
  await show('dashboard');
}

function wire() {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', async () => {
    await fetch('/admin/sign-out', { method: 'POST', credentials: 'same-origin' });
    showSignIn('Signed out.');
  });
  for (const b of document.querySelectorAll('#nav button[data-view]')) {
    b.addEventListener('click', () => show(b.dataset.view));
  }
  for (const [form, view] of [['user-search-form', users], ['session-search-form', sessions], ['room-search-form', rooms]]) {
    $(form).addEventListener('submit', (e) => { e.preventDefault(); view(); });
  }
  for (const c of document.querySelectorAll('.panel .cancel')) {
    c.addEventListener('click', () => { c.closest('form').hidden = true; });
  }
  $('ban-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const user = $('ban-form').dataset.user;
    $('ban-form').hidden = true;
    act(api('POST', '/users/' + encodeURIComponent(user) + '/ban',
        { reason: $('ban-reason').value, duration: $('ban-duration').value }), users);
  });
  $('password-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const user = $('password-form').dataset.user;
    $('password-form').hidden = true;
    act(api('POST', '/users/' + encodeURIComponent(user) + '/password', { password: $('new-password').value }), users);
    $('new-password').value = '';
  });
  $('add-user-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act(api('POST', '/users', { username: $('add-username').value, password: $('add-password').value,
      displayName: $('add-display').value || null }), users);
    $('add-password').value = '';
  });
  $('room-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const room = $('room-form').dataset.room;
    const change = { description: $('room-description').value, capacity: Number($('room-capacity').value) };
    if ($('room-add-admin').value.trim()) {
      change.addAdministrators = [$('room-add-admin').value.trim()];
    }
    if ($('room-remove-admin').value.trim()) {
      change.removeAdministrators = [$('room-remove-admin').value.trim()];
    }
    $('room-form').hidden = true;
    act(api('PATCH', '/rooms/' + encodeURIComponent(room), change), rooms);
  });
  $('add-room-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act(api('POST', '/rooms', { name: $('add-room-name').value, description: $('add-room-description').value,
      capacity: Number($('add-room-capacity').value) }), rooms);
  });
  // already signed in (a reload): the API answers; otherwise the sign-in form stays
  api('GET', '/dashboard').then(() => { $('nav').hidden = false; show('dashboard'); }).catch(() => showSignIn(''));
}

document.addEventListener('DOMContentLoaded', wire);

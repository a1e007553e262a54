// The web chat client: the screens, over the mig33 packets of ./mig33.js. Everything the page shows of a
// user's text is set as text (never as HTML); the password goes into the login proof and nowhere else.

import { Connection, T, PRESENCE, DESTINATION, CONTENT, MESSAGE_TYPE, ServerError, login, base64, names } from './mig33.js';
import { History } from './history.js';

const $ = (id) => document.getElementById(id);
const PRESENCE_NAMES = { 1: 'available', 2: 'roaming', 3: 'busy', 4: 'away', 99: 'offline' };
/** The username last logged in with, to fill the form after a reload (this tab only). */
const LAST_USER = 'revenant.chat.user';

let conn = null;
let me = null;
let history = null;
/** The conversation on screen, by its History id, or null. */
let open = null;
/** The contact list: groups by id, contacts by username, and the receiver's contact ids to usernames. */
let groups = new Map();
let contacts = new Map();
let contactIds = new Map();
/** Why the server ended the session, said once the connection closes. */
let endedBecause = null;

// ---- small helpers ----

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** Shows a line at the top: a server's ERROR (red) or news (blue). */
function notice(text, error = true) {
  const n = $('notice');
  n.textContent = text;
  n.className = error ? 'error' : 'info';
  n.hidden = false;
}

/** Runs a request's follow-up, showing the server's refusal (or a lost connection) instead of failing quietly. */
async function guarded(work) {
  try {
    return await work();
  } catch (e) {
    notice(e instanceof ServerError ? e.message : (e && e.message) || String(e));
    return undefined;
  }
}

function time(at) {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Stored pictures are shown from this page's own origin: the path of the URL the server handed out. */
function filePath(url) {
  try {
    const path = new URL(url, location.href).pathname;
    const token = path.split('/').pop();
    return /^[A-Za-z0-9]+$/.test(token) ? '/files/' + token : null;
  } catch {
    return null;
  }
}

const idOf = {
  user: (name) => 'u:' + name.toLowerCase(),
  room: (name) => 'r:' + name.toLowerCase(),
  groupChat: (id) => 'g:' + id,
};

// ---- logging in and out ----

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const username = $('username').value.trim().toLowerCase();
  const password = $('password').value;
  $('log-in').disabled = true;
  $('notice').hidden = true;
  const c = new Connection();
  endedBecause = null;
  // ready before the first push, which may follow LOGIN_OK at once
  me = username;
  history = new History(username);
  c.onPush = push;
  c.onClose = () => closed(c);
  try {
    await login(c, username, password);
  } catch (err) {
    c.close();
    notice(err.message);
    $('log-in').disabled = false;
    return;
  } finally {
    $('password').value = '';
  }
  conn = c;
  sessionStorage.setItem(LAST_USER, username);
  conn.keepAlive();
  showChat();
  // what waited for this user (offline messages, files, requests) arrives after the first contact list
  await guarded(loadContacts);
  await guarded(loadRequests);
  await rejoin();
});

/**
 * A new session is in no room and no group chat. The rooms of the conversations this tab kept (a reload)
 * are joined again; a group chat cannot be, so its conversation goes.
 */
async function rejoin() {
  for (const [id, c] of Object.entries(history.conversations)) {
    if (c.kind === 'g') {
      history.forget(id);
    } else if (c.kind === 'r') {
      try {
        await conn.request(T.JOIN_CHATROOM, { 1: c.title });
      } catch (err) {
        say(id, { kind: 'notice', text: 'You are not in this room: ' + err.message });
      }
    }
  }
  renderChats();
}

function closed(c) {
  if (c !== conn) return; // a failed login's connection
  conn = null;
  document.body.classList.remove('logged-in', 'conversation-open');
  $('log-in').disabled = false;
  $('chat-view').hidden = true;
  $('me').hidden = true;
  $('login-view').hidden = false;
  notice(endedBecause || 'You are logged out: the connection to the server closed.');
}

$('log-out').addEventListener('click', () => {
  if (!conn) return;
  endedBecause = 'You have logged out.';
  conn.send(T.LOGOUT);
  conn.close();
});

function showChat() {
  document.body.classList.add('logged-in');
  $('login-view').hidden = true;
  $('chat-view').hidden = false;
  $('me').hidden = false;
  $('me-name').textContent = me;
  $('my-presence').value = '1'; // every login starts available
  open = null;
  groups = new Map();
  contacts = new Map();
  contactIds = new Map();
  $('request-list').replaceChildren();
  $('requests').hidden = true;
  showConversation(null);
  renderContacts();
  renderChats();
}

// ---- registering (REGISTRATION 101 → the captcha 102 → REGISTRATION_RESPONSE 103) ----

let registration = null;

$('show-register').addEventListener('click', () => guarded(startRegistration));
$('show-login').addEventListener('click', () => {
  registration?.connection.close();
  registration = null;
  $('register-form').hidden = true;
  $('login-form').hidden = false;
});

async function startRegistration() {
  $('login-form').hidden = true;
  $('register-form').hidden = false;
  $('notice').hidden = true;
  const c = new Connection();
  registration = { connection: c, captchaId: '' };
  // the server closes a connection that does not log in within mig33.loginTimeout: its captcha goes with it
  c.onClose = () => {
    if (registration?.connection !== c) return;
    registration.expired = true;
    if (!$('register-form').hidden) notice('The picture expired: press Register for a new one.');
  };
  await c.opened;
  showCaptcha(await c.request(T.REGISTRATION, { 1: screen.width, 2: screen.height, 3: 16 }));
}

function showCaptcha(packet) {
  registration.captchaId = packet.F['2'] || '';
  $('captcha').src = 'data:image/png;base64,' + (packet.F['3'] || '');
  $('captcha-answer').value = '';
}

$('register-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!registration || registration.expired) {
    await guarded(startRegistration);
    notice('Type the letters of the new picture.', false);
    return;
  }
  const username = $('reg-username').value.trim().toLowerCase();
  const fields = {
    1: username, 2: $('reg-password').value, 4: registration.captchaId, 5: $('captcha-answer').value.trim(),
  };
  const mobile = $('reg-mobile').value.trim();
  if (mobile) fields[3] = mobile;
  try {
    const ok = await registration.connection.request(T.REGISTRATION_RESPONSE, fields);
    registration.connection.close();
    registration = null;
    $('reg-password').value = '';
    $('register-form').hidden = true;
    $('login-form').hidden = false;
    $('username').value = username;
    notice(ok.F['1'] || 'Registered: you can log in now.', false);
  } catch (err) {
    notice(err.message);
    // a refused registration brings a new picture to type
    if (err instanceof ServerError && err.packet.T === T.REGISTRATION_ERROR) showCaptcha(err.packet);
  }
});

// ---- the contact list ----

async function loadContacts() {
  const answer = await conn.request(T.GET_CONTACTS);
  groups = new Map();
  contacts = new Map();
  contactIds = new Map();
  for (const p of answer) {
    if (p.T === T.GROUP) groups.set(p.F['1'], p.F['2']);
    if (p.T === T.CONTACT) addContact(p);
  }
  renderContacts();
}

function addContact(p) {
  const username = (p.F['12'] || '').toLowerCase();
  if (!username) return;
  contacts.set(username, {
    id: p.F['1'], group: p.F['2'], username, display: p.F['3'] || username,
    presence: p.F['13'] || PRESENCE.OFFLINE, status: p.F['27'] || '',
  });
  contactIds.set(p.F['1'], username);
}

function renderContacts() {
  const box = $('contacts');
  box.replaceChildren();
  const byGroup = new Map([...groups.keys()].map((g) => [g, []]));
  for (const c of contacts.values()) {
    if (!byGroup.has(c.group)) byGroup.set(c.group, []);
    byGroup.get(c.group).push(c);
  }
  for (const [group, members] of byGroup) {
    members.sort((a, b) => (a.presence === PRESENCE.OFFLINE) - (b.presence === PRESENCE.OFFLINE)
      || a.display.localeCompare(b.display));
    const list = el('ul');
    for (const c of members) {
      const unread = history?.conversations[idOf.user(c.username)]?.unread || 0;
      list.append(el('li', {
        class: 'contact' + (open === idOf.user(c.username) ? ' current' : ''),
        dataset: { user: c.username, presence: PRESENCE_NAMES[c.presence] || 'available' },
        onclick: () => openConversation(idOf.user(c.username), c.display),
      },
      el('span', { class: 'dot', title: PRESENCE_NAMES[c.presence] || '' }),
      el('span', { class: 'name', textContent: c.display }),
      unread ? el('span', { class: 'unread', textContent: String(unread) }) : null,
      el('span', { class: 'status', textContent: c.status })));
    }
    box.append(el('section', { class: 'group', dataset: { group: String(group) } },
      el('h3', { textContent: groups.get(group) || 'Contacts' }), list));
  }
  if (!contacts.size) box.append(el('p', { class: 'hint', textContent: 'No contacts yet: add one below.' }));
}

$('add-contact-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('add-contact-name').value.trim().toLowerCase();
  guarded(async () => {
    const answer = await conn.request(T.ADD_CONTACT, { 12: name });
    if (answer.T === T.CONTACT) addContact(answer);
    renderContacts();
    $('add-contact-name').value = '';
    notice(name + ' is on your list; they see your presence once they accept your request.', false);
  });
});

// ---- contact requests ----

async function loadRequests() {
  const answer = await conn.request(T.GET_CONTACT_REQUESTS);
  $('request-list').replaceChildren();
  for (const p of answer) if (p.T === T.CONTACT_REQUEST) showRequest(p.F['1']);
  $('requests').hidden = !$('request-list').children.length;
}

function showRequest(username) {
  const list = $('request-list');
  if (!username || list.querySelector(`li[data-user="${CSS.escape(username)}"]`)) return;
  const answer = (accepted) => guarded(async () => {
    if (accepted) {
      await conn.request(T.ACCEPT_CONTACT_REQUEST, { 1: username, 2: true, 3: 0 });
    } else {
      await conn.request(T.REJECT_CONTACT_REQUEST, { 1: username, 2: 0 });
    }
    item.remove();
    $('requests').hidden = !list.children.length;
    if (accepted) await loadContacts();
  });
  const item = el('li', { dataset: { user: username } },
    el('span', { class: 'name', textContent: username + ' wants to add you' }),
    el('button', { type: 'button', class: 'accept', textContent: 'Accept', onclick: () => answer(true) }),
    el('button', { type: 'button', class: 'reject', textContent: 'Reject', onclick: () => answer(false) }));
  list.append(item);
  $('requests').hidden = false;
}

// ---- own presence and status message ----

$('my-presence').addEventListener('change', () => guarded(() => conn.request(T.SET_PRESENCE, { 1: Number($('my-presence').value) })));

$('status-form').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(async () => {
    await conn.request(T.SET_STATUS_MESSAGE, { 1: $('my-status').value.trim() });
    notice('Your status message is set.', false);
  });
});

// ---- what the server pushes ----

function push(p) {
  const f = p.F;
  switch (p.T) {
    case T.MESSAGE: return incoming(p);
    case T.PRESENCE: return changeContact(f['1'], (c) => { c.presence = f['2']; });
    case T.STATUS_MESSAGE: return changeContact(f['1'], (c) => { c.status = f['2'] || ''; });
    case T.CONTACT: addContact(p); return renderContacts();
    case T.GROUP: groups.set(f['1'], f['2']); return renderContacts();
    case T.CONTACT_REQUEST: return showRequest(f['1']);
    // newer clients are told of waiting requests by a notification, and fetch them
    case T.NOTIFICATION: return guarded(loadRequests);
    case T.FILE_RECEIVED: {
      const from = (f['2'] || '').toLowerCase();
      return say(idOf.user(from), { from, kind: 'picture', src: filePath(f['5'] || ''), text: f['4'] || '' }, from);
    }
    case T.GROUP_CHAT: return joinedGroupChat(f['1'], f['2']);
    case T.GROUP_CHAT_USER_STATUS: {
      const id = idOf.groupChat(f['2']);
      say(id, { kind: 'notice', text: f['3'] + (f['1'] === 1 ? ' has joined' : ' has left') });
      if (open === id) return guarded(showParticipants);
      return undefined;
    }
    case T.ALERT: return notice((f['4'] ? f['4'] + ': ' : '') + (f['2'] || ''), f['1'] === 3);
    case T.SESSION_TERMINATED: endedBecause = f['1'] || 'The server ended your session.'; return undefined;
    default: return undefined; // PONG and what this client does not show
  }
}

function changeContact(contactId, change) {
  const c = contacts.get(contactIds.get(contactId));
  if (!c) return;
  change(c);
  renderContacts();
}

/** An incoming MESSAGE: private (source: the sender), a group chat's or a room's (destination: the chat). */
function incoming(p) {
  const f = p.F;
  const from = (f['2'] || '').toLowerCase();
  const line = { from, text: f['8'] || '', at: f['16'] || Date.now(), offline: f['1'] === MESSAGE_TYPE.OFFLINE };
  if (f['3'] === DESTINATION.CHAT_ROOM) {
    const room = f['4'] || '';
    const id = idOf.room(room);
    // the room's own lines (welcome, who entered or left) come from the room's name
    if (from === room.toLowerCase()) {
      say(id, { kind: 'notice', text: line.text }, room);
      if (open === id) guarded(showParticipants);
      return;
    }
    say(id, line, room);
  } else if (f['3'] === DESTINATION.GROUP_CHAT) {
    say(idOf.groupChat(f['4']), line);
  } else {
    say(idOf.user(from), line, contacts.get(from)?.display || from);
  }
}

/** Adds a line to a conversation, and shows it if the conversation is open. */
function say(id, line, title) {
  line.at = line.at || Date.now();
  line.kind = line.kind || 'text';
  if (!history.conversations[id]) history.conversation(id, title);
  history.add(id, line, open !== id && line.kind !== 'notice');
  if (open === id) {
    $('messages').append(lineItem(line));
    scrollDown();
  }
  if (id[0] === 'u') renderContacts();
  renderChats();
}

// ---- conversations ----

/** The chats that are not a contact's: rooms, group chats, and private chats with people not on the list. */
function renderChats() {
  const list = $('chats');
  list.replaceChildren();
  for (const [id, c] of Object.entries(history?.conversations || {})) {
    if (id[0] === 'u' && contacts.has(c.name)) continue;
    list.append(el('li', {
      class: 'chat' + (open === id ? ' current' : ''), dataset: { chat: id },
      onclick: () => openConversation(id),
    }, el('span', { class: 'kind', textContent: { u: '', r: '#', g: '+' }[c.kind] }),
    el('span', { class: 'name', textContent: c.title }),
    c.unread ? el('span', { class: 'unread', textContent: String(c.unread) }) : null));
  }
}

function openConversation(id, title) {
  history.conversation(id, title);
  history.read(id);
  showConversation(id);
  renderContacts();
  renderChats();
}

function showConversation(id) {
  open = id;
  document.body.classList.toggle('conversation-open', !!id);
  $('conversation').hidden = !id;
  $('nothing-open').hidden = !!id;
  if (!id) return;
  const c = history.conversations[id];
  $('conversation').dataset.chat = id;
  $('conversation-title').textContent = c.kind === 'r' ? '# ' + c.title : c.title;
  $('start-group-chat').hidden = c.kind !== 'u';
  $('leave').hidden = c.kind === 'u';
  $('picture-button').hidden = c.kind !== 'u'; // the server takes pictures to one person only
  $('participants-panel').hidden = c.kind === 'u';
  $('invite-form').hidden = c.kind !== 'g';
  $('participants').replaceChildren();
  $('messages').replaceChildren(...c.lines.map(lineItem));
  scrollDown();
  if (c.kind !== 'u') guarded(showParticipants);
  $('compose-text').focus();
}

$('back').addEventListener('click', () => { showConversation(null); renderContacts(); renderChats(); });

function scrollDown() {
  const m = $('messages');
  m.scrollTop = m.scrollHeight;
}

function lineItem(line) {
  const item = el('li', { class: 'message ' + line.kind + (line.mine ? ' mine' : '') + (line.offline ? ' offline' : '') },
    el('time', { textContent: time(line.at) }));
  if (line.kind === 'notice') {
    item.append(el('span', { class: 'text', textContent: line.text }));
    return item;
  }
  item.append(el('span', { class: 'from', textContent: line.mine ? 'you' : line.from }));
  if (line.kind === 'picture') {
    if (line.src) {
      item.append(el('img', { src: line.src, alt: 'a picture from ' + (line.mine ? 'you' : line.from), title: line.text }));
    }
    else item.append(el('span', { class: 'text', textContent: line.text }));
  } else {
    item.append(el('span', { class: 'text', textContent: line.text }));
  }
  if (line.offline) item.append(el('span', { class: 'tag', textContent: 'sent while you were away' }));
  return item;
}

/** A conversation's MESSAGE destination: its type and name (spec §6). */
function destination(id) {
  const c = history.conversations[id];
  return { u: [DESTINATION.PRIVATE, c.name], r: [DESTINATION.CHAT_ROOM, c.title], g: [DESTINATION.GROUP_CHAT, c.name] }[c.kind];
}

$('compose').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('compose-text').value;
  const id = open;
  if (!text.trim() || !id) return;
  const [type, to] = destination(id);
  // shown at once, in the order typed (the answer may come after the other side's reply); a refusal follows it
  say(id, { from: me, mine: true, text });
  $('compose-text').value = '';
  guarded(async () => {
    try {
      await conn.request(T.MESSAGE, { 1: MESSAGE_TYPE.MIG33, 3: type, 4: to, 6: CONTENT.TEXT, 8: text });
    } catch (err) {
      say(id, { kind: 'notice', text: 'Not sent: ' + err.message });
      throw err;
    }
  });
});

// a picture to one contact: MESSAGE with content type 2 and the file's bytes (base64 in the JSON form)
$('picture-input').addEventListener('change', () => {
  const file = $('picture-input').files[0];
  const id = open;
  $('picture-input').value = '';
  if (!file || !id) return;
  // the server's mig33.maxUploadBytes, which the page carries: a larger file is refused here, before it is sent
  const most = Number(document.querySelector('meta[name=max-upload-bytes]')?.content);
  if (most > 0 && file.size > most) {
    notice('That picture is too large (' + Math.ceil(file.size / 1024) + ' KB): at most ' + Math.floor(most / 1024)
      + ' KB is accepted.');
    return;
  }
  const [, to] = destination(id);
  guarded(async () => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const data = base64(bytes);
    await conn.request(T.MESSAGE, { 1: MESSAGE_TYPE.MIG33, 3: DESTINATION.PRIVATE, 4: to, 6: CONTENT.IMAGE, 8: data });
    // shown from the bytes sent; the history keeps only a mention (see History.save)
    say(id, { from: me, mine: true, kind: 'picture', src: 'data:' + file.type + ';base64,' + data,
      text: 'You sent a picture (' + Math.ceil(bytes.length / 1024) + ' KB)' });
  });
});

// ---- group chats ----

$('start-group-chat').addEventListener('click', () => {
  const [, with_] = destination(open);
  guarded(async () => {
    const answer = await conn.request(T.CREATE_GROUP_CHAT, { 2: with_, 3: 1 });
    joinedGroupChat(answer.F['1'], answer.F['2'] || me);
    openConversation(idOf.groupChat(answer.F['1']));
  });
});

function joinedGroupChat(chatId, creator) {
  const id = idOf.groupChat(chatId);
  const title = 'Group chat of ' + creator;
  history.conversation(id, title);
  say(id, { kind: 'notice', text: creator === me ? 'You started a group chat' : creator + ' added you to a group chat' }, title);
}

$('invite-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const [, chatId] = destination(open);
  const name = $('invite-name').value.trim().toLowerCase();
  guarded(async () => {
    await conn.request(T.GROUP_CHAT_INVITE, { 1: chatId, 2: name, 3: 1 });
    $('invite-name').value = '';
  });
});

// ---- chat rooms ----

document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => {
  document.querySelectorAll('#tabs button').forEach((x) => x.classList.toggle('current', x === b));
  $('contacts-tab').hidden = b.dataset.tab !== 'contacts';
  $('rooms-tab').hidden = b.dataset.tab !== 'rooms';
  if (b.dataset.tab === 'rooms') guarded(loadCategories);
}));

async function loadCategories() {
  const answer = await conn.request(T.GET_CHATROOM_CATEGORIES);
  $('room-categories').replaceChildren(...answer.filter((p) => p.T === T.CHATROOM_CATEGORY).map((p) =>
    el('button', { type: 'button', dataset: { category: String(p.F['1']) }, textContent: p.F['2'],
      onclick: () => guarded(async () => {
        const rooms = await conn.request(T.GET_CATEGORIZED_CHATROOMS, { 1: p.F['1'], 2: true });
        showRooms(rooms, rooms.at(-1).F['1']);
      }) })));
}

$('room-search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(async () => {
    const rooms = await conn.request(T.GET_CHATROOMS, { 1: $('room-search').value.trim(), 2: 1 });
    showRooms(rooms, rooms.at(-1).F['2']);
  });
});

function showRooms(answer, info) {
  $('room-list').replaceChildren(...answer.filter((p) => p.T === T.CHATROOM).map((p) =>
    el('li', { class: 'room', dataset: { room: p.F['1'] } },
      el('span', { class: 'name', textContent: p.F['1'] }),
      el('span', { class: 'size', textContent: (p.F['4'] || 0) + '/' + (p.F['3'] || 0) }),
      el('span', { class: 'description', textContent: p.F['2'] || '' }),
      el('button', { type: 'button', class: 'join', textContent: 'Join', onclick: () => guarded(() => joinRoom(p.F['1'])) }))));
  $('room-info').textContent = info || '';
}

async function joinRoom(name) {
  const answer = await conn.request(T.JOIN_CHATROOM, { 1: name });
  const room = answer.T === T.CHATROOM ? answer.F['1'] : name;
  openConversation(idOf.room(room), room);
}

async function showParticipants() {
  const id = open;
  const c = history.conversations[id];
  if (!c || c.kind === 'u') return;
  let people;
  let administrators = [];
  if (c.kind === 'r') {
    const answer = await conn.request(T.GET_CHATROOM_PARTICIPANTS, { 1: c.title });
    people = names(answer.F['2']);
    administrators = names(answer.F['3']);
  } else {
    const answer = await conn.request(T.GET_GROUP_CHAT_PARTICIPANTS, { 1: c.name, 2: 1 });
    people = names(answer.F['2']);
  }
  if (open !== id) return;
  $('participants').replaceChildren(...people.map((name) => el('li', { dataset: { user: name } },
    el('span', { class: 'name', textContent: name + (administrators.includes(name) ? ' (admin)' : '') }),
    // a vote against an administrator or oneself is refused: no button for it
    c.kind === 'r' && name.toLowerCase() !== me && !administrators.includes(name)
      ? el('button', { type: 'button', class: 'kick', textContent: 'Vote to kick', title: 'The room decides by majority',
        onclick: () => guarded(async () => {
          const ok = await conn.request(T.KICK_CHATROOM_PARTICIPANT, { 1: c.title, 2: name });
          notice(ok.F['1'] || 'Vote counted', false);
        }) })
      : null)));
}

$('leave').addEventListener('click', () => {
  const id = open;
  const c = history.conversations[id];
  // the conversation goes whatever the answer: a room one was kicked out of answers "You are not in it"
  history.forget(id);
  showConversation(null);
  renderChats();
  guarded(() => (c.kind === 'r' ? conn.request(T.LEAVE_CHATROOM, { 1: c.title })
    : conn.request(T.LEAVE_GROUP_CHAT, { 1: c.name, 2: 1 })));
});

// ---- start ----

$('notice').addEventListener('click', () => { $('notice').hidden = true; });

$('username').value = sessionStorage.getItem(LAST_USER) || '';

// mig33 over the WebSocket at /mig33/ws: one packet per text frame in the original's JSON form,
// {"T": packet type, "I": transaction id, "F": {"field id": value}} ("F" left out when there are no
// fields; a frame from the server may hold an array of packets). Numbers are numbers, bools true/false,
// strings strings, bytes base64, string lists JSON arrays. Packet types and fields: spec §9.

export const T = Object.freeze({
  ERROR: 0, OK: 1, PING: 2, PONG: 3, ALERT: 5, NOTIFICATION: 14,
  REGISTRATION: 101, REGISTRATION_CHALLENGE: 102, REGISTRATION_RESPONSE: 103, REGISTRATION_ERROR: 104,
  LOGIN: 200, LOGIN_CHALLENGE: 201, LOGIN_RESPONSE: 202, LOGIN_OK: 203, LOGOUT: 300, SESSION_TERMINATED: 301,
  GET_CONTACTS: 400, GROUP: 401, CONTACT: 402, GET_CONTACTS_COMPLETE: 403, PRESENCE: 404, ADD_CONTACT: 405,
  REMOVE_CONTACT: 406, CONTACT_REQUEST: 412, ACCEPT_CONTACT_REQUEST: 413, REJECT_CONTACT_REQUEST: 414,
  STATUS_MESSAGE: 421, DISPLAY_PICTURE: 423, GET_CONTACT_REQUESTS: 425,
  MESSAGE: 500, FILE_RECEIVED: 502, UPLOAD_FILE: 504, SET_PRESENCE: 600, SET_STATUS_MESSAGE: 601,
  GET_CHATROOMS: 700, CHATROOM: 701, GET_CHATROOMS_COMPLETE: 702, JOIN_CHATROOM: 703, LEAVE_CHATROOM: 704,
  KICK_CHATROOM_PARTICIPANT: 706, GET_CHATROOM_PARTICIPANTS: 707, CHATROOM_PARTICIPANTS: 708,
  GET_CHATROOM_CATEGORIES: 713, CHATROOM_CATEGORY: 714, GET_CHATROOM_CATEGORIES_COMPLETE: 715,
  GET_CATEGORIZED_CHATROOMS: 716, GET_CATEGORIZED_CHATROOMS_COMPLETE: 717,
  GROUP_CHAT: 750, CREATE_GROUP_CHAT: 751, GROUP_CHAT_INVITE: 752, LEAVE_GROUP_CHAT: 753,
  GET_GROUP_CHAT_PARTICIPANTS: 754, GROUP_CHAT_PARTICIPANTS: 755, GROUP_CHAT_USER_STATUS: 756,
});

/** Spec §7. */
export const PRESENCE = Object.freeze({ AVAILABLE: 1, ROAMING: 2, BUSY: 3, AWAY: 4, OFFLINE: 99 });
export const DESTINATION = Object.freeze({ PRIVATE: 1, GROUP_CHAT: 2, CHAT_ROOM: 3 });
export const CONTENT = Object.freeze({ TEXT: 1, IMAGE: 2, EXISTING_FILE: 5 });
export const MESSAGE_TYPE = Object.freeze({ MIG33: 1, OFFLINE: 9 });

/** How this client introduces itself in LOGIN: AJAX2 (spec §7) ... */
const CLIENT_TYPE = 16;
/** ... at a version the default mig33.loginProofs asks the SHA-1 proof of (500-), not the forgeable hash. */
export const CLIENT_VERSION = 500;

/** The request types answered by several packets, and the packet type that ends each answer. */
const LAST_OF = new Map([
  [T.GET_CONTACTS, T.GET_CONTACTS_COMPLETE],
  [T.GET_CONTACT_REQUESTS, T.OK],
  [T.GET_CHATROOMS, T.GET_CHATROOMS_COMPLETE],
  [T.GET_CHATROOM_CATEGORIES, T.GET_CHATROOM_CATEGORIES_COMPLETE],
  [T.GET_CATEGORIZED_CHATROOMS, T.GET_CATEGORIZED_CHATROOMS_COMPLETE],
]);

/** An answer the server refused: its ERROR's (or REGISTRATION_ERROR's) description, and the packet. */
export class ServerError extends Error {
  constructor(packet) {
    super(packet.F?.[packet.T === T.REGISTRATION_ERROR ? '1' : '2'] || 'The server refused (no reason given)');
    this.packet = packet;
  }
}

/**
 * One connection to the server: requests answered by promises (matched by transaction id, as every reply
 * carries its request's), pushes (transaction id 0) handed to {@code onPush}.
 */
export class Connection {
  constructor(url = wsUrl()) {
    this.socket = new WebSocket(url);
    this.txn = 0;
    this.waiting = new Map();
    this.onPush = () => {};
    this.onClose = () => {};
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', resolve, { once: true });
      this.socket.addEventListener('error', () => reject(new Error('Cannot reach the server')), { once: true });
    });
    this.socket.addEventListener('message', (e) => this.received(e.data));
    this.socket.addEventListener('close', (e) => {
      clearInterval(this.pinger);
      const gone = new Error('The connection to the server was closed');
      for (const w of this.waiting.values()) w.reject(gone);
      this.waiting.clear();
      this.onClose(e);
    });
  }

  received(text) {
    let packets;
    try {
      packets = JSON.parse(text);
    } catch {
      return; // the server sends JSON only; anything else cannot be acted on
    }
    for (const p of Array.isArray(packets) ? packets : [packets]) {
      p.F = p.F || {};
      const w = p.I ? this.waiting.get(p.I) : undefined;
      if (!w) {
        this.onPush(p);
        continue;
      }
      if (p.T === T.ERROR || p.T === T.REGISTRATION_ERROR) {
        this.waiting.delete(p.I);
        w.reject(new ServerError(p));
      } else if (w.last === undefined) {
        this.waiting.delete(p.I);
        w.resolve(p);
      } else {
        w.packets.push(p);
        if (p.T === w.last) {
          this.waiting.delete(p.I);
          w.resolve(w.packets);
        }
      }
    }
  }

  /** Sends a request; resolves with its answer (a list through the terminator, for lists), rejects with its ERROR. */
  request(type, fields = {}) {
    if (this.socket.readyState !== WebSocket.OPEN) {
      // a closed socket drops what is sent without a word: the answer would never come
      return Promise.reject(new Error('Not connected to the server'));
    }
    const packet = this.packet(type, fields);
    return new Promise((resolve, reject) => {
      this.waiting.set(packet.I, { resolve, reject, last: LAST_OF.get(type), packets: [] });
      this.socket.send(JSON.stringify(packet));
    });
  }

  /** Sends a request that has no answer (LOGOUT). */
  send(type, fields = {}) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(this.packet(type, fields)));
  }

  packet(type, fields) {
    this.txn = this.txn % 0xFFFF + 1; // 1, 2, 3 ... as real clients count; 0 is the pushes'
    const packet = { T: type, I: this.txn };
    if (Object.keys(fields).length) packet.F = fields;
    return packet;
  }

  /** Keeps the session alive: clients PING about once a minute (the server ends silent sessions). */
  keepAlive(everyMillis = 60000) {
    this.pinger = setInterval(() => this.request(T.PING).catch(() => {}), everyMillis);
  }

  close() {
    this.socket.close();
  }
}

/** The WebSocket on the page's own origin (ws: or wss: as the page came). */
export function wsUrl() {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/mig33/ws';
}

/**
 * Logs in (spec §4): LOGIN, the challenge, LOGIN_RESPONSE with the password's proof. Resolves with LOGIN_OK.
 * The password is used for the proof only and kept nowhere.
 */
export async function login(connection, username, password, presence = PRESENCE.AVAILABLE) {
  await connection.opened;
  const challenge = await connection.request(T.LOGIN, {
    1: 1, 2: CLIENT_TYPE, 3: CLIENT_VERSION, 5: username, 7: 'Revenant web chat', 8: navigator.userAgent.slice(0, 100),
    9: presence, 15: navigator.language || 'en',
  });
  const proof = await sha1Fold(challenge.F['1'] + password);
  return connection.request(T.LOGIN_RESPONSE, { 1: proof });
}

/** SHA-1 of the text's UTF-8 bytes, its five big-endian 32-bit words XORed (spec §4.4: newer clients' proof). */
export async function sha1Fold(text) {
  const bytes = new TextEncoder().encode(text);
  // WebCrypto exists only in secure contexts (https, localhost): a server reached over plain http elsewhere
  // gets the same digest from the small implementation below
  const digest = globalThis.crypto?.subtle ? new Uint8Array(await crypto.subtle.digest('SHA-1', bytes)) : sha1(bytes);
  const view = new DataView(digest.buffer);
  let folded = 0;
  for (let i = 0; i < 20; i += 4) folded ^= view.getInt32(i);
  return folded;
}

/** SHA-1 (FIPS 180-4), for pages without WebCrypto. */
export function sha1(bytes) {
  const length = bytes.length;
  const blocks = ((length + 8) >> 6) + 1;
  const words = new Uint32Array(blocks * 16);
  for (let i = 0; i < length; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
  words[length >> 2] |= 0x80 << (24 - (length % 4) * 8);
  words[blocks * 16 - 1] = length * 8; // messages here are far below 2^29 bytes
  const h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
  const w = new Uint32Array(80);
  for (let b = 0; b < blocks; b++) {
    for (let t = 0; t < 80; t++) {
      w[t] = t < 16 ? words[b * 16 + t] : rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    }
    let [a, bb, c, d, e] = h;
    for (let t = 0; t < 80; t++) {
      const f = t < 20 ? (bb & c) | (~bb & d) : t < 40 ? bb ^ c ^ d : t < 60 ? (bb & c) | (bb & d) | (c & d) : bb ^ c ^ d;
      const k = t < 20 ? 0x5A827999 : t < 40 ? 0x6ED9EBA1 : t < 60 ? 0x8F1BBCDC : 0xCA62C1D6;
      const next = (rotl(a, 5) + f + e + k + w[t]) >>> 0;
      e = d; d = c; c = rotl(bb, 30); bb = a; a = next;
    }
    h[0] = (h[0] + a) >>> 0; h[1] = (h[1] + bb) >>> 0; h[2] = (h[2] + c) >>> 0; h[3] = (h[3] + d) >>> 0; h[4] = (h[4] + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const view = new DataView(out.buffer);
  h.forEach((v, i) => view.setUint32(i * 4, v));
  return out;
}

function rotl(x, n) {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

/** Bytes as base64, the JSON form's bytes. */
export function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A room or group-chat participant list: ';'-separated with a trailing ';'. */
export function names(list) {
  return (list || '').split(';').map((n) => n.trim()).filter(Boolean);
}

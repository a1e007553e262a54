// What the page shows of each conversation, kept in this tab's sessionStorage (gone when the tab closes) so
// that a reload keeps it. The server keeps no history: messages reach an open session once, and wait for
// a closed one only until it logs in. Nothing here is a secret; the password is never stored.

/** Lines kept per conversation; older ones drop off the top (sessionStorage holds a few MB per site). */
export const MAX_LINES = 200;

/** Conversations by id: 'u:<username>' a private chat, 'r:<room, lower case>' a room, 'g:<id>' a group chat. */
export class History {
  constructor(username, storage = globalThis.sessionStorage) {
    this.key = 'revenant.chat.history.' + username;
    this.storage = storage;
    let saved = {};
    try {
      saved = JSON.parse(storage.getItem(this.key) || '{}');
    } catch {
      saved = {}; // a damaged entry is dropped, not shown
    }
    this.conversations = saved && typeof saved === 'object' ? saved : {};
  }

  /** The conversation, made on first use: {title, kind ('u', 'r', 'g'), name, lines, unread}. */
  conversation(id, title) {
    let c = this.conversations[id];
    if (!c) {
      c = this.conversations[id] = { title: title || id.slice(2), kind: id[0], name: id.slice(2), lines: [], unread: 0 };
    } else if (title) {
      c.title = title;
    }
    return c;
  }

  /** Adds a line: {from, text, at, kind ('text', 'picture', 'notice'), src, offline, mine}. */
  add(id, line, unread) {
    const c = this.conversation(id);
    c.lines.push(line);
    if (c.lines.length > MAX_LINES) c.lines.splice(0, c.lines.length - MAX_LINES);
    if (unread) c.unread++;
    this.save();
    return c;
  }

  read(id) {
    const c = this.conversations[id];
    if (c && c.unread) {
      c.unread = 0;
      this.save();
    }
  }

  forget(id) {
    delete this.conversations[id];
    this.save();
  }

  save() {
    try {
      // a picture one sent is shown from its own bytes (a data: URL): too big to keep, so it is kept as its mention
      this.storage.setItem(this.key, JSON.stringify(this.conversations,
        (k, v) => (k === 'src' && typeof v === 'string' && v.startsWith('data:') ? undefined : v)));
    } catch {
      // storage full or switched off: the page still shows everything until it is reloaded
    }
  }
}

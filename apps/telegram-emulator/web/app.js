// Dev chat for the Telegram Bot API emulator: plain ES module, no build step.
// Talks to the control API (/_emulator/…) and follows the event stream (SSE) for live updates.
import { catalog } from './i18n.js';

const $ = (id) => document.getElementById(id);
const CALLBACK_TIMEOUT_MS = 15000;

const state = {
  lang: localStorage.getItem('emu.lang') || ((navigator.language || 'en').toLowerCase().startsWith('ru') ? 'ru' : 'en'),
  info: null,
  users: [],
  userId: null,
  chats: [],
  chatId: null,
  details: null, // GET /chats/:id (null for a private chat that does not exist yet)
  messages: new Map(), // message_id -> StoredMessage-like { direction, message, edits, deleted }
  commands: { commands: [], menu_button: { type: 'commands' }, description: '' },
  replyTo: null,
  keyboardHidden: false,
  pendingCallbacks: new Map(), // callback_query_id -> { node, timer }
  answeredCallbacks: new Set(), // answers that arrived (possibly before the press request returned)
  webApp: null, // { source, buttonText, launch }
  typingTimer: null,
  lastSeq: 0,
};

// ------------------------------------------------------------------ i18n

function t(key, vars = {}) {
  const text = catalog[state.lang][key] ?? catalog.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? `{${name}}`);
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = t('app.title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const b of document.querySelectorAll('.lang-switch button')) b.classList.toggle('active', b.dataset.lang === state.lang);
}

// ------------------------------------------------------------------ helpers

async function api(method, path, body) {
  const res = await fetch(`/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!json.ok) {
    const error = new Error(json.error || res.statusText);
    error.status = res.status;
    throw error;
  }
  return json.result;
}

async function attempt(fn) {
  try {
    return await fn();
  } catch (error) {
    toast(t('toast.error', { message: error.message }), 'error');
    return undefined;
  }
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const fullName = (u) => (u ? [u.first_name, u.last_name].filter(Boolean).join(' ') : '');
const initials = (name) =>
  (name || '?')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0])
    .join('')
    .toUpperCase();
const colorClass = (id) => `c${Math.abs(Number(id)) % 7}`;
const time = (unix) => new Date(unix * 1000).toLocaleTimeString(state.lang, { hour: '2-digit', minute: '2-digit' });
const bytes = (n) => (n === undefined ? '' : n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);
const safeUrl = (url) => (/^(https?:|tg:|mailto:)/i.test(url) ? url : /^[\w.-]+\.[a-z]{2,}/i.test(url) ? `https://${url}` : '#');

function avatar(name, id, extra = '') {
  return el('div', { class: `avatar ${extra} ${extra.includes('bot') ? '' : colorClass(id)}`, text: initials(name) });
}

function toast(text, kind = '') {
  const node = el('div', { class: `toast ${kind}`, text });
  $('toasts').append(node);
  setTimeout(() => node.remove(), kind === 'error' ? 6000 : 3500);
}

function alertBox(text) {
  $('alert-text').textContent = text;
  $('alert-dialog').showModal();
}

// ------------------------------------------------------------------ entities

const TAGS = {
  bold: ['<b>', '</b>'],
  italic: ['<i>', '</i>'],
  underline: ['<u>', '</u>'],
  strikethrough: ['<s>', '</s>'],
  spoiler: ['<span class="spoiler">', '</span>'],
  code: ['<code>', '</code>'],
  pre: ['<pre>', '</pre>'],
  blockquote: ['<blockquote>', '</blockquote>'],
  expandable_blockquote: ['<blockquote>', '</blockquote>'],
  mention: ['<span class="mention">', '</span>'],
  hashtag: ['<span class="mention">', '</span>'],
  cashtag: ['<span class="mention">', '</span>'],
  text_mention: ['<span class="mention">', '</span>'],
};

function openTag(e, text) {
  const slice = text.slice(e.offset, e.offset + e.length);
  switch (e.type) {
    case 'text_link':
      return `<a href="${escapeHtml(safeUrl(e.url || ''))}" target="_blank" rel="noopener">`;
    case 'url':
      return `<a href="${escapeHtml(safeUrl(slice))}" target="_blank" rel="noopener">`;
    case 'email':
      return `<a href="mailto:${escapeHtml(slice)}">`;
    case 'bot_command':
      return `<a href="#" class="cmd" data-cmd="${escapeHtml(slice)}">`;
    default:
      return TAGS[e.type]?.[0] ?? '<span>';
  }
}
const closeTag = (e) => (['text_link', 'url', 'email', 'bot_command'].includes(e.type) ? '</a>' : (TAGS[e.type]?.[1] ?? '</span>'));

/** Renders text + entities (UTF-16 offsets) as safe HTML. */
function renderEntities(text, entities = []) {
  const opens = new Map();
  const closes = new Map();
  const sorted = [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
  for (const e of sorted) {
    if (!opens.has(e.offset)) opens.set(e.offset, []);
    opens.get(e.offset).push(e);
    const end = e.offset + e.length;
    if (!closes.has(end)) closes.set(end, []);
    closes.get(end).unshift(e);
  }
  let html = '';
  for (let i = 0; i <= text.length; i++) {
    for (const e of closes.get(i) ?? []) html += closeTag(e);
    if (i === text.length) break;
    for (const e of opens.get(i) ?? []) html += openTag(e, text);
    html += escapeHtml(text[i]);
  }
  return html;
}

// ------------------------------------------------------------------ header / info

async function refreshInfo() {
  const info = await api('GET', '/info').catch(() => null);
  if (!info) return;
  state.info = info;
  $('bot-title').textContent = `${info.bot.first_name} · @${info.bot.username}`;
  const mode = $('mode-badge');
  mode.textContent = info.webhook.url ? `${t('header.webhook')}: ${info.webhook.url}` : t('header.polling');
  mode.className = `badge ${info.webhook.url ? 'webhook' : ''}`;
  $('pending-badge').textContent = t('header.pending', { count: info.webhook.pending_update_count });
}

// ------------------------------------------------------------------ users

async function loadUsers() {
  state.users = await api('GET', '/users');
  const select = $('user-select');
  select.replaceChildren();
  select.append(el('option', { value: '', text: t('sidebar.pickUser'), disabled: true, selected: state.userId === null }));
  const seeded = state.users.filter((u) => u.seeded);
  const others = state.users.filter((u) => !u.seeded);
  const option = (u) =>
    el('option', { value: String(u.id), selected: u.id === state.userId, text: u.label || `${fullName(u)}${u.username ? ` (@${u.username})` : ''}` });
  if (seeded.length) select.append(el('optgroup', { label: t('sidebar.seeded') }, seeded.map(option)));
  if (others.length) select.append(el('optgroup', { label: t('sidebar.others') }, others.map(option)));
}

async function selectUser(id) {
  state.userId = id;
  localStorage.setItem('emu.user', String(id));
  $('no-user').classList.toggle('hidden', id !== null);
  await loadChats();
  await openChat(id);
}

// ------------------------------------------------------------------ chats

async function loadChats() {
  if (state.userId === null) return;
  const chats = await api('GET', `/chats?user_id=${state.userId}`);
  const hasPrivate = chats.some((c) => c.chat.id === state.userId);
  if (!hasPrivate) chats.unshift({ chat: { id: state.userId, type: 'private' }, bot_status: 'member', member_count: 2, placeholder: true });
  state.chats = chats;
  renderChatList();
}

function chatTitle(summary) {
  return summary.chat.type === 'private' ? (state.info?.bot.first_name ?? 'Bot') : summary.chat.title;
}

function previewOf(message) {
  if (!message) return '';
  if (message.text) return message.text;
  if (message.photo) return `🖼 ${message.caption ?? ''}`;
  if (message.document) return `📎 ${message.document.file_name ?? ''}`;
  if (message.contact) return `👤 ${message.contact.phone_number}`;
  if (message.new_chat_members || message.left_chat_member || message.group_chat_created || message.supergroup_chat_created) return serviceText(message);
  return '…';
}

function renderChatList() {
  const list = $('chat-list');
  list.replaceChildren(
    ...state.chats.map((summary) => {
      const isPrivate = summary.chat.type === 'private';
      const title = chatTitle(summary);
      const sub = previewOf(summary.last_message) || (isPrivate ? `@${state.info?.bot.username ?? ''}` : t('chat.members', { count: summary.member_count }));
      return el(
        'li',
        { class: `chat-item ${summary.chat.id === state.chatId ? 'active' : ''}`, 'data-chat-id': summary.chat.id, onclick: () => openChat(summary.chat.id) },
        avatar(title, summary.chat.id, isPrivate ? 'bot' : ''),
        el('div', { class: 'chat-item-text' }, el('div', { class: 'chat-item-title', text: title }), el('div', { class: 'chat-item-sub', text: sub })),
      );
    }),
  );
}

async function openChat(chatId) {
  if (state.chatId !== chatId) {
    state.replyTo = null;
    state.keyboardHidden = false;
  }
  state.chatId = chatId;
  const exists = state.chats.some((c) => c.chat.id === chatId && !c.placeholder);
  const [history, details, commands] = await Promise.all([
    api('GET', `/chats/${chatId}/history`),
    exists ? api('GET', `/chats/${chatId}`).catch(() => null) : Promise.resolve(null),
    api('GET', `/chats/${chatId}/commands?user_id=${state.userId}&language_code=${state.lang}`).catch(() => ({
      commands: [],
      menu_button: { type: 'commands' },
      description: '',
    })),
  ]);
  if (state.chatId !== chatId) return;
  state.details = details;
  state.commands = commands;
  state.messages = new Map(history.messages.map((m) => [m.message.message_id, m]));
  renderChatList();
  renderChat();
}

function currentSummary() {
  return state.chats.find((c) => c.chat.id === state.chatId);
}

function myStatus() {
  if (!state.details) return 'member';
  return state.details.members.find((m) => m.user.id === state.userId)?.status ?? 'left';
}

function renderChat() {
  const summary = currentSummary();
  if (!summary) return;
  const isPrivate = summary.chat.type === 'private';
  const title = chatTitle(summary);
  $('chat-avatar').replaceWith(Object.assign(avatar(title, summary.chat.id, isPrivate ? 'bot' : ''), { id: 'chat-avatar' }));
  $('chat-title').textContent = title;
  setSubtitle();
  renderChatActions();
  renderMembers();
  renderMessages();
  renderComposer();
}

function setSubtitle(action) {
  const sub = $('chat-subtitle');
  const summary = currentSummary();
  if (!summary) return;
  if (action) {
    sub.textContent = action === 'typing' ? t('chat.typing') : t(`chat.action.${action}`);
    sub.classList.add('typing');
    return;
  }
  sub.classList.remove('typing');
  sub.textContent =
    summary.chat.type === 'private'
      ? `${t('chat.bot')} · @${state.info?.bot.username ?? ''}`
      : `${t('chat.members', { count: state.details ? state.details.members.filter((m) => ['creator', 'administrator', 'member', 'restricted'].includes(m.status)).length : summary.member_count })} · ${summary.chat.type}`;
}

function renderChatActions() {
  const box = $('chat-actions');
  box.replaceChildren();
  const summary = currentSummary();
  if (!summary) return;
  if (summary.chat.type === 'private') {
    const blocked = state.details?.blocked;
    if (state.details) {
      box.append(
        el('button', {
          class: 'chip',
          text: blocked ? t('chat.unblock') : t('chat.block'),
          onclick: () => attempt(() => api('POST', `/users/${state.userId}/${blocked ? 'unblock' : 'block'}`)).then(() => openChat(state.chatId)),
        }),
      );
    }
    return;
  }
  const chatId = summary.chat.id;
  const botStatus = state.details?.bot_status ?? summary.bot_status;
  const act = (action, extra = {}) => attempt(() => api('POST', `/chats/${chatId}/bot`, { action, by_user_id: state.userId, ...extra })).then(afterGroupChange);
  box.append(el('button', { class: 'chip', text: t('group.membersTitle'), onclick: () => $('members-panel').classList.toggle('hidden') }));
  const active = state.details?.members.filter((m) => ['creator', 'administrator', 'member', 'restricted'].includes(m.status)).map((m) => m.user.id) ?? [];
  const candidates = state.users.filter((u) => !active.includes(u.id));
  if (candidates.length) {
    const pick = el(
      'select',
      {
        'aria-label': t('group.addMember'),
        onchange: (e) => {
          const userId = Number(e.target.value);
          attempt(() => api('POST', `/chats/${chatId}/members`, { user_id: userId, by_user_id: userId === state.userId ? undefined : state.userId })).then(
            afterGroupChange,
          );
        },
      },
      el('option', { value: '', text: t('group.addMemberPick'), selected: true, disabled: true }),
      candidates.map((u) => el('option', { value: String(u.id), text: u.label || fullName(u) })),
    );
    box.append(pick);
  }
  if (['left', 'kicked'].includes(botStatus)) {
    box.append(el('button', { class: 'chip', text: t('group.botAdd'), onclick: () => act('add') }));
    box.append(el('button', { class: 'chip', text: t('group.botAddAdmin'), onclick: () => act('add', { admin: true }) }));
  } else if (botStatus === 'member') {
    box.append(el('button', { class: 'chip', text: t('group.botPromote'), onclick: () => act('promote') }));
    box.append(el('button', { class: 'chip', text: t('group.botRemove'), onclick: () => act('remove') }));
  } else if (botStatus === 'administrator') {
    box.append(el('button', { class: 'chip', text: t('group.botDemote'), onclick: () => act('demote') }));
    box.append(el('button', { class: 'chip', text: t('group.botRemove'), onclick: () => act('remove') }));
  }
  if (active.includes(state.userId) && myStatus() !== 'creator') {
    box.append(
      el('button', {
        class: 'chip',
        text: t('group.leave'),
        onclick: () => attempt(() => api('DELETE', `/chats/${chatId}/members/${state.userId}`)).then(afterGroupChange),
      }),
    );
  }
}

function renderMembers() {
  const panel = $('members-panel');
  if (!state.details || state.details.chat.type === 'private') {
    panel.classList.add('hidden');
    panel.replaceChildren();
    return;
  }
  const iAmAdmin = ['creator', 'administrator'].includes(myStatus());
  panel.replaceChildren(
    ...state.details.members.map((m) => {
      const name = m.user.is_bot ? `@${m.user.username}` : fullName(m.user);
      const canRemove = iAmAdmin && !m.user.is_bot && m.user.id !== state.userId && ['member', 'restricted'].includes(m.status);
      return el(
        'span',
        { class: 'member' },
        avatar(name, m.user.id, `small ${m.user.is_bot ? 'bot' : ''}`),
        el('span', { text: name }),
        el('span', { class: `status ${m.status}`, text: t(`status.${m.status}`) }),
        canRemove
          ? el('button', {
              text: t('group.remove'),
              onclick: () =>
                attempt(() => api('DELETE', `/chats/${state.details.chat.id}/members/${m.user.id}?by_user_id=${state.userId}`)).then(afterGroupChange),
            })
          : null,
      );
    }),
  );
}

async function afterGroupChange() {
  await loadChats();
  await openChat(state.chatId);
}

// ------------------------------------------------------------------ messages

function userName(user) {
  if (!user) return '';
  if (user.is_bot) return user.first_name;
  return fullName(user);
}

function serviceText(m) {
  const by = userName(m.from);
  if (m.group_chat_created || m.supergroup_chat_created) return t('service.created', { by, title: m.chat.title ?? '' });
  if (m.new_chat_members) {
    const names = m.new_chat_members.map(userName).join(', ');
    return m.new_chat_members.length === 1 && m.new_chat_members[0].id === m.from?.id
      ? t('service.joined', { name: names })
      : t('service.added', { by, name: names });
  }
  if (m.left_chat_member) {
    return m.left_chat_member.id === m.from?.id
      ? t('service.left', { name: userName(m.left_chat_member) })
      : t('service.removed', { by, name: userName(m.left_chat_member) });
  }
  if (m.pinned_message) return t('service.pinned', { by });
  return '';
}

function messageBody(m) {
  const parts = [];
  if (m.reply_to_message) {
    const r = m.reply_to_message;
    parts.push(el('div', { class: 'reply-quote' }, el('b', { text: userName(r.from) }), previewOf(r)));
  }
  if (m.photo) {
    const biggest = m.photo[m.photo.length - 1];
    parts.push(el('img', { class: 'photo', src: `/_emulator/files/${encodeURIComponent(biggest.file_id)}`, alt: 'photo', loading: 'lazy' }));
  }
  if (m.document) {
    const ext = (m.document.file_name?.split('.').pop() ?? 'file').slice(0, 4).toUpperCase();
    parts.push(
      el(
        'a',
        { class: 'doc', href: `/_emulator/files/${encodeURIComponent(m.document.file_id)}`, target: '_blank', rel: 'noopener' },
        el('span', { class: 'doc-icon', text: ext }),
        el('span', {}, el('div', { text: m.document.file_name ?? 'file' }), el('div', { class: 'doc-size', text: bytes(m.document.file_size) })),
      ),
    );
  }
  if (m.contact) {
    const c = m.contact;
    parts.push(
      el(
        'div',
        { class: 'contact' },
        avatar(`${c.first_name} ${c.last_name ?? ''}`, c.user_id ?? 0),
        el('div', {}, el('b', { text: `${c.first_name} ${c.last_name ?? ''}` }), el('div', { text: c.phone_number })),
      ),
    );
  }
  if (m.web_app_data) parts.push(el('i', { text: t('service.webAppData', { button: m.web_app_data.button_text }) }));
  const text = m.text ?? m.caption;
  if (text !== undefined) {
    const body = el('div', { class: 'text' });
    body.innerHTML = renderEntities(text, m.entities ?? m.caption_entities ?? []);
    parts.push(body);
  }
  return parts;
}

const ICONS = {
  url: '<svg viewBox="0 0 10 10"><path d="M3 1h6v6M9 1L2 8" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>',
  web_app:
    '<svg viewBox="0 0 10 10"><rect x="1" y="1" width="8" height="8" rx="2" fill="none" stroke="currentColor" stroke-width="1.4"/><path d="M1 3.5h8" stroke="currentColor" stroke-width="1.4"/></svg>',
  copy: '<svg viewBox="0 0 10 10"><rect x="3" y="3" width="6" height="6" rx="1" fill="none" stroke="currentColor" stroke-width="1.3"/><path d="M1 7V1h6" fill="none" stroke="currentColor" stroke-width="1.3"/></svg>',
  contact:
    '<svg viewBox="0 0 10 10"><circle cx="5" cy="3.2" r="2" fill="currentColor"/><path d="M1.2 9.5c.4-2.2 2-3.3 3.8-3.3s3.4 1.1 3.8 3.3z" fill="currentColor"/></svg>',
};

function icon(kind) {
  const span = el('span', { class: 'kind' });
  span.innerHTML = ICONS[kind] ?? '';
  return span;
}

function inlineKeyboard(stored) {
  const m = stored.message;
  if (!m.reply_markup?.inline_keyboard?.length || stored.deleted) return null;
  return el(
    'div',
    { class: 'inline-kb' },
    m.reply_markup.inline_keyboard.map((row) =>
      el(
        'div',
        { class: 'inline-kb-row' },
        row.map((b) => {
          const kind = b.url ? 'url' : b.web_app ? 'web_app' : b.copy_text ? 'copy' : '';
          const button = el(
            'button',
            { type: 'button', 'data-callback': b.callback_data, title: b.callback_data ?? b.url ?? b.web_app?.url ?? '' },
            b.text,
            kind ? icon(kind) : null,
          );
          button.addEventListener('click', () => pressInline(stored, b, button));
          return button;
        }),
      ),
    ),
  );
}

function renderMessage(stored) {
  const m = stored.message;
  if (stored.direction === 'service' || serviceText(m)) {
    const text = serviceText(m);
    return text ? el('div', { class: 'service', 'data-message-id': m.message_id, text }) : null;
  }
  const mine = !m.from?.is_bot && m.from?.id === state.userId;
  const isGroup = m.chat.type !== 'private';
  const showSender = isGroup && !mine;
  const bubble = el(
    'div',
    { class: 'bubble' },
    showSender ? el('div', { class: `sender ${m.from?.is_bot ? 'bot' : ''}`, text: userName(m.from) }) : null,
    stored.deleted ? el('span', { class: 'deleted-label', text: stored.deleted.by === 'bot' ? t('chat.deleted') : t('chat.deletedShort') }) : null,
    el('div', { class: 'body' }, messageBody(m)),
    m.via_bot ? el('div', { class: 'meta', text: t('chat.viaBot', { bot: m.via_bot.username }) }) : null,
    el('span', { class: 'meta' }, m.edit_date ? el('span', { class: 'edited', text: t('chat.edited') }) : null, time(m.edit_date ?? m.date)),
  );
  const row = el(
    'div',
    { class: `msg-row ${mine ? 'mine' : ''} ${stored.deleted ? 'deleted' : ''}`, 'data-message-id': m.message_id },
    showSender ? avatar(userName(m.from), m.from?.id ?? 0, `small ${m.from?.is_bot ? 'bot' : ''}`) : null,
    mine ? el('button', { class: 'icon reply-btn', title: t('chat.reply'), text: '↩', onclick: () => setReply(m) }) : null,
    bubble,
    !mine && !stored.deleted ? el('button', { class: 'icon reply-btn', title: t('chat.reply'), text: '↩', onclick: () => setReply(m) }) : null,
  );
  const kb = inlineKeyboard(stored);
  if (!kb) return row;
  return el('div', { class: 'kb-wrap', 'data-message-id': m.message_id }, row, kb);
}

function renderMessages() {
  const box = $('messages');
  const list = [...state.messages.values()].sort((a, b) => a.message.message_id - b.message.message_id);
  const summary = currentSummary();
  const nodes = [];
  let lastDay = '';
  for (const stored of list) {
    const day = new Date(stored.message.date * 1000).toLocaleDateString(state.lang, { day: 'numeric', month: 'long' });
    if (day !== lastDay) {
      nodes.push(el('div', { class: 'day-sep', text: day }));
      lastDay = day;
    }
    const node = renderMessage(stored);
    if (node) nodes.push(node);
  }
  if (list.length === 0) {
    if (summary?.chat.type === 'private') {
      nodes.push(
        el(
          'div',
          { class: 'empty-card' },
          el('h4', { text: t('chat.empty.title') }),
          el('p', { text: state.commands.description || t('chat.empty.noDescription') }),
        ),
      );
    } else {
      nodes.push(el('div', { class: 'empty-card' }, el('p', { text: t('chat.noMessages') })));
    }
  }
  box.replaceChildren(...nodes);
  box.scrollTop = box.scrollHeight;
  for (const a of box.querySelectorAll('a.cmd'))
    a.addEventListener('click', (e) => {
      e.preventDefault();
      sendText(a.dataset.cmd);
    });
  for (const s of box.querySelectorAll('.spoiler')) s.addEventListener('click', () => s.classList.add('revealed'));
}

function flashMessage(messageId) {
  const row = $('messages').querySelector(`.msg-row[data-message-id="${messageId}"]`);
  if (!row) return;
  row.classList.remove('flash');
  void row.offsetWidth;
  row.classList.add('flash');
}

// ------------------------------------------------------------------ composer

function renderComposer() {
  const summary = currentSummary();
  const isPrivate = summary?.chat.type === 'private';
  const notStarted = isPrivate && (!state.details || !state.details.started || state.details.blocked);
  const notMember = !isPrivate && !['creator', 'administrator', 'member', 'restricted'].includes(myStatus());
  $('composer').classList.toggle('hidden', notStarted || notMember);
  $('start-area').classList.toggle('hidden', !notStarted);
  $('start-btn').textContent = state.details?.blocked ? t('chat.unblock') : t('chat.start');

  const keyboard = state.details?.reply_keyboard;
  const forceReply = state.details?.force_reply;
  const input = $('composer-input');
  input.placeholder = forceReply?.input_field_placeholder || keyboard?.input_field_placeholder || t('composer.placeholder');
  if (forceReply && !state.replyTo) {
    const target = state.messages.get(forceReply.message_id)?.message;
    if (target) state.replyTo = target;
  }
  renderReplyBar();

  const kb = $('reply-keyboard');
  kb.replaceChildren();
  const showKb = keyboard && !state.keyboardHidden && !notStarted;
  kb.classList.toggle('hidden', !showKb);
  $('kb-toggle').classList.toggle('hidden', !keyboard || notStarted);
  $('kb-toggle').title = state.keyboardHidden ? t('composer.keyboardShow') : t('composer.keyboardHide');
  if (showKb) {
    for (const row of keyboard.keyboard) {
      kb.append(
        el(
          'div',
          { class: 'row' },
          row.map((b) => {
            const kind = b.request_contact ? 'contact' : b.web_app ? 'web_app' : '';
            return el('button', { type: 'button', title: kind, onclick: () => pressReplyKey(b) }, b.text, kind ? icon(kind) : null);
          }),
        ),
      );
    }
  }

  const menu = $('menu-btn');
  const mb = state.commands.menu_button;
  if (mb?.type === 'web_app') {
    menu.textContent = mb.text;
    menu.classList.remove('hidden');
  } else if (state.commands.commands.length > 0) {
    menu.textContent = `☰ ${t('composer.menu')}`;
    menu.classList.remove('hidden');
  } else {
    menu.classList.add('hidden');
  }
}

function renderReplyBar() {
  const bar = $('reply-bar');
  if (!state.replyTo) {
    bar.classList.add('hidden');
    return;
  }
  bar.classList.remove('hidden');
  $('reply-bar-text').textContent = `${t('chat.replyingTo', { name: userName(state.replyTo.from) })}: ${previewOf(state.replyTo).slice(0, 80)}`;
}

function setReply(message) {
  state.replyTo = message;
  renderReplyBar();
  $('composer-input').focus();
}

async function sendText(text) {
  if (!text.trim() || state.userId === null) return;
  const body = { user_id: state.userId, chat_id: state.chatId, text };
  if (state.replyTo) body.reply_to_message_id = state.replyTo.message_id;
  const result = await attempt(() => api('POST', '/messages', body));
  if (result) {
    state.replyTo = null;
    renderReplyBar();
    if (!state.chats.some((c) => c.chat.id === state.chatId && c.last_message)) loadChats();
  }
}

function showCommands(filter = '') {
  const pop = $('commands-popover');
  const list = state.commands.commands.filter((c) => `/${c.command}`.startsWith(filter));
  if (!list.length) {
    pop.classList.add('hidden');
    return;
  }
  pop.replaceChildren(
    ...list.map((c) =>
      el(
        'button',
        {
          type: 'button',
          onclick: () => {
            pop.classList.add('hidden');
            $('composer-input').value = '';
            sendText(`/${c.command}`);
          },
        },
        el('span', { class: 'cmd-name', text: `/${c.command}` }),
        el('span', { class: 'cmd-desc', text: c.description }),
      ),
    ),
  );
  pop.classList.remove('hidden');
}

// ------------------------------------------------------------------ buttons

async function pressInline(stored, button, node) {
  const m = stored.message;
  if (button.callback_data !== undefined) {
    node.classList.add('loading');
    const result = await attempt(() =>
      api('POST', '/callback', { user_id: state.userId, chat_id: state.chatId, message_id: m.message_id, data: button.callback_data }),
    );
    if (!result || state.answeredCallbacks.has(result.callbackQueryId)) {
      node.classList.remove('loading');
      return;
    }
    const timer = setTimeout(() => {
      state.pendingCallbacks.delete(result.callbackQueryId);
      node.classList.remove('loading');
      toast(t('button.noAnswer'), 'error');
    }, CALLBACK_TIMEOUT_MS);
    state.pendingCallbacks.set(result.callbackQueryId, { node, timer });
  } else if (button.url) {
    window.open(safeUrl(button.url), '_blank', 'noopener');
  } else if (button.web_app) {
    openWebApp({ messageId: m.message_id, buttonText: button.text, source: 'inline', title: button.text });
  } else if (button.copy_text) {
    await navigator.clipboard?.writeText(button.copy_text.text).catch(() => undefined);
    toast(t('button.copied', { text: button.copy_text.text }));
  } else {
    toast(
      t('button.notEmulated', {
        type: Object.keys(button)
          .filter((k) => k !== 'text')
          .join(', '),
      }),
    );
  }
}

async function pressReplyKey(button) {
  if (button.request_contact) {
    await attempt(() => api('POST', '/contact', { user_id: state.userId, chat_id: state.chatId }));
  } else if (button.web_app) {
    openWebApp({ url: button.web_app.url, buttonText: button.text, source: 'keyboard', title: button.text });
  } else if (button.request_location || button.request_poll || button.request_users || button.request_chat) {
    toast(
      t('button.notEmulated', {
        type: Object.keys(button)
          .filter((k) => k !== 'text')
          .join(', '),
      }),
    );
  } else {
    await sendText(button.text);
  }
}

// ------------------------------------------------------------------ web apps

async function openWebApp({ messageId, buttonText, url, source, title }) {
  const launch = await attempt(() =>
    api('POST', '/web-app/open', { user_id: state.userId, chat_id: state.chatId, message_id: messageId, button_text: buttonText, url, source }),
  );
  if (!launch) return;
  state.webApp = { source, buttonText, launch };
  $('webapp').classList.remove('hidden');
  $('webapp-title').textContent = title || buttonText || 'Web App';
  $('webapp-source').textContent = t(`webapp.source.${source}`);
  $('webapp-main-button').classList.add('hidden');
  $('webapp-frame').src = launch.url;
  const check = await api('POST', '/web-app/validate', { init_data: launch.initData }).catch(() => ({ ok: false }));
  const badge = $('webapp-valid');
  badge.textContent = check.ok ? t('webapp.valid') : t('webapp.invalid');
  badge.className = `badge ${check.ok ? 'ok' : 'bad'}`;
}

function closeWebApp() {
  state.webApp = null;
  $('webapp').classList.add('hidden');
  $('webapp-frame').src = 'about:blank';
}

function postToWebApp(eventType, eventData = {}) {
  $('webapp-frame').contentWindow?.postMessage(JSON.stringify({ eventType, eventData }), '*');
}

/** The Telegram Web Apps postMessage protocol (what telegram-web-app.js sends from an iframe). */
window.addEventListener('message', (event) => {
  if (!state.webApp || event.source !== $('webapp-frame').contentWindow) return;
  let payload = event.data;
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload);
    } catch {
      return;
    }
  }
  const { eventType, eventData = {} } = payload ?? {};
  switch (eventType) {
    case 'web_app_close':
      closeWebApp();
      break;
    case 'web_app_data_send':
      if (state.webApp.source === 'keyboard') {
        attempt(() =>
          api('POST', '/web-app/data', { user_id: state.userId, data: String(eventData.data ?? ''), button_text: state.webApp.buttonText ?? '' }),
        ).then(closeWebApp);
      }
      break;
    case 'web_app_open_link':
    case 'web_app_open_tg_link':
      if (eventData.url || eventData.path_full) window.open(safeUrl(eventData.url ?? `https://t.me${eventData.path_full}`), '_blank', 'noopener');
      break;
    case 'web_app_setup_main_button': {
      const b = $('webapp-main-button');
      b.classList.toggle('hidden', !eventData.is_visible);
      b.textContent = eventData.text ?? '';
      if (eventData.color) b.style.background = eventData.color;
      if (eventData.text_color) b.style.color = eventData.text_color;
      b.disabled = eventData.is_active === false;
      break;
    }
    case 'web_app_request_theme':
      postToWebApp('theme_changed', {
        theme_params: {
          bg_color: '#ffffff',
          text_color: '#000000',
          hint_color: '#707579',
          link_color: '#3390ec',
          button_color: '#3390ec',
          button_text_color: '#ffffff',
          secondary_bg_color: '#f4f4f5',
        },
      });
      break;
    case 'web_app_request_viewport': {
      const height = $('webapp-frame').clientHeight;
      postToWebApp('viewport_changed', { height, is_expanded: true, is_state_stable: true });
      break;
    }
    default:
      break;
  }
});

// ------------------------------------------------------------------ activity log

function logActivity(text, kind = 'info', at = Date.now()) {
  const list = $('activity-list');
  list.prepend(el('li', { class: kind }, el('time', { text: new Date(at).toLocaleTimeString(state.lang) }), text));
  while (list.children.length > 200) list.lastChild.remove();
  $('activity-empty').classList.add('hidden');
}

function chatName(chatId) {
  const summary = state.chats.find((c) => c.chat.id === chatId);
  if (summary) return chatTitle(summary);
  const user = state.users.find((u) => u.id === chatId);
  return user ? fullName(user) : String(chatId ?? '');
}

function describeActivity(e) {
  switch (e.type) {
    case 'member_changed': {
      const vars = { user: userName(e.user), by: userName(e.by), chat: e.chat_title ?? chatName(e.chat_id) };
      const kind = { banned: 'warn', removed: e.by?.is_bot ? 'warn' : 'info', unbanned: 'ok', blocked: 'warn' }[e.action] ?? 'info';
      const key = `activity.${e.action}`;
      if (catalog.en[key]) return [t(key, vars), kind];
      return [t('activity.memberChange', { ...vars, old: t(`status.${e.old_status}`), new: t(`status.${e.new_status}`), action: e.action }), kind];
    }
    case 'chat_action':
      return [t('activity.chatAction', { action: e.action, chat: chatName(e.chat_id) }), 'info'];
    case 'callback_answer':
      return [
        e.text ? t(e.show_alert ? 'activity.callbackAnswerAlert' : 'activity.callbackAnswer', { text: e.text }) : t('activity.callbackAnswerEmpty'),
        'ok',
      ];
    case 'api_error':
      return [t('activity.apiError', { method: e.method, description: e.description }), 'error'];
    case 'rate_limited':
      return e.injected !== undefined
        ? [t('activity.injected', { count: e.injected }), 'warn']
        : [t('activity.rateLimited', { method: e.method, description: e.description }), 'warn'];
    case 'webhook_error':
      return [t('activity.webhookError', { message: e.message, ms: e.retry_in_ms }), 'error'];
    case 'webhook_changed':
      return [e.url ? t('activity.webhookSet', { url: e.url }) : t('activity.webhookDeleted'), 'info'];
    case 'commands_changed':
      return [t('activity.commands'), 'info'];
    case 'menu_button_changed':
      return [t('activity.menuButton'), 'info'];
    case 'invite_link_created':
      return [t('activity.inviteLink', { chat: chatName(e.chat_id), link: e.invite_link.invite_link }), 'info'];
    case 'web_app_answered':
      return [t('activity.webAppAnswered'), 'ok'];
    default:
      return null;
  }
}

// ------------------------------------------------------------------ live events

let reloadChatsTimer = null;
function reloadChatsSoon() {
  clearTimeout(reloadChatsTimer);
  reloadChatsTimer = setTimeout(() => loadChats().then(() => state.chatId !== null && openChat(state.chatId)), 80);
}

let refreshInfoTimer = null;
function refreshInfoSoon() {
  clearTimeout(refreshInfoTimer);
  refreshInfoTimer = setTimeout(refreshInfo, 150);
}

function handleEvent(e) {
  state.lastSeq = e.seq;
  const activity = describeActivity(e);
  if (activity) logActivity(activity[0], activity[1], e.at);
  const here = e.chat_id !== undefined && e.chat_id === state.chatId;
  switch (e.type) {
    case 'message':
      if (here) {
        state.messages.set(e.message.message_id, { direction: e.direction, message: e.message, edits: [] });
        if (e.direction === 'out') setSubtitle();
        renderMessages();
      }
      if (state.chats.some((c) => c.chat.id === e.chat_id)) {
        const summary = state.chats.find((c) => c.chat.id === e.chat_id);
        summary.last_message = e.message;
        renderChatList();
      }
      if (here && state.details === null) reloadChatsSoon();
      break;
    case 'message_edited':
      if (here) {
        const stored = state.messages.get(e.message.message_id);
        state.messages.set(e.message.message_id, { ...(stored ?? { direction: 'out', edits: [] }), message: e.message });
        renderMessages();
        flashMessage(e.message.message_id);
      }
      break;
    case 'message_deleted':
      if (here) {
        const stored = state.messages.get(e.message_id);
        if (stored) stored.deleted = { at: e.at, by: e.by };
        renderMessages();
      }
      break;
    case 'callback_answer': {
      if (e.user_id !== state.userId) break;
      state.answeredCallbacks.add(e.callback_query_id);
      const pending = state.pendingCallbacks.get(e.callback_query_id);
      if (pending) {
        clearTimeout(pending.timer);
        pending.node.classList.remove('loading');
        state.pendingCallbacks.delete(e.callback_query_id);
      }
      if (e.text && e.show_alert) alertBox(e.text);
      else if (e.text) toast(e.text);
      if (e.url) window.open(safeUrl(e.url), '_blank', 'noopener');
      break;
    }
    case 'chat_action':
      if (here) {
        setSubtitle(e.action);
        clearTimeout(state.typingTimer);
        state.typingTimer = setTimeout(() => setSubtitle(), 5000);
      }
      break;
    case 'reply_keyboard':
      if (here && state.details) {
        state.details.reply_keyboard = e.keyboard;
        state.details.force_reply = e.force_reply;
        if (e.keyboard) state.keyboardHidden = false;
        renderComposer();
      }
      break;
    case 'member_changed':
    case 'chat_created':
    case 'chat_updated':
      reloadChatsSoon();
      break;
    case 'commands_changed':
    case 'menu_button_changed':
      if (state.chatId !== null) openChat(state.chatId);
      break;
    case 'user_created':
    case 'user_updated':
      loadUsers();
      break;
    case 'webhook_changed':
    case 'update_enqueued':
      refreshInfoSoon();
      break;
    case 'reset':
      toast(t('toast.reset'));
      loadUsers().then(() => state.userId !== null && selectUser(state.userId));
      break;
    default:
      break;
  }
}

function connectEvents() {
  const source = new EventSource(`/_emulator/events/stream?since=${state.lastSeq}`);
  source.onmessage = (message) => {
    try {
      handleEvent(JSON.parse(message.data));
    } catch (error) {
      console.warn('bad event', error);
    }
  };
  return source;
}

// ------------------------------------------------------------------ wiring

function wire() {
  for (const b of document.querySelectorAll('.lang-switch button')) {
    b.addEventListener('click', () => {
      state.lang = b.dataset.lang;
      localStorage.setItem('emu.lang', state.lang);
      applyLanguage();
      loadUsers();
      refreshInfo();
      if (state.chatId !== null) openChat(state.chatId);
    });
  }
  $('user-select').addEventListener('change', (e) => selectUser(Number(e.target.value)));
  $('stranger-btn').addEventListener('click', async () => {
    const user = await attempt(() => api('POST', '/users', { language_code: state.lang }));
    if (!user) return;
    toast(t('toast.userCreated', { name: fullName(user) }));
    await loadUsers();
    await selectUser(user.id);
    await loadUsers();
  });
  $('new-user-btn').addEventListener('click', () => {
    $('user-form').reset();
    $('user-form').elements.language_code.value = state.lang;
    $('user-dialog').showModal();
  });
  $('user-dialog').addEventListener('close', async () => {
    if ($('user-dialog').returnValue !== 'create') return;
    const data = Object.fromEntries(new FormData($('user-form')));
    for (const k of Object.keys(data)) if (data[k] === '') delete data[k];
    const user = await attempt(() => api('POST', '/users', data));
    if (!user) return;
    toast(t('toast.userCreated', { name: fullName(user) }));
    await loadUsers();
    await selectUser(user.id);
    await loadUsers();
  });
  $('new-group-btn').addEventListener('click', () => {
    if (state.userId === null) return;
    $('group-form').reset();
    $('group-members').replaceChildren(
      ...state.users
        .filter((u) => u.id !== state.userId)
        .map((u) => el('label', {}, el('input', { type: 'checkbox', name: 'member', value: String(u.id) }), u.label || fullName(u))),
    );
    $('group-dialog').showModal();
  });
  $('group-dialog').addEventListener('close', async () => {
    if ($('group-dialog').returnValue !== 'create') return;
    const form = $('group-form');
    const fd = new FormData(form);
    const chat = await attempt(() =>
      api('POST', '/chats', {
        title: fd.get('title'),
        type: fd.get('type'),
        creator_id: state.userId,
        member_ids: fd.getAll('member').map(Number),
        add_bot: fd.get('add_bot') === 'on',
        bot_admin: fd.get('bot_admin') === 'on',
      }),
    );
    if (!chat) return;
    await loadChats();
    await openChat(chat.id);
  });
  $('reset-btn').addEventListener('click', () => {
    if (confirm(t('header.resetConfirm'))) attempt(() => api('POST', '/reset', {}));
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('composer-input');
    const text = input.value;
    input.value = '';
    $('commands-popover').classList.add('hidden');
    sendText(text);
  });
  $('composer-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      $('composer').requestSubmit();
    }
  });
  $('composer-input').addEventListener('input', (e) => {
    const v = e.target.value;
    if (v.startsWith('/') && !v.includes(' ')) showCommands(v);
    else $('commands-popover').classList.add('hidden');
  });
  $('menu-btn').addEventListener('click', () => {
    const mb = state.commands.menu_button;
    if (mb?.type === 'web_app') openWebApp({ url: mb.web_app.url, source: 'menu', title: mb.text, buttonText: mb.text });
    else if ($('commands-popover').classList.contains('hidden')) showCommands('');
    else $('commands-popover').classList.add('hidden');
  });
  $('kb-toggle').addEventListener('click', () => {
    state.keyboardHidden = !state.keyboardHidden;
    renderComposer();
  });
  $('reply-cancel').addEventListener('click', () => {
    state.replyTo = null;
    renderReplyBar();
  });
  $('start-btn').addEventListener('click', async () => {
    if (state.details?.blocked) await attempt(() => api('POST', `/users/${state.userId}/unblock`));
    await sendText('/start');
    await loadChats();
    await openChat(state.chatId);
  });
  $('webapp-close').addEventListener('click', closeWebApp);
  $('webapp-reload').addEventListener('click', () => {
    if (state.webApp) $('webapp-frame').src = state.webApp.launch.url;
  });
  $('webapp-main-button').addEventListener('click', () => postToWebApp('main_button_pressed'));
  $('activity-clear').addEventListener('click', () => {
    $('activity-list').replaceChildren();
    $('activity-empty').classList.remove('hidden');
  });
}

async function init() {
  applyLanguage();
  wire();
  await refreshInfo();
  const events = await api('GET', '/events?since=0');
  state.lastSeq = events.length ? events[events.length - 1].seq : 0;
  await loadUsers();
  const saved = Number(localStorage.getItem('emu.user'));
  const initial = state.users.find((u) => u.id === saved) ? saved : null;
  if (initial !== null) {
    await loadUsers();
    await selectUser(initial);
    await loadUsers();
  } else {
    $('no-user').classList.remove('hidden');
  }
  connectEvents();
  setInterval(refreshInfo, 4000);
}

init().catch((error) => toast(t('toast.error', { message: error.message }), 'error'));

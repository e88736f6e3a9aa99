// The agent desk: queues, the agent's conversations, and one conversation at a time to work on.
// Plain DOM, no framework; text is always set with textContent (never parsed as HTML).
// Live updates by polling cheap endpoints every 2 s (see routing-service/README.md, "Agent desk", for why).

import { Oidc, claimsOf } from './oidc.js';
import { GENERAL, cannedMatches, expandCanned, isSupervisor, queuesFor, ratingText, seesTransfer, senderLabel,
  timeline, waited } from './desk-logic.js';

const POLL_MS = 2000;
const $ = id => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

const state = {
  me: null, teams: [], agents: [], canned: [], waiting: [], mine: [], meta: null,
  current: null, // { transfer, conversation, messages, notes, lastMessageId }
  timer: null
};

let oidc;

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.code = problem && problem.code;
  }
}

async function api(method, path, body, extraHeaders = {}) {
  const token = await oidc.accessToken();
  if (!token) {
    showSignIn();
    throw new ApiError(401, { detail: 'Signed out' });
  }
  const headers = { Authorization: 'Bearer ' + token, ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const answer = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (answer.status === 204) return null;
  const json = await answer.json().catch(() => null);
  if (!answer.ok) throw new ApiError(answer.status, json);
  return json;
}

function notice(text, error = false) {
  const n = $('notice');
  n.textContent = text;
  n.classList.toggle('error', error);
  n.hidden = !text;
  if (text) setTimeout(() => { if (n.textContent === text) n.hidden = true; }, 6000);
}

function showSignIn(message) {
  $('app').hidden = true;
  $('signin').hidden = false;
  $('signin-error').textContent = message || '';
  clearTimeout(state.timer);
}

// ---- loading and polling ----------------------------------------------------------------------------------

async function start() {
  const config = await (await fetch('/desk/config.json')).json();
  oidc = new Oidc(config, location.origin + '/desk/');
  $('signin-button').addEventListener('click', () => oidc.signIn().catch(e => showSignIn(e.message)));
  try {
    if (await oidc.completeSignIn(location.href)) history.replaceState(null, '', '/desk/');
  } catch (e) {
    history.replaceState(null, '', '/desk/');
    return showSignIn(e.message);
  }
  if (!(await oidc.accessToken())) return showSignIn();
  try {
    state.me = (await api('GET', '/v1/agents/me')).data;
  } catch (e) {
    if (e.code === 'AGENT_NOT_FOUND') {
      const user = claimsOf(await oidc.accessToken()).preferred_username;
      return showSignIn('No agent is linked to ' + user + ': an admin sets an agent\'s userId to ' + user + '.');
    }
    return showSignIn(e.message);
  }
  $('signin').hidden = true;
  $('app').hidden = false;
  wire();
  renderMe();
  await Promise.all([loadTeams(), loadCanned(), isSupervisor(state.me) ? loadAgents() : null]);
  await poll();
}

async function loadTeams() {
  state.teams = (await api('GET', '/v1/teams?perPage=100')).data.map(t => ({ id: t.id, name: t.attributes.name }));
}

async function loadAgents() {
  state.agents = (await api('GET', '/v1/agents?all=true&type=human&perPage=100')).data;
}

async function loadCanned() {
  state.canned = (await api('GET', '/v1/canned-responses?perPage=100')).data
    .map(r => ({ id: r.id, shortcut: r.attributes.shortcut, title: r.attributes.title, text: r.attributes.text }));
  renderCanned();
}

async function poll() {
  clearTimeout(state.timer);
  try {
    const [waiting, mine] = await Promise.all([
      api('GET', '/v1/transfers?status=waiting&perPage=100'),
      api('GET', '/v1/transfers?status=assigned&agentId=' + encodeURIComponent(state.me.id) + '&perPage=100')
    ]);
    state.meta = waiting.meta;
    state.waiting = waiting.data.filter(t => seesTransfer(state.me, t.attributes));
    state.mine = mine.data;
    renderQueues();
    if (state.current) await refreshConversation();
  } catch (e) {
    if (e.status !== 401) notice(e.message, true);
  }
  if (!$('app').hidden) state.timer = setTimeout(poll, document.hidden ? POLL_MS * 5 : POLL_MS);
}

// ---- rendering --------------------------------------------------------------------------------------------

function teamName(id) {
  if (!id) return 'General queue';
  const t = state.teams.find(t => t.id === id);
  return t ? t.name : id;
}

function agentNames() {
  const names = {};
  for (const a of state.agents) names[a.id] = a.attributes.name;
  return names;
}

function renderMe() {
  const a = state.me.attributes;
  $('me').textContent = a.name + (isSupervisor(state.me) ? ' · supervisor' : '');
  $('status').value = a.status;
}

let shownQueues = '';

/** Redraws the sidebar only when something in it changed, so focus and hover survive the polling. */
function renderQueues() {
  const queues = queuesFor(state.me, state.teams, state.meta);
  const shown = JSON.stringify([queues, state.waiting.map(t => [t.id, t.attributes.notes, waited(t.attributes.transferredAt)]),
    state.mine.map(t => t.id), state.current && state.current.transfer.id, state.agents.map(a => [a.id, a.attributes.activeChats])]);
  if (shown === shownQueues) return;
  shownQueues = shown;
  $('queues').replaceChildren(...queues.map(q => el('li', { class: 'queue', 'data-queue': q.id },
    el('span', { class: 'queue-name', text: q.name }),
    el('span', { class: 'count', text: String(q.count) }),
    el('button', { type: 'button', class: 'pickup-next', text: 'Pick up next', onclick: () => pickupNext(q.id),
      ...(q.count ? {} : { disabled: '' }) }))));

  $('waiting-count').textContent = String(state.waiting.length);
  $('waiting').replaceChildren(...state.waiting.map(t => {
    const a = t.attributes;
    const item = el('li', { class: 'transfer', 'data-transfer': t.id, 'data-conversation': a.conversationId || '' },
      el('div', { class: 'transfer-head' },
        el('span', { class: 'queue-name', text: teamName(a.teamId) }),
        el('span', { class: 'muted', text: waited(a.transferredAt) })),
      el('p', { class: 'transfer-notes', text: a.notes || a.reason || '' }),
      el('button', { type: 'button', class: 'pickup', text: 'Pick up', onclick: () => pickup(t) }));
    if (isSupervisor(state.me)) {
      const select = el('select', { class: 'assign-to', 'aria-label': 'Assign to agent' },
        el('option', { value: '', text: 'Assign to…' }),
        ...state.agents.map(ag => el('option', { value: ag.id, text: ag.attributes.name + ' (' + ag.attributes.activeChats
          + '/' + ag.attributes.maxChatsCount + ')' })));
      select.addEventListener('change', () => select.value && assign(t, select.value));
      item.append(select);
    }
    return item;
  }));

  $('mine-count').textContent = String(state.mine.length);
  $('mine').replaceChildren(...state.mine.map(t => {
    const a = t.attributes;
    const open = state.current && state.current.transfer.id === t.id;
    return el('li', { class: 'transfer mine' + (open ? ' open' : ''), 'data-transfer': t.id,
      'data-conversation': a.conversationId || '' },
      el('button', { type: 'button', class: 'open-conversation', onclick: () => openTransfer(t),
        text: (a.notes || 'Conversation') + ' · ' + teamName(a.teamId) }));
  }));
}

function renderConversation() {
  const cur = state.current;
  $('empty').hidden = !!cur;
  $('work').hidden = !cur;
  if (!cur) return;
  const c = cur.conversation.attributes;
  const t = cur.transfer.attributes;
  $('conv-title').textContent = 'Conversation on ' + (c.channelType || 'a channel');
  $('conv-status').textContent = c.status.replace('_', ' ');
  const rating = ratingText(cur.conversation);
  $('conv-rating').hidden = !rating;
  $('conv-rating').textContent = rating || '';
  $('transfer-notes').textContent = t.notes || '(none)';
  $('transfer-reason').textContent = [t.reason && 'Reason: ' + t.reason, 'Queue: ' + teamName(t.teamId)]
    .filter(Boolean).join(' · ');
  const vars = Object.entries(cur.variables || {});
  $('variables').replaceChildren(...(vars.length ? vars.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])
    : [el('dd', { class: 'muted', text: '(none)' })]));
  const list = $('timeline');
  const shown = JSON.stringify([cur.transfer.id, cur.messages.length, cur.notes.map(n => n.id), c.status, c.rating,
    t.status, Object.keys(cur.variables || {}).length]);
  if (shown === cur.shown && !cur.scroll) return;
  cur.shown = shown;
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...timeline(cur.messages, cur.notes).map(item => el('li',
    { class: 'item ' + item.kind + ' ' + item.sender, 'data-id': item.id },
    el('span', { class: 'who', text: senderLabel(item, state.me, agentNames()) }),
    el('p', { class: 'text', text: item.text || '' }),
    ...(item.buttons.length ? [el('p', { class: 'buttons muted', text: item.buttons.map(b => '[' + b.title + ']').join(' ') })] : []),
    el('time', { datetime: item.at, text: new Date(item.at).toLocaleTimeString() }))));
  if (atBottom || cur.scroll) list.scrollTop = list.scrollHeight;
  cur.scroll = false;
  const open = t.status === 'assigned' && c.status !== 'closed';
  for (const id of ['resume', 'close', 'send']) $(id).disabled = !open;
}

function renderCanned() {
  $('canned-list').replaceChildren(...state.canned.map(r => el('li', { class: 'canned', 'data-shortcut': r.shortcut },
    el('code', { text: '/' + r.shortcut }),
    el('span', { class: 'canned-text', text: (r.title ? r.title + ': ' : '') + r.text }),
    el('button', { type: 'button', class: 'canned-delete', 'aria-label': 'Delete /' + r.shortcut, text: 'Delete',
      onclick: () => deleteCanned(r) }))));
}

function renderSuggestions() {
  const matches = cannedMatches($('composer-text').value, state.canned);
  const box = $('suggestions');
  box.hidden = matches.length === 0;
  box.replaceChildren(...matches.slice(0, 6).map((r, i) => el('li', { role: 'option', class: 'suggestion',
    'data-shortcut': r.shortcut, 'aria-selected': String(i === 0), onclick: () => useCanned(r) },
    el('code', { text: '/' + r.shortcut }), el('span', { text: r.text }))));
}

function useCanned(r) {
  $('composer-text').value = r.text;
  $('suggestions').hidden = true;
  $('composer-text').focus();
}

// ---- actions ----------------------------------------------------------------------------------------------

async function act(work, done) {
  try {
    await work();
    if (done) notice(done);
  } catch (e) {
    if (e.status !== 401) notice(e.message, true);
  }
  await poll();
}

function pickupNext(queue) {
  return act(async () => {
    const t = (await api('POST', '/v1/transfers/pickup?teamId=' + encodeURIComponent(queue) + '&agentId='
      + encodeURIComponent(state.me.id))).data;
    await openTransfer(t);
  }, 'Picked up the oldest waiting conversation');
}

function pickup(transfer) {
  return act(async () => {
    const t = (await api('PUT', '/v1/transfers/' + transfer.id + '/assign', { agentId: state.me.id })).data;
    await openTransfer(t);
  }, 'Picked up');
}

function assign(transfer, agentId) {
  return act(async () => {
    await api('PUT', '/v1/transfers/' + transfer.id + '/assign', { agentId });
    await loadAgents();
  }, 'Assigned');
}

async function openTransfer(transfer) {
  const id = transfer.attributes.conversationId;
  const [conversation, messages, notes, sessions] = await Promise.all([
    api('GET', '/v1/conversations/' + id), allMessages(id), api('GET', '/v1/conversations/' + id + '/notes?perPage=100'),
    api('GET', '/v1/sessions?conversationId=' + encodeURIComponent(id))]);
  state.current = { transfer, conversation: conversation.data, messages, notes: notes.data,
    variables: sessions.data.length ? sessions.data[0].attributes.variables : {}, scroll: true };
  renderQueues();
  renderConversation();
}

async function allMessages(conversationId) {
  const all = [];
  for (let page = 1; ; page++) {
    const answer = await api('GET', '/v1/conversations/' + conversationId + '/messages?perPage=100&page=' + page);
    all.push(...answer.data);
    if (page >= answer.meta.pagination.totalPages) return all;
  }
}

async function refreshConversation() {
  const cur = state.current;
  const id = cur.transfer.attributes.conversationId;
  const last = cur.messages.length ? cur.messages[cur.messages.length - 1].id : null;
  const [fresh, notes, conversation, transfer] = await Promise.all([
    api('GET', '/v1/conversations/' + id + '/messages?perPage=100' + (last ? '&after=' + last : '')),
    api('GET', '/v1/conversations/' + id + '/notes?perPage=100'),
    api('GET', '/v1/conversations/' + id), api('GET', '/v1/transfers/' + cur.transfer.id)]);
  if (state.current !== cur) return;
  cur.messages.push(...fresh.data);
  cur.notes = notes.data;
  cur.conversation = conversation.data;
  cur.transfer = transfer.data;
  renderConversation();
}

async function send(event) {
  event.preventDefault();
  const cur = state.current;
  const box = $('composer-text');
  const text = expandCanned(box.value, state.canned).trim();
  if (!cur || !text) return;
  const isNote = $('private').checked;
  const path = '/v1/conversations/' + cur.transfer.attributes.conversationId + (isNote ? '/notes' : '/messages');
  await act(async () => {
    await api('POST', path, { text, agentId: state.me.id }, isNote ? { 'Idempotency-Key': crypto.randomUUID() } : {});
    box.value = '';
    $('private').checked = false;
    renderSuggestions();
    cur.scroll = true;
  }, isNote ? 'Note saved (only your team sees it)' : null);
}

function resume() {
  const cur = state.current;
  return act(async () => {
    await api('PUT', '/v1/transfers/' + cur.transfer.id + '/resume');
    state.current = null;
    renderConversation();
  }, 'Handed back to the bot');
}

function closeConversation() {
  const cur = state.current;
  return act(async () => {
    await api('POST', '/v1/conversations/' + cur.transfer.attributes.conversationId + '/close');
    // routing ends the transfer (and frees the slot) when it reads conversation.closed; resuming now frees it at once,
    // and a 409 means routing was first
    await api('PUT', '/v1/transfers/' + cur.transfer.id + '/resume').catch(e => {
      if (e.code !== 'TRANSFER_RESUMED') throw e;
    });
    state.current = null;
    renderConversation();
  }, 'Conversation closed');
}

function setStatus() {
  return act(async () => {
    state.me = (await api('PATCH', '/v1/agents/' + state.me.id, { status: $('status').value })).data;
    renderMe();
  }, 'Status changed');
}

function saveCanned(event) {
  event.preventDefault();
  return act(async () => {
    await api('POST', '/v1/canned-responses', { shortcut: $('canned-shortcut').value,
      title: $('canned-title-input').value || null, text: $('canned-text').value },
      { 'Idempotency-Key': crypto.randomUUID() });
    $('canned-form').reset();
    await loadCanned();
  }, 'Canned response added');
}

function deleteCanned(r) {
  return act(async () => {
    await api('DELETE', '/v1/canned-responses/' + r.id);
    await loadCanned();
  }, 'Canned response deleted');
}

function wire() {
  $('status').addEventListener('change', setStatus);
  $('composer').addEventListener('submit', send);
  $('composer-text').addEventListener('input', renderSuggestions);
  $('composer-text').addEventListener('keydown', e => {
    const matches = cannedMatches($('composer-text').value, state.canned);
    if ((e.key === 'Tab' || e.key === 'Enter') && matches.length && !e.shiftKey) {
      e.preventDefault();
      useCanned(matches[0]);
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      $('composer').requestSubmit();
    }
  });
  $('resume').addEventListener('click', resume);
  $('close').addEventListener('click', closeConversation);
  $('canned-open').addEventListener('click', () => $('canned-dialog').showModal());
  $('canned-close').addEventListener('click', () => $('canned-dialog').close());
  $('canned-form').addEventListener('submit', saveCanned);
  $('signout').addEventListener('click', () => oidc.signOut());
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });
}

start().catch(e => showSignIn(e.message));

// The desk's decisions that need no page: who sees which queue, canned-response shortcuts, the merged timeline.
// Unit-tested with Node's test runner (routing-service/src/test/js).

export const GENERAL = 'general';

// An agent is the API's resource, as GET /v1/agents/me answers it: { id, attributes: { defaultGroupPriority, groups } }.

function groupsOf(agent) {
  return (agent && agent.attributes && agent.attributes.groups) || [];
}

/** A supervisor sees every queue and may assign transfers to agents. */
export function isSupervisor(agent) {
  if (!agent || !agent.attributes) return false;
  return agent.attributes.defaultGroupPriority === 'supervisor' || groupsOf(agent).some(g => g.priority === 'supervisor');
}

/** Whether the agent works the queue of this transfer: the general queue, their teams', or every one for supervisors. */
export function seesTransfer(agent, transfer) {
  if (isSupervisor(agent)) return true;
  const team = transfer.teamId;
  return !team || groupsOf(agent).some(g => g.id === team);
}

/**
 * The queues to show, each with its waiting count: the general queue first, then the agent's teams (every team for
 * a supervisor), by name. {@code teams}: [{id, name}]; {@code meta}: the transfers list's queue counts.
 */
export function queuesFor(agent, teams, meta) {
  const counts = (meta && meta.teamQueueCounts) || {};
  const mine = new Set(groupsOf(agent).map(g => g.id));
  const visible = isSupervisor(agent) ? teams : teams.filter(t => mine.has(t.id));
  const named = visible.map(t => ({ id: t.id, name: t.name, count: counts[t.id] || 0 }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return [{ id: GENERAL, name: 'General queue', count: (meta && meta.generalQueueCount) || 0 }, ...named];
}

/** The canned responses a composer text starting with "/" points at (by shortcut prefix), best first. */
export function cannedMatches(text, responses) {
  const m = /^\/([a-z0-9_-]*)$/i.exec((text || '').trim());
  if (!m) return [];
  const prefix = m[1].toLowerCase();
  return responses.filter(r => r.shortcut.startsWith(prefix))
    .sort((a, b) => (a.shortcut === prefix ? -1 : b.shortcut === prefix ? 1 : a.shortcut.localeCompare(b.shortcut)));
}

/** "/refund" typed exactly becomes that response's text; anything else stays as typed. */
export function expandCanned(text, responses) {
  const m = /^\/([a-z0-9_-]+)$/i.exec((text || '').trim());
  if (!m) return text;
  const found = responses.find(r => r.shortcut === m[1].toLowerCase());
  return found ? found.text : text;
}

/** Messages and private notes in one list, oldest first (a note after a message of the same instant). */
export function timeline(messages, notes) {
  const items = [
    ...messages.map(m => ({ kind: 'message', id: m.id, at: m.attributes.createdAt, sender: m.attributes.sender,
      text: m.attributes.text, buttons: m.attributes.buttons || [], agentId: m.attributes.agentId })),
    ...notes.map(n => ({ kind: 'note', id: n.id, at: n.attributes.createdAt, sender: 'note', text: n.attributes.text,
      buttons: [], agentId: n.attributes.agentId }))
  ];
  return items.sort((a, b) => (Date.parse(a.at) - Date.parse(b.at)) || (a.kind === b.kind ? 0 : a.kind === 'note' ? 1 : -1));
}

/** Who wrote a timeline item, in the desk's words. */
export function senderLabel(item, me, agentNames) {
  if (item.kind === 'note') return 'Private note' + (item.agentId ? ' · ' + nameOf(item.agentId, me, agentNames) : '');
  if (item.sender === 'contact') return 'Customer';
  if (item.sender === 'bot') return 'Bot';
  return item.agentId ? nameOf(item.agentId, me, agentNames) : 'Agent';
}

function nameOf(agentId, me, agentNames) {
  if (me && agentId === me.id) return 'You';
  return (agentNames && agentNames[agentId]) || 'Agent';
}

/** How long a transfer has waited, short: "just now", "4 min", "2 h 5 min". */
export function waited(since, now = Date.now()) {
  const minutes = Math.floor((now - Date.parse(since)) / 60000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return minutes + ' min';
  return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
}

/** The rating line for a conversation's feedback, or null without one. */
export function ratingText(conversation) {
  const a = conversation && conversation.attributes;
  if (!a || a.rating == null) return null;
  return 'Rating ' + '★'.repeat(a.rating) + '☆'.repeat(5 - a.rating) + (a.feedbackComment ? ' "' + a.feedbackComment + '"' : '');
}

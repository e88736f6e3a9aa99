// The desk's own logic, run by DeskScriptsTest with Node's built-in test runner (no npm package needed).
import test from 'node:test';
import assert from 'node:assert/strict';
import { cannedMatches, expandCanned, isSupervisor, queuesFor, ratingText, seesTransfer, senderLabel, timeline, waited }
  from './desk-logic.mjs';

// agents as GET /v1/agents/me answers them
const agent = { id: 'agt_a', attributes: { name: 'Ann', defaultGroupPriority: 'normal',
  groups: [{ id: 'team_s', priority: 'first' }] } };
const boss = { id: 'agt_b', attributes: { name: 'Bo', defaultGroupPriority: 'supervisor', groups: [] } };
const teams = [{ id: 'team_x', name: 'Billing' }, { id: 'team_s', name: 'Support' }];
const meta = { generalQueueCount: 2, teamQueueCounts: { team_s: 3, team_x: 5 } };

test('an agent sees the general queue and their teams; a supervisor sees every queue', () => {
  assert.deepEqual(queuesFor(agent, teams, meta), [
    { id: 'general', name: 'General queue', count: 2 }, { id: 'team_s', name: 'Support', count: 3 }]);
  assert.deepEqual(queuesFor(boss, teams, meta).map(q => [q.id, q.count]),
    [['general', 2], ['team_x', 5], ['team_s', 3]]);
  assert.equal(queuesFor(agent, teams, null)[0].count, 0);
});

test('supervisor by default priority or in any team', () => {
  assert.equal(isSupervisor(agent), false);
  assert.equal(isSupervisor(boss), true);
  assert.equal(isSupervisor({ id: 'agt_c', attributes: { defaultGroupPriority: 'normal',
    groups: [{ id: 't', priority: 'supervisor' }] } }), true);
  assert.equal(isSupervisor(null), false);
});

test('transfers of other teams are not shown to an agent', () => {
  assert.equal(seesTransfer(agent, { teamId: null }), true);
  assert.equal(seesTransfer(agent, { teamId: 'team_s' }), true);
  assert.equal(seesTransfer(agent, { teamId: 'team_x' }), false);
  assert.equal(seesTransfer(boss, { teamId: 'team_x' }), true);
});

test('canned responses by shortcut prefix, the exact one first; only a lone /word expands', () => {
  const canned = [{ shortcut: 'refund-eu', text: 'EU' }, { shortcut: 'refund', text: 'Refunds take 5 days.' },
    { shortcut: 'hello', text: 'Hi!' }];
  assert.deepEqual(cannedMatches('/ref', canned).map(r => r.shortcut), ['refund', 'refund-eu']);
  assert.deepEqual(cannedMatches('/refund', canned).map(r => r.shortcut), ['refund', 'refund-eu']);
  assert.deepEqual(cannedMatches('/', canned).length, 3);
  assert.deepEqual(cannedMatches('see /ref', canned), []);
  assert.deepEqual(cannedMatches('/ref und', canned), []);
  assert.equal(expandCanned('/REFUND', canned), 'Refunds take 5 days.');
  assert.equal(expandCanned('/nope', canned), '/nope');
  assert.equal(expandCanned('ask about /refund', canned), 'ask about /refund');
});

test('messages and notes merge oldest first, a note after a message of the same instant', () => {
  const m = (id, at, sender) => ({ id, attributes: { createdAt: at, sender, text: id } });
  const n = (id, at) => ({ id, attributes: { createdAt: at, text: id, agentId: 'agt_a' } });
  const items = timeline([m('m1', '2026-11-26T10:00:00Z', 'contact'), m('m2', '2026-11-26T10:00:05Z', 'bot')],
    [n('n1', '2026-11-26T10:00:00Z'), n('n0', '2026-11-26T09:59:00Z')]);
  assert.deepEqual(items.map(i => i.id), ['n0', 'm1', 'n1', 'm2']);
  assert.equal(items[0].kind, 'note');
  assert.equal(senderLabel(items[0], agent, {}), 'Private note · You');
  assert.equal(senderLabel(items[1], agent, {}), 'Customer');
  assert.equal(senderLabel(items[3], agent, {}), 'Bot');
  assert.equal(senderLabel({ kind: 'message', sender: 'agent', agentId: 'agt_z' }, agent, { agt_z: 'Zoe' }), 'Zoe');
});

test('waiting times and ratings read as people say them', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  assert.equal(waited('2026-11-26T11:59:30Z', now), 'just now');
  assert.equal(waited('2026-11-26T11:56:00Z', now), '4 min');
  assert.equal(waited('2026-11-26T09:55:00Z', now), '2 h 5 min');
  assert.equal(ratingText({ attributes: { rating: null } }), null);
  assert.equal(ratingText({ attributes: { rating: 4, feedbackComment: 'quick' } }), 'Rating ★★★★☆ "quick"');
});

// The widget's own logic (Core of src/main/resources/widget/parley-chat-app.js), run by node's test runner from
// WidgetLogicTest. No npm package needed.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const Core = require(path.join(__dirname, '../../main/resources/widget/parley-chat-app.js'));

test('strings follow the bot language, by primary subtag, English otherwise', () => {
  assert.equal(Core.strings('de-AT').send, 'Senden');
  assert.equal(Core.strings('fr').send, 'Envoyer');
  assert.equal(Core.strings('es').send, 'Enviar');
  assert.equal(Core.strings('EN_gb').send, 'Send');
  assert.equal(Core.strings('pt').send, 'Send');
  assert.equal(Core.strings(undefined).send, 'Send');
  for (const lang of ['en', 'de', 'fr', 'es', 'ar']) { // every language has every string
    assert.deepEqual(Object.keys(Core.strings(lang)).sort(), Object.keys(Core.strings('en')).sort(), lang);
  }
});

test('right-to-left languages', () => {
  assert.equal(Core.isRtl('ar'), true);
  assert.equal(Core.isRtl('he-IL'), true);
  assert.equal(Core.isRtl('fa'), true);
  assert.equal(Core.isRtl('en'), false);
  assert.equal(Core.isRtl('de'), false);
});

test('1-3 buttons are quick replies, 4-10 a list, otherwise none', () => {
  const b = (n) => Array.from({ length: n }, (_, i) => ({ id: 'b' + i, title: 'B' + i }));
  assert.equal(Core.buttonLayout(undefined), null);
  assert.equal(Core.buttonLayout(b(0)), null);
  assert.equal(Core.buttonLayout(b(1)), 'quick');
  assert.equal(Core.buttonLayout(b(3)), 'quick');
  assert.equal(Core.buttonLayout(b(4)), 'list');
  assert.equal(Core.buttonLayout(b(10)), 'list');
  assert.equal(Core.buttonLayout(b(11)), null);
});

test('data attributes override the channel settings; invalid colours are ignored', () => {
  const server = { title: 'Acme help', primaryColor: '#112233', position: 'left', welcomeText: 'Hi', language: 'de',
    botName: 'Acme Bot', greeting: { message: 'Hello' } };
  const s = Core.settings(server, { title: 'Shop', color: 'red;background:url(x)', position: undefined, language: '' });
  assert.equal(s.title, 'Shop');
  assert.equal(s.primaryColor, '#112233');
  assert.equal(s.position, 'left');
  assert.equal(s.language, 'de');
  assert.equal(s.welcomeText, 'Hi');
  assert.equal(s.greeting.message, 'Hello');
  const d = Core.settings({}, { color: '#ABC', position: 'middle' });
  assert.equal(d.primaryColor, '#ABC');
  assert.equal(d.position, 'right');
  assert.equal(d.language, 'en');
  assert.equal(d.textColor, '#ffffff');
});

test('avatars only from the platform or inline data', () => {
  const base = 'https://chat.example';
  assert.equal(Core.avatarAllowed('https://chat.example/a.png', base), true);
  assert.equal(Core.avatarAllowed('/a.png', base), true);
  assert.equal(Core.avatarAllowed('data:image/png;base64,iVBORw0KGgo=', base), true);
  assert.equal(Core.avatarAllowed('https://cdn.other.example/a.png', base), false);
  assert.equal(Core.avatarAllowed('data:text/html;base64,PHNjcmlwdD4=', base), false);
  assert.equal(Core.avatarAllowed('', base), false);
});

test('session keys per channel and per signed user', () => {
  assert.equal(Core.sessionKey('ch_1'), 'parley-chat:ch_1');
  assert.equal(Core.sessionKey('ch_1', 'u42'), 'parley-chat:ch_1:user:u42');
});

test('merge: one entry per id, ordered by seq, a local copy replaced by the stored message it became', () => {
  const local = { localId: 'l1', sender: 'contact', text: 'hi', state: 'sent', seq: 0.5 };
  let list = Core.merge([], [local]);
  list = Core.merge(list, [{ id: 'm2', seq: 2, sender: 'bot', text: 'Hello' }]);
  assert.deepEqual(list.map((m) => m.id || m.localId), ['l1', 'm2']);
  list = Core.merge(list, [{ id: 'm1', seq: 1, sender: 'contact', text: 'hi', clientMessageId: 'l1' }]);
  assert.deepEqual(list.map((m) => m.id), ['m1', 'm2']);
  list = Core.merge(list, [{ id: 'm2', seq: 2, sender: 'bot', text: 'Hello' }]); // a repeated event
  assert.equal(list.length, 2);
  // the same words again are a new message, not the stored one
  const again = { localId: 'l2', sender: 'contact', text: 'hi', state: 'sent', seq: 2.5 };
  assert.deepEqual(Core.merge(list, [again]).map((m) => m.id || m.localId), ['m1', 'm2', 'l2']);
});

test('a message just written sorts before the replies to it', () => {
  let list = [{ id: 'm1', seq: 7, sender: 'bot', text: 'Hello' }];
  const local = { localId: 'l1', sender: 'contact', text: 'hi', seq: Core.provisionalSeq(list) };
  assert.equal(local.seq, 7.5);
  list = Core.merge(list, [local]);
  list = Core.merge(list, [{ id: 'm3', seq: 9, sender: 'bot', text: 'Answer' }]);
  assert.deepEqual(list.map((m) => m.text), ['Hello', 'hi', 'Answer']);
  list = Core.merge(list, [{ id: 'm2', seq: 8, sender: 'contact', text: 'hi', clientMessageId: 'l1' }]);
  assert.deepEqual(list.map((m) => m.id), ['m1', 'm2', 'm3']);
});

test('the greeting shows first, and the engine\'s copy of it is not shown twice', () => {
  const greeting = { message: 'Welcome!', buttons: [{ id: 'a', title: 'A' }] };
  const messages = [
    { id: '1', seq: 1, sender: 'contact', text: 'A' },
    { id: '2', seq: 2, sender: 'bot', text: 'Welcome!', buttons: greeting.buttons },
    { id: '3', seq: 3, sender: 'bot', text: 'You chose A' }
  ];
  const shown = Core.visible(messages, greeting);
  assert.deepEqual(shown.map((m) => m.text), ['Welcome!', 'A', 'You chose A']);
  assert.deepEqual(Core.visible([], greeting).map((m) => m.text), ['Welcome!']);
  assert.deepEqual(Core.visible(messages, null).map((m) => m.text), ['A', 'Welcome!', 'You chose A']);
});

test('only the last reply\'s buttons can be pressed', () => {
  const withButtons = { id: '2', sender: 'bot', text: 'Pick', buttons: [{ id: 'x', title: 'X' }] };
  assert.equal(Core.activeChoices([withButtons]), withButtons);
  assert.equal(Core.activeChoices([withButtons, { id: '3', sender: 'contact', text: 'X' }]), null);
  assert.equal(Core.activeChoices([]), null);
});

test('the stream cursor only moves forward, on replies', () => {
  assert.equal(Core.lastEventId(5, { id: 'm9', sender: 'bot', seq: 9 }), 9);
  assert.equal(Core.lastEventId(9, { id: 'm7', sender: 'bot', seq: 7 }), 9);
  assert.equal(Core.lastEventId(9, { localId: 'l', sender: 'bot', seq: 9.5 }), 9);
  assert.equal(Core.lastEventId('4', { id: 'm12', sender: 'contact', seq: 12 }), 4);
});

test('typing while the bot decides, not when an agent has the conversation', () => {
  const asked = [{ sender: 'bot', text: 'Hi' }, { sender: 'contact', text: 'Question', state: 'sent' }];
  assert.equal(Core.typing(asked, { handedOff: false }), true);
  assert.equal(Core.typing(asked, { handedOff: true }), false);
  assert.equal(Core.typing(asked.concat([{ sender: 'bot', text: 'Answer' }]), null), false);
  assert.equal(Core.typing([{ sender: 'contact', text: 'x', state: 'failed' }], null), false);
});

test('unread counts replies while the panel is closed and resets when open', () => {
  assert.equal(Core.unread(0, { sender: 'bot' }, false), 1);
  assert.equal(Core.unread(1, { sender: 'agent' }, false), 2);
  assert.equal(Core.unread(2, { sender: 'contact' }, false), 2);
  assert.equal(Core.unread(2, { sender: 'bot' }, true), 0);
});

test('authors: the agent by name, the bot by its name', () => {
  const s = Core.strings('en');
  assert.equal(Core.author({ sender: 'agent', agentName: 'Agnes' }, s, 'Bot'), 'Agnes');
  assert.equal(Core.author({ sender: 'agent' }, s, 'Bot'), 'Agent');
  assert.equal(Core.author({ sender: 'bot' }, s, 'Acme Bot'), 'Acme Bot');
  assert.equal(Core.author({ sender: 'contact' }, s), 'You');
  assert.equal(Core.format('{n} unread', { n: 3 }), '3 unread');
});

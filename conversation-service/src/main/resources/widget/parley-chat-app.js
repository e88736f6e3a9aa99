/*
 * Parley webchat widget: a Web Component (<parley-chat>) in plain JavaScript, no framework and no build step.
 * It talks only to the platform that served it (the element's base attribute), builds its DOM with textContent (never
 * innerHTML), uses no eval and no inline script or style, so it runs under a strict Content-Security-Policy.
 * The first part (Core) is the widget's logic without the DOM; node's test runner checks it (src/test/js).
 */
(function (root) {
  'use strict';

  var STRINGS = {
    en: {
      open: 'Open chat', close: 'Close chat', title: 'Chat with us', placeholder: 'Type a message…', send: 'Send',
      typing: '{name} is typing…', unread: '{n} unread messages', agent: 'Agent', you: 'You', bot: 'Assistant',
      failed: 'Not sent. Tap to retry.', log: 'Conversation', choices: 'Choose an answer', joined: '{name} joined the chat',
      offline: 'Reconnecting…'
    },
    de: {
      open: 'Chat öffnen', close: 'Chat schließen', title: 'Chatten Sie mit uns', placeholder: 'Nachricht eingeben…',
      send: 'Senden', typing: '{name} schreibt…', unread: '{n} ungelesene Nachrichten', agent: 'Mitarbeiter', you: 'Sie',
      bot: 'Assistent', failed: 'Nicht gesendet. Zum Wiederholen tippen.', log: 'Unterhaltung',
      choices: 'Antwort auswählen', joined: '{name} ist dem Chat beigetreten', offline: 'Verbindung wird hergestellt…'
    },
    fr: {
      open: 'Ouvrir le chat', close: 'Fermer le chat', title: 'Discutez avec nous', placeholder: 'Écrivez un message…',
      send: 'Envoyer', typing: '{name} écrit…', unread: '{n} messages non lus', agent: 'Conseiller', you: 'Vous',
      bot: 'Assistant', failed: 'Non envoyé. Touchez pour réessayer.', log: 'Conversation',
      choices: 'Choisissez une réponse', joined: '{name} a rejoint la conversation', offline: 'Reconnexion…'
    },
    es: {
      open: 'Abrir chat', close: 'Cerrar chat', title: 'Chatea con nosotros', placeholder: 'Escribe un mensaje…',
      send: 'Enviar', typing: '{name} está escribiendo…', unread: '{n} mensajes sin leer', agent: 'Agente', you: 'Tú',
      bot: 'Asistente', failed: 'No enviado. Toca para reintentar.', log: 'Conversación',
      choices: 'Elige una respuesta', joined: '{name} se unió al chat', offline: 'Reconectando…'
    },
    ar: {
      open: 'افتح الدردشة', close: 'أغلق الدردشة', title: 'تحدث معنا', placeholder: 'اكتب رسالة…', send: 'إرسال',
      typing: '{name} يكتب…', unread: '{n} رسائل غير مقروءة', agent: 'موظف', you: 'أنت', bot: 'المساعد',
      failed: 'لم تُرسل. اضغط لإعادة المحاولة.', log: 'المحادثة', choices: 'اختر إجابة', joined: 'انضم {name} إلى الدردشة',
      offline: 'جارٍ إعادة الاتصال…'
    }
  };
  var RTL = ['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv'];

  var Core = {
    /** The language's primary subtag, lower case: 'de-AT' → 'de'. */
    language: function (tag) {
      return String(tag || 'en').toLowerCase().split(/[-_]/)[0];
    },
    /** The widget's strings in the bot's language, English for a language it does not have. */
    strings: function (tag) {
      return STRINGS[Core.language(tag)] || STRINGS.en;
    },
    isRtl: function (tag) {
      return RTL.indexOf(Core.language(tag)) >= 0;
    },
    format: function (template, values) {
      return String(template).replace(/\{(\w+)\}/g, function (m, k) {
        return values && values[k] !== undefined ? String(values[k]) : m;
      });
    },
    /** SPEC §4: 1–3 buttons are quick replies, 4–10 a list; none (or more than 10) shows no choices. */
    buttonLayout: function (buttons) {
      var n = buttons ? buttons.length : 0;
      if (n >= 1 && n <= 3) {
        return 'quick';
      }
      if (n >= 4 && n <= 10) {
        return 'list';
      }
      return null;
    },
    /** A CSS colour the widget accepts from settings or attributes: #rgb or #rrggbb; anything else is ignored. */
    color: function (value) {
      return typeof value === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value.trim()) ? value.trim() : null;
    },
    /**
     * The widget's settings: the channel's, each overridden by the page's data attributes when given (and valid).
     */
    settings: function (server, attrs) {
      server = server || {};
      attrs = attrs || {};
      function pick(attr, value) {
        return attr !== undefined && attr !== null && attr !== '' ? attr : value;
      }
      var position = pick(attrs.position, server.position);
      return {
        title: pick(attrs.title, server.title),
        primaryColor: Core.color(attrs.color) || Core.color(server.primaryColor) || '#3557d4',
        textColor: Core.color(attrs.textColor) || Core.color(server.textColor) || '#ffffff',
        position: position === 'left' ? 'left' : 'right',
        avatarUrl: pick(attrs.avatar, server.avatarUrl),
        welcomeText: pick(attrs.welcome, server.welcomeText),
        language: pick(attrs.language, server.language) || 'en',
        botName: server.botName,
        greeting: server.greeting || null
      };
    },
    /** Whether an avatar may be shown: only from the platform itself or inline data, so no other host is contacted. */
    avatarAllowed: function (url, base) {
      if (!url) {
        return false;
      }
      if (/^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=]+$/i.test(url)) {
        return true;
      }
      try {
        return new URL(url, base).origin === new URL(base).origin;
      } catch (e) {
        return false;
      }
    },
    /** Where the visitor's session is kept in the page's storage: per channel, and per user when signed. */
    sessionKey: function (channel, userId) {
      return 'parley-chat:' + channel + (userId ? ':user:' + userId : '');
    },
    /**
     * Merges messages into a list: one entry per id (a later copy replaces an earlier one, and a stored message
     * replaces the local copy whose localId it carries as clientMessageId), ordered by seq.
     */
    merge: function (list, incoming) {
      var byId = {};
      var out = [];
      var all = list.concat(incoming);
      for (var i = 0; i < all.length; i++) {
        var m = all[i];
        var key = m.id || m.localId;
        if (byId[key] !== undefined) {
          out[byId[key]] = m;
        } else {
          byId[key] = out.length;
          out.push(m);
        }
      }
      var stored = {};
      out.forEach(function (m) {
        if (m.id && m.clientMessageId) {
          stored[m.clientMessageId] = true;
        }
      });
      out = out.filter(function (m) {
        return m.id || !stored[m.localId]; // a local copy the server has stored goes
      });
      out.sort(function (a, b) {
        var sa = a.seq || Infinity;
        var sb = b.seq || Infinity;
        return sa === sb ? 0 : sa < sb ? -1 : 1;
      });
      return out;
    },
    /**
     * What the panel shows: the greeting first (the engine sends it with the reply to the first message, but the
     * visitor sees it as soon as the panel opens), then the messages without the engine's copy of it.
     */
    visible: function (messages, greeting) {
      var out = messages.slice();
      if (greeting && greeting.message) {
        for (var i = 0; i < out.length; i++) {
          if (out[i].sender === 'bot') {
            if (out[i].text === greeting.message) {
              out.splice(i, 1);
            }
            break;
          }
        }
        out.unshift({ localId: 'greeting', sender: 'bot', text: greeting.message, buttons: greeting.buttons });
      }
      return out;
    },
    /** The message whose buttons can be pressed: the last one, when it is the bot's or an agent's. */
    activeChoices: function (messages) {
      var last = messages[messages.length - 1];
      return last && last.sender !== 'contact' && last.buttons && Core.buttonLayout(last.buttons) ? last : null;
    },
    /**
     * Where a message the visitor just wrote sorts until the server's copy replaces it: after everything known, before
     * the replies to it (which have higher seqs).
     */
    provisionalSeq: function (messages) {
      var max = 0;
      messages.forEach(function (m) {
        max = Math.max(max, Number(m.seq) || 0);
      });
      return max + 0.5;
    },
    /** The newest event id seen (the cursor a stream resumes from). */
    lastEventId: function (current, message) {
      var seq = message && message.id && message.sender !== 'contact' ? Number(message.seq) || 0 : 0;
      return Math.max(Number(current) || 0, seq);
    },
    /** Whether a reply is being decided: the visitor wrote last and the conversation is with the bot. */
    typing: function (messages, conversation) {
      if (conversation && conversation.handedOff) {
        return false;
      }
      var last = messages[messages.length - 1];
      return !!last && last.sender === 'contact' && last.state !== 'failed';
    },
    /** Messages that arrived while the panel was closed: replies, never the visitor's own. */
    unread: function (count, message, panelOpen) {
      return panelOpen || !message || message.sender === 'contact' ? (panelOpen ? 0 : count) : count + 1;
    },
    /** Who wrote a message, as the visitor reads it. */
    author: function (message, s, botName) {
      if (message.sender === 'contact') {
        return s.you;
      }
      if (message.sender === 'agent') {
        return message.agentName || s.agent;
      }
      return botName || s.bot;
    }
  };

  if (typeof module === 'object' && module.exports) {
    module.exports = Core;
    return;
  }

  var scriptUrl = document.currentScript && document.currentScript.src;
  var assetBase = scriptUrl ? scriptUrl.replace(/[^/]*$/, '') : '';
  var TYPING_TIMEOUT = 20000;
  var uid = 0;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) {
          e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
        }
      });
    }
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    return e;
  }

  /** A 24×24 outline icon (SVG built through the DOM: no markup parsed, nothing inline for the CSP to refuse). */
  function icon(path) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', 'pc-icon');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var p = document.createElementNS(ns, 'path');
    p.setAttribute('d', path);
    svg.appendChild(p);
    return svg;
  }

  function randomId() {
    if (root.crypto && root.crypto.randomUUID) {
      return root.crypto.randomUUID();
    }
    return 'm' + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  class ParleyChat extends HTMLElement {
    constructor() {
      super();
      this.messages = [];
      this.conversation = null;
      this.unreadCount = 0;
      this.isOpen = false;
      this.session = null;
      this.lastEvent = 0;
      this.source = null;
      this.typingTimer = null;
      this.typingExpired = false;
    }

    connectedCallback() {
      if (this.shadowRoot) {
        return;
      }
      this.key = 'parley-chat-' + (++uid);
      this.base = this.getAttribute('base') || (scriptUrl ? new URL(scriptUrl).origin : location.origin);
      this.channel = this.getAttribute('channel');
      this.userId = this.getAttribute('user-id');
      this.userHash = this.getAttribute('user-hash');
      this.attachShadow({ mode: 'open' });
      var css = el('link', { rel: 'stylesheet', href: assetBase + 'parley-chat.css' });
      this.shadowRoot.appendChild(css);
      if (!this.channel) {
        console.warn('parley-chat: data-channel is missing');
        return;
      }
      var self = this;
      this.api('GET', '/v1/webchat/channels/' + encodeURIComponent(this.channel)).then(function (body) {
        self.start(body.data.attributes);
      }).catch(function (e) {
        console.warn('parley-chat: this page may not open channel ' + self.channel + ' (' + e.message + ')');
      });
    }

    attr(name) {
      var v = this.getAttribute(name);
      return v === null ? undefined : v;
    }

    start(server) {
      this.settings = Core.settings(server, {
        title: this.attr('title'), color: this.attr('color'), textColor: this.attr('text-color'),
        position: this.attr('position'), avatar: this.attr('avatar'), welcome: this.attr('welcome'),
        language: this.attr('language')
      });
      this.s = Core.strings(this.settings.language);
      this.render();
      var stored = this.readSession();
      if (stored) {
        this.session = stored;
        this.connect();
      } else if (this.userId) {
        this.openSession().then(this.connect.bind(this)).catch(function () { });
      }
      var self = this;
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'visible' && self.session) {
          self.loadHistory(); // another tab may have written meanwhile
        }
      });
    }

    render() {
      var s = this.s;
      var st = this.settings;
      var lang = Core.language(st.language);
      this.setAttribute('lang', lang);
      this.setAttribute('dir', Core.isRtl(lang) ? 'rtl' : 'ltr');
      this.style.setProperty('--pc-primary', st.primaryColor);
      this.style.setProperty('--pc-on-primary', st.textColor);
      var wrap = el('div', { class: 'pc pc-' + st.position });
      var panelId = this.key + '-panel';
      this.panel = el('section', { class: 'pc-panel', id: panelId, role: 'dialog', 'aria-modal': 'false',
        'aria-label': st.title || s.title, hidden: true });
      var header = el('header', { class: 'pc-header' });
      if (Core.avatarAllowed(st.avatarUrl, this.base)) {
        header.appendChild(el('img', { class: 'pc-avatar', src: new URL(st.avatarUrl, this.base).href, alt: '' }));
      } else {
        header.appendChild(el('span', { class: 'pc-avatar pc-initial', 'aria-hidden': 'true' },
          (st.botName || st.title || s.title).trim().charAt(0).toUpperCase()));
      }
      var titles = el('div', { class: 'pc-titles' });
      titles.appendChild(el('h2', { class: 'pc-title' }, st.title || s.title));
      this.statusLine = el('p', { class: 'pc-status', 'aria-live': 'polite' });
      titles.appendChild(this.statusLine);
      header.appendChild(titles);
      this.closeButton = el('button', { type: 'button', class: 'pc-close', 'aria-label': s.close }, '×');
      header.appendChild(this.closeButton);
      this.panel.appendChild(header);

      this.log = el('div', { class: 'pc-log', role: 'log', 'aria-live': 'polite', 'aria-label': s.log, tabindex: '0' });
      this.panel.appendChild(this.log);
      this.typingRow = el('div', { class: 'pc-typing', hidden: true, 'aria-live': 'polite' });
      this.typingRow.appendChild(el('span', { class: 'pc-dots', 'aria-hidden': 'true' }));
      this.typingText = el('span', { class: 'pc-sr' });
      this.typingRow.appendChild(this.typingText);
      this.panel.appendChild(this.typingRow);

      this.form = el('form', { class: 'pc-form' });
      var inputId = this.key + '-input';
      this.form.appendChild(el('label', { for: inputId, class: 'pc-sr' }, s.placeholder));
      this.input = el('textarea', { id: inputId, class: 'pc-input', rows: '1', maxlength: '4096', dir: 'auto',
        placeholder: s.placeholder, autocomplete: 'off' });
      this.form.appendChild(this.input);
      this.sendButton = el('button', { type: 'submit', class: 'pc-send', 'aria-label': s.send }, '➤');
      this.form.appendChild(this.sendButton);
      this.panel.appendChild(this.form);

      this.launcher = el('button', { type: 'button', class: 'pc-launcher', 'aria-label': s.open,
        'aria-expanded': 'false', 'aria-controls': panelId });
      this.launcher.appendChild(icon('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z'));
      this.badge = el('span', { class: 'pc-badge', hidden: true, 'aria-hidden': 'true' });
      this.launcher.appendChild(this.badge);

      this.wrap = wrap;
      wrap.appendChild(this.panel);
      wrap.appendChild(this.launcher);
      this.shadowRoot.appendChild(wrap);

      var self = this;
      this.launcher.addEventListener('click', function () { self.toggle(!self.isOpen); });
      this.closeButton.addEventListener('click', function () { self.toggle(false); });
      this.panel.addEventListener('keydown', function (e) {
        if (e.key === 'Escape') {
          self.toggle(false);
        }
      });
      this.form.addEventListener('submit', function (e) {
        e.preventDefault();
        self.submitText();
      });
      this.input.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          self.submitText();
        }
      });
      this.paint();
    }

    toggle(open) {
      this.isOpen = open;
      this.panel.hidden = !open;
      this.wrap.classList.toggle('pc-open', open);
      this.launcher.setAttribute('aria-expanded', String(open));
      this.launcher.setAttribute('aria-label', open ? this.s.close : this.s.open);
      if (open) {
        this.unreadCount = 0;
        this.paintBadge();
        this.input.focus();
        this.log.scrollTop = this.log.scrollHeight;
      } else {
        this.launcher.focus();
      }
    }

    readSession() {
      try {
        var raw = root.localStorage.getItem(Core.sessionKey(this.channel, this.userId));
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return null;
      }
    }

    saveSession(session) {
      try {
        root.localStorage.setItem(Core.sessionKey(this.channel, this.userId), JSON.stringify(session));
      } catch (e) {
        // storage refused (private mode): the session lasts as long as the page
      }
    }

    openSession() {
      var self = this;
      var body = { channelId: this.channel, name: this.getAttribute('user-name') || undefined };
      if (this.userId) {
        body.userId = this.userId;
        body.userHash = this.userHash;
      }
      return this.api('POST', '/v1/webchat/sessions', body).then(function (res) {
        self.session = { id: res.data.id, token: res.data.attributes.token };
        self.saveSession(self.session);
        return self.session;
      });
    }

    api(method, path, body, token) {
      var headers = { Accept: 'application/json' };
      if (body) {
        headers['Content-Type'] = 'application/json';
      }
      if (token) {
        headers['X-Webchat-Token'] = token;
      }
      return fetch(this.base + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined,
        mode: 'cors', credentials: 'omit', cache: 'no-store' }).then(function (res) {
        if (!res.ok) {
          var error = new Error('HTTP ' + res.status);
          error.status = res.status;
          throw error;
        }
        return res.status === 204 ? null : res.json();
      });
    }

    connect() {
      var self = this;
      return this.loadHistory().then(function () {
        self.stream();
      }).catch(function (e) {
        if (e.status === 404) { // the session is gone (erased): start afresh on the next message
          self.session = null;
          try {
            root.localStorage.removeItem(Core.sessionKey(self.channel, self.userId));
          } catch (ignored) { }
        }
      });
    }

    loadHistory() {
      var self = this;
      return this.api('GET', '/v1/webchat/sessions/' + encodeURIComponent(this.session.id) + '/messages', null,
        this.session.token).then(function (body) {
        var local = self.messages.filter(function (m) { return !m.id; });
        self.messages = Core.merge(body.data, local);
        self.conversation = body.meta.conversation;
        self.lastEvent = Math.max(self.lastEvent, Number(body.meta.lastEventId) || 0);
        self.paint();
      });
    }

    stream() {
      if (this.source) {
        this.source.close();
      }
      var self = this;
      var url = this.base + '/v1/webchat/sessions/' + encodeURIComponent(this.session.id) + '/events?token='
        + encodeURIComponent(this.session.token) + '&lastEventId=' + this.lastEvent;
      var source = new EventSource(url);
      this.source = source;
      source.addEventListener('message', function (e) {
        var m = JSON.parse(e.data);
        self.lastEvent = Core.lastEventId(self.lastEvent, m);
        self.receive(m);
      });
      source.addEventListener('conversation', function (e) {
        self.conversation = JSON.parse(e.data);
        self.paint();
      });
      source.addEventListener('open', function () {
        self.statusLine.textContent = '';
      });
      source.addEventListener('error', function () {
        if (source.readyState === EventSource.CLOSED) { // refused or gone: reconnect from what we have, later
          self.statusLine.textContent = self.s.offline;
          setTimeout(function () {
            if (self.source === source) {
              self.connect();
            }
          }, 3000);
        }
      });
    }

    receive(message) {
      var before = this.messages.length;
      this.messages = Core.merge(this.messages, [message]);
      if (this.messages.length > before || message.sender !== 'contact') {
        this.unreadCount = Core.unread(this.unreadCount, message, this.isOpen);
      }
      this.paint();
    }

    submitText() {
      var text = this.input.value.trim();
      if (!text) {
        return;
      }
      this.input.value = '';
      this.send({ text: text });
    }

    send(content) {
      var self = this;
      var local = { localId: randomId(), sender: 'contact', text: content.text, state: 'sending',
        seq: Core.provisionalSeq(this.messages) };
      this.messages = Core.merge(this.messages, [local]);
      this.typingExpired = false;
      this.paint();
      var ready = this.session ? Promise.resolve(this.session) : this.openSession().then(function (s) {
        self.stream();
        return s;
      });
      ready.then(function (session) {
        return self.api('POST', '/v1/webchat/sessions/' + encodeURIComponent(session.id) + '/messages',
          { text: content.text, buttonId: content.buttonId, clientMessageId: local.localId }, session.token);
      }).then(function () {
        local.state = 'sent';
        self.armTyping();
        self.paint();
      }).catch(function () {
        local.state = 'failed';
        local.retry = content;
        self.paint();
      });
    }

    armTyping() {
      var self = this;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(function () {
        self.typingExpired = true;
        self.paint();
      }, TYPING_TIMEOUT);
    }

    paintBadge() {
      this.badge.hidden = this.unreadCount === 0;
      this.badge.textContent = this.unreadCount > 9 ? '9+' : String(this.unreadCount);
      this.launcher.setAttribute('aria-label', this.isOpen ? this.s.close : this.unreadCount
        ? this.s.open + ' — ' + Core.format(this.s.unread, { n: this.unreadCount }) : this.s.open);
    }

    paint() {
      if (!this.log) {
        return;
      }
      var s = this.s;
      var self = this;
      var atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
      this.log.textContent = '';
      if (this.settings.welcomeText) {
        this.log.appendChild(el('p', { class: 'pc-welcome', dir: 'auto' }, this.settings.welcomeText));
      }
      var shown = Core.visible(this.messages, this.settings.greeting);
      var active = Core.activeChoices(shown);
      var lastAgent = null;
      shown.forEach(function (m) {
        if (m.sender === 'agent' && m.agentName && m.agentName !== lastAgent) {
          self.log.appendChild(el('p', { class: 'pc-event' }, Core.format(s.joined, { name: m.agentName })));
        }
        if (m.sender === 'agent') {
          lastAgent = m.agentName;
        }
        var row = el('div', { class: 'pc-msg pc-from-' + m.sender + (m.state ? ' pc-' + m.state : ''),
          'data-id': m.id || m.localId });
        row.appendChild(el('span', { class: 'pc-author' }, Core.author(m, s, self.settings.botName)));
        var bubble = el(m.state === 'failed' ? 'button' : 'p', { class: 'pc-bubble', dir: 'auto',
          type: m.state === 'failed' ? 'button' : null }, m.text);
        if (m.state === 'failed') {
          bubble.setAttribute('aria-label', m.text + ' — ' + s.failed);
          bubble.addEventListener('click', function () {
            self.messages = self.messages.filter(function (x) { return x !== m; });
            self.send(m.retry);
          });
          row.appendChild(bubble);
          row.appendChild(el('span', { class: 'pc-note' }, s.failed));
        } else {
          row.appendChild(bubble);
        }
        var layout = Core.buttonLayout(m.buttons);
        if (layout) {
          var list = el(layout === 'list' ? 'ul' : 'div', { class: 'pc-choices pc-' + layout,
            role: layout === 'list' ? 'list' : 'group', 'aria-label': s.choices });
          m.buttons.forEach(function (b) {
            var button = el('button', { type: 'button', class: 'pc-choice', dir: 'auto', disabled: m !== active },
              b.title);
            button.addEventListener('click', function () {
              self.send({ text: b.title, buttonId: b.id || b.title });
            });
            if (layout === 'list') {
              var item = el('li');
              item.appendChild(button);
              list.appendChild(item);
            } else {
              list.appendChild(button);
            }
          });
          row.appendChild(list);
        }
        self.log.appendChild(row);
      });
      var typing = Core.typing(this.messages, this.conversation) && !this.typingExpired;
      this.typingRow.hidden = !typing;
      this.typingText.textContent = typing ? Core.format(s.typing, { name: this.settings.botName || s.bot }) : '';
      if (atBottom || this.isOpen) {
        this.log.scrollTop = this.log.scrollHeight;
      }
      this.paintBadge();
    }
  }

  if (!root.customElements.get('parley-chat')) {
    root.customElements.define('parley-chat', ParleyChat);
  }
})(typeof window !== 'undefined' ? window : globalThis);

/*
 * Parley webchat loader: the one tag a website embeds,
 *   <script src="https://parley.example/widget/parley-chat.js" data-channel="ch_…" async></script>
 * It adds a <parley-chat> element with the tag's data attributes and loads the widget itself from a versioned,
 * long-cached address. This file is small and cached briefly, so a new widget version reaches pages within minutes.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var base = new URL(script.src, document.baseURI).origin;
  var version = '__PARLEY_WIDGET_VERSION__';
  var element = document.createElement('parley-chat');
  var data = script.dataset;
  var names = ['channel', 'userId', 'userHash', 'userName', 'title', 'color', 'textColor', 'position', 'avatar',
    'welcome', 'language'];
  element.setAttribute('base', base);
  for (var i = 0; i < names.length; i++) {
    if (data[names[i]] !== undefined) {
      element.setAttribute(names[i].replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); }), data[names[i]]);
    }
  }
  function add() {
    document.body.appendChild(element);
  }
  if (document.body) {
    add();
  } else {
    document.addEventListener('DOMContentLoaded', add);
  }
  if (!window.customElements.get('parley-chat')) {
    var app = document.createElement('script');
    app.src = base + '/widget/' + version + '/parley-chat-app.js';
    app.async = true;
    document.head.appendChild(app);
  }
})();

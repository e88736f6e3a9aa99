// Adds the widget's one tag, with the channel from the address (?channel=ch_…): no inline script on the demo page.
(function () {
  'use strict';
  var channel = new URLSearchParams(location.search).get('channel');
  if (!channel) {
    document.getElementById('missing').hidden = false;
    return;
  }
  var tag = document.createElement('script');
  tag.src = 'parley-chat.js';
  tag.async = true;
  tag.dataset.channel = channel;
  document.body.appendChild(tag);
})();

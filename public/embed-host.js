/*
 * Cross-Entropy Lab on a course page: include this script after the iframes,
 *   <script src="https://…/xent/embed-host.js"></script>
 * and every iframe whose address contains "embed=1" is resized to the height the page reports and,
 * inside reveal.js, hands the arrow keys back to the slides when the reader steps past the last
 * (or before the first) stage. Messages are accepted only from those iframes (event.source) and,
 * unless the iframe is sandboxed without allow-same-origin (origin "null"), only from their origin.
 */
(function () {
  'use strict';
  var PROTOCOL = 'xent-embed';

  function frames() {
    return Array.prototype.filter.call(document.querySelectorAll('iframe'), function (f) {
      return /[#&?]embed=1\b/.test(f.getAttribute('src') || '');
    });
  }

  function originOf(frame) {
    try {
      return new URL(frame.getAttribute('src'), document.baseURI).origin;
    } catch {
      return null;
    }
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.protocol !== PROTOCOL) return;
    var frame = frames().filter(function (f) {
      return f.contentWindow === event.source;
    })[0];
    if (!frame) return;
    if (event.origin !== 'null' && event.origin !== originOf(frame)) return;
    if (
      data.type === 'height' &&
      typeof data.height === 'number' &&
      data.height > 0 &&
      data.height < 100000
    ) {
      frame.style.height = Math.ceil(data.height) + 'px';
    } else if (data.type === 'navigate') {
      var reveal = window.Reveal;
      frame.blur();
      window.focus();
      if (reveal && typeof reveal.next === 'function') {
        if (data.direction === 'next') reveal.next();
        else if (data.direction === 'previous') reveal.prev();
      }
      document.dispatchEvent(new CustomEvent('xent:navigate', { detail: data.direction }));
    }
  });

  // Ask frames that loaded before this script for their height.
  frames().forEach(function (f) {
    if (f.contentWindow) f.contentWindow.postMessage({ protocol: PROTOCOL, version: 1, type: 'hello' }, '*');
  });
})();

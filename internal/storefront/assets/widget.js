// The widget inside an iframe: tell the embedding page how tall the content
// is, and reload when it asks (after the tenant changed their site).
(function () {
  "use strict";

  if (window.parent === window) {
    return;
  }
  var last = 0;
  function sendHeight() {
    var h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h !== last) {
      last = h;
      window.parent.postMessage({ type: "mais:height", height: h }, "*");
    }
  }
  if (window.ResizeObserver) {
    new ResizeObserver(sendHeight).observe(document.body);
  }
  window.addEventListener("load", sendHeight);
  sendHeight();

  window.addEventListener("message", function (e) {
    if (e.source !== window.parent || !e.data || e.data.type !== "mais:refresh") {
      return;
    }
    window.location.reload();
  });
})();

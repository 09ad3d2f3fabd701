// MAIS booking widget, the embedding page's side. Grows each widget iframe
// (iframe[data-mais-widget]) to the height its page reports, and offers
// window.MAISWidget.refresh() to reload the widgets after site changes.
(function () {
  "use strict";

  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : "";

  function widgets() {
    return document.querySelectorAll("iframe[data-mais-widget]");
  }

  window.addEventListener("message", function (e) {
    if (origin && e.origin !== origin) {
      return;
    }
    var d = e.data;
    if (!d || d.type !== "mais:height" || typeof d.height !== "number") {
      return;
    }
    var list = widgets();
    for (var i = 0; i < list.length; i++) {
      if (list[i].contentWindow === e.source) {
        list[i].style.height = Math.max(320, Math.min(Math.round(d.height), 20000)) + "px";
      }
    }
  });

  window.MAISWidget = {
    refresh: function () {
      var list = widgets();
      for (var i = 0; i < list.length; i++) {
        list[i].contentWindow.postMessage({ type: "mais:refresh" }, origin || "*");
      }
    }
  };
})();

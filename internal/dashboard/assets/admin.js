// MAIS admin dashboard: small enhancements. Every page works without this
// file; it adds confirmations, copy buttons, a file size check before
// uploading and the live preview of the site editor.
(function () {
  "use strict";

  // Sign-up sends the browser's time zone, so the business's dates are
  // days where it is (the server keeps its default without it).
  document.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
    try {
      input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (err) {
      input.value = "";
    }
  });

  // Forms (or buttons) with data-confirm ask before they are sent.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var button = e.submitter;
    var message = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      e.preventDefault();
    }
  });

  // data-copy="text" or data-copy-target="element id" copies to the clipboard.
  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-copy], [data-copy-target]");
    if (!button) return;
    var text = button.getAttribute("data-copy");
    var target = button.getAttribute("data-copy-target");
    if (target) {
      var el = document.getElementById(target);
      text = el ? el.textContent : "";
    }
    if (!text || !navigator.clipboard) return;
    navigator.clipboard.writeText(text).then(function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1600);
    });
  });

  // File inputs with data-max-bytes refuse a file that is too large before
  // it is uploaded; the server checks again.
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var file = input.files && input.files[0];
    if (file && file.size > max) {
      input.setCustomValidity("This photo is larger than " + Math.round(max / 1048576) + " MB. Choose a smaller one.");
      input.reportValidity();
    } else {
      input.setCustomValidity("");
    }
  });

  // On phones the navigation is a scrolling strip: bring the current
  // page's entry into view.
  var nav = document.querySelector(".nav");
  var current = nav && nav.querySelector("a[aria-current=page]");
  if (current && nav.scrollWidth > nav.clientWidth) {
    nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  }

  // The site editor's form re-renders the preview frame as the admin
  // types, without saving: it is posted to its data-live-preview address
  // with the frame as target.
  var form = document.querySelector("form[data-live-preview]");
  if (form) {
    var timer = null;
    var send = function () {
      var action = form.getAttribute("action");
      var target = form.getAttribute("target");
      form.setAttribute("action", form.getAttribute("data-live-preview"));
      form.setAttribute("target", "preview");
      HTMLFormElement.prototype.submit.call(form);
      form.setAttribute("action", action);
      if (target === null) form.removeAttribute("target"); else form.setAttribute("target", target);
    };
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(send, 700);
    });
  }
})();

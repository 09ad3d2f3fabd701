// MAIS admin: the assistant panel (templates/assistant_panel.html).
// Desktop (>= 1024px): an aside docked at the right, open (when the
// assistant is on) unless the admin hid it (kept in localStorage). Below: a bottom drawer, a modal dialog
// opened by the floating button: focus moves in and is trapped, the page
// behind is inert, Escape closes and focus returns to the button; the
// handle drags it between half and full height or down to close.
// Replies stream in (server-sent events over fetch); an aria-live region
// reads each finished reply. Proposals come as cards with Approve and
// Reject; on the site editor (build mode) a card previews the site with
// its proposal in the editor's frame.
(function () {
  "use strict";

  var panel = document.getElementById("ai-panel");
  if (!panel) return;
  var fab = document.getElementById("ai-open");
  var backdrop = document.getElementById("ai-backdrop");
  var closeBtn = document.getElementById("ai-close");
  var handle = document.getElementById("ai-handle");
  var announcer = document.getElementById("ai-announcer");
  var shell = document.querySelector(".shell");
  var skip = document.querySelector(".skip-link");
  var key = panel.getAttribute("data-key");
  var desktop = window.matchMedia("(min-width: 1024px)");
  var open = false;

  function store(name, value) {
    try {
      if (value === null) localStorage.removeItem(key + "." + name);
      else localStorage.setItem(key + "." + name, value);
    } catch (e) { /* private mode: the state is not kept */ }
  }
  function stored(name) {
    try { return localStorage.getItem(key + "." + name); } catch (e) { return null; }
  }

  function announce(text) {
    // Cleared first so the same words are read again.
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 60);
  }

  // Drawer mode is a modal dialog; docked it is a complementary region.
  function setModal(modal) {
    // A div, so that it may take either role.
    if (modal) {
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-modal", "true");
    } else {
      panel.setAttribute("role", "complementary");
      panel.removeAttribute("aria-modal");
    }
    [shell, skip].forEach(function (el) {
      if (!el) return;
      if (modal) el.setAttribute("inert", ""); else el.removeAttribute("inert");
    });
  }

  function layout() {
    if (desktop.matches) {
      // Open by default only when there is an assistant to talk to: while
      // the operator has none configured, the note about it should not take
      // 400 px of every page until the admin closes it.
      var kept = stored("open");
      var shown = kept === null ? panel.getAttribute("data-enabled") === "true" : kept !== "false";
      open = shown;
      panel.hidden = !shown;
      fab.hidden = shown;
      fab.setAttribute("aria-expanded", String(shown));
      backdrop.hidden = true;
      document.body.classList.toggle("ai-docked", shown);
      setModal(false);
    } else {
      panel.hidden = !open;
      fab.hidden = open;
      fab.setAttribute("aria-expanded", String(open));
      backdrop.hidden = !open;
      document.body.classList.remove("ai-docked");
      setModal(open);
    }
  }

  function focusInput() {
    var input = document.getElementById("ai-text") || closeBtn;
    input.focus({ preventScroll: true });
  }

  function show() {
    open = true;
    panel.classList.remove("ai-half");
    panel.style.transform = "";
    if (desktop.matches) store("open", "true");
    layout();
    focusInput();
    scrollDown();
  }

  function hide() {
    open = false;
    if (desktop.matches) store("open", "false");
    layout();
    fab.focus();
  }

  fab.addEventListener("click", show);
  closeBtn.addEventListener("click", hide);
  backdrop.addEventListener("click", hide);
  desktop.addEventListener("change", function () { open = false; layout(); });

  // Escape closes the drawer; Tab stays inside it.
  panel.addEventListener("keydown", function (e) {
    if (desktop.matches || !open) return;
    if (e.key === "Escape") {
      e.preventDefault();
      hide();
      return;
    }
    if (e.key !== "Tab") return;
    var items = Array.prototype.filter.call(
      panel.querySelectorAll("a[href], button:not([disabled]), textarea, input, select, [tabindex]:not([tabindex='-1'])"),
      function (el) { return !el.hidden && el.offsetParent !== null; });
    if (!items.length) return;
    var first = items[0], last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  });

  // The handle: drag to resize or dismiss, snapping to half or full
  // height; pressing it switches between the two.
  var drag = null;
  handle.addEventListener("click", function () {
    if (drag && drag.moved) return;
    panel.classList.toggle("ai-half");
  });
  handle.addEventListener("pointerdown", function (e) {
    if (desktop.matches) return;
    drag = { y: e.clientY, h: panel.getBoundingClientRect().height, moved: false };
    handle.setPointerCapture(e.pointerId);
    panel.classList.add("ai-dragging");
  });
  handle.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dy = Math.max(0, e.clientY - drag.y);
    if (Math.abs(e.clientY - drag.y) > 4) drag.moved = true;
    panel.style.transform = "translateY(" + dy + "px)";
  });
  function endDrag(e) {
    if (!drag) return;
    var left = drag.h - Math.max(0, e.clientY - drag.y);
    var vh = window.innerHeight;
    panel.classList.remove("ai-dragging");
    panel.style.transform = "";
    var moved = drag.moved;
    setTimeout(function () { drag = null; }, 0);
    if (!moved) return;
    if (left < vh * 0.3) hide();
    else if (left < vh * 0.68) panel.classList.add("ai-half");
    else panel.classList.remove("ai-half");
  }
  handle.addEventListener("pointerup", endDrag);
  handle.addEventListener("pointercancel", endDrag);

  // iOS does not resize the layout viewport for its keyboard: keep the
  // drawer (and its input) inside the visual viewport.
  if (window.visualViewport) {
    var vv = window.visualViewport;
    var fit = function () {
      if (desktop.matches) return;
      var hidden = Math.max(0, window.innerHeight - vv.height - vv.offsetTop);
      panel.style.setProperty("--ai-kb", hidden + "px");
      panel.style.setProperty("--ai-vh", hidden > 0 ? (vv.height - 8) + "px" : "");
    };
    vv.addEventListener("resize", fit);
    vv.addEventListener("scroll", fit);
  }

  layout();
  if (panel.getAttribute("data-enabled") !== "true") return;

  // The conversation.
  var thread = document.getElementById("ai-thread");
  var intro = document.getElementById("ai-intro");
  var body = document.getElementById("ai-body");
  var form = document.getElementById("ai-form");
  var text = document.getElementById("ai-text");
  var sendBtn = document.getElementById("ai-send");
  var history = document.getElementById("ai-history");
  var historyToggle = document.getElementById("ai-history-toggle");
  var conversation = stored("conversation");
  var busy = false;

  function scrollDown() {
    if (body) body.scrollTop = body.scrollHeight;
  }

  function request(method, url, params) {
    var init = { method: method, credentials: "same-origin", headers: { "Accept": "text/html, application/json, text/event-stream" } };
    if (params) {
      init.body = new URLSearchParams(params);
      init.headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    return fetch(url, init).then(function (res) {
      if (res.redirected && res.url.indexOf("/admin/login") >= 0) {
        location.href = res.url; // the session ended
        throw new Error("Please log in again.");
      }
      return res;
    });
  }

  function failure(res) {
    return res.json().catch(function () { return {}; }).then(function (b) {
      throw new Error(b.message || "Something went wrong. Please try again.");
    });
  }

  // bodyOf is the body of res read as "text" or "json" when res succeeded,
  // else a rejection with the server's message (failure).
  function bodyOf(res, as) {
    return res.ok ? res[as]() : failure(res);
  }

  // fetchBody is request's answer read by bodyOf (as "text" by default).
  function fetchBody(method, url, params, as) {
    return request(method, url, params).then(function (res) { return bodyOf(res, as || "text"); });
  }

  function addMessage(role, content) {
    var li = document.createElement("li");
    li.className = "ai-msg ai-" + role;
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = role === "user" ? "You: " : "Assistant: ";
    var bubble = document.createElement("div");
    bubble.className = "ai-bubble";
    bubble.textContent = content;
    li.appendChild(who);
    li.appendChild(bubble);
    thread.appendChild(li);
    intro.hidden = true;
    scrollDown();
    return bubble;
  }

  function addHTML(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    thread.appendChild(tpl.content);
    scrollDown();
  }

  function showError(message) {
    var bubble = addMessage("bot", message);
    bubble.parentNode.classList.add("ai-error");
    announce(message);
  }

  function load(id) {
    return request("GET", "/admin/assistant/conversations/" + encodeURIComponent(id)).then(function (res) {
      if (res.status === 404) {
        store("conversation", null);
        conversation = null;
        return;
      }
      return bodyOf(res, "text").then(function (html) {
        conversation = id;
        store("conversation", id);
        thread.innerHTML = "";
        intro.hidden = html.trim() !== "";
        addHTML(html);
      });
    });
  }

  function ensureConversation() {
    if (conversation) return Promise.resolve(conversation);
    return fetchBody("POST", "/admin/assistant/conversations", {}, "json").then(function (b) {
      conversation = b.id;
      store("conversation", b.id);
      return b.id;
    });
  }

  // readEvents calls onEvent(name, data) for each server-sent event of res.
  function readEvents(res, onEvent) {
    var reader = res.body.getReader();
    var decoder = new TextDecoder();
    var buf = "";
    function pump() {
      return reader.read().then(function (r) {
        buf += decoder.decode(r.value || new Uint8Array(), { stream: !r.done });
        var parts = buf.split("\n\n");
        buf = parts.pop();
        parts.forEach(function (block) {
          var name = "message", data = "";
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event: ") === 0) name = line.slice(7);
            else if (line.indexOf("data: ") === 0) data += line.slice(6);
          });
          if (data) onEvent(name, JSON.parse(data));
        });
        if (!r.done) return pump();
      });
    }
    return pump();
  }

  function setBusy(on) {
    busy = on;
    sendBtn.disabled = on;
    sendBtn.textContent = on ? "Working…" : "Send";
    thread.setAttribute("aria-busy", String(on));
  }

  function send(message) {
    if (busy || !message.trim()) return;
    setBusy(true);
    addMessage("user", message);
    var bubble = addMessage("bot", "");
    var finished = false;
    ensureConversation().then(function (id) {
      return request("POST", "/admin/assistant/conversations/" + encodeURIComponent(id) + "/messages", { text: message });
    }).then(function (res) {
      if (!res.ok || (res.headers.get("Content-Type") || "").indexOf("text/event-stream") !== 0) return failure(res);
      return readEvents(res, function (name, data) {
        if (name === "delta") {
          bubble.textContent += data.text;
          scrollDown();
        } else if (name === "done") {
          finished = true;
          bubble.textContent = data.reply || bubble.textContent;
          if (data.cards) addHTML(data.cards);
          var n = data.proposalIds.length;
          announce("Assistant: " + bubble.textContent + (n ? " " + n + (n === 1 ? " proposal" : " proposals") + " to review below." : ""));
        } else if (name === "error") {
          finished = true;
          throw new Error(data.message);
        }
      });
    }).then(function () {
      if (!finished) throw new Error("The reply was cut off. Please try again.");
    }).catch(function (err) {
      if (!bubble.textContent) bubble.parentNode.remove();
      showError(err.message);
    }).then(function () {
      setBusy(false);
      text.focus({ preventScroll: true });
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var message = text.value.trim();
    if (!message) {
      text.focus();
      return;
    }
    text.value = "";
    send(message);
  });
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  panel.addEventListener("click", function (e) {
    var example = e.target.closest(".ai-example");
    if (example) {
      text.value = example.textContent;
      text.focus();
    }
  });

  document.getElementById("ai-new").addEventListener("click", function () {
    conversation = null;
    store("conversation", null);
    thread.innerHTML = "";
    intro.hidden = false;
    history.hidden = true;
    historyToggle.setAttribute("aria-expanded", "false");
    announce("New chat.");
    text.focus();
  });

  historyToggle.addEventListener("click", function () {
    if (!history.hidden) {
      history.hidden = true;
      historyToggle.setAttribute("aria-expanded", "false");
      return;
    }
    fetchBody("GET", "/admin/assistant/conversations").then(function (html) {
      history.innerHTML = html;
      history.hidden = false;
      historyToggle.setAttribute("aria-expanded", "true");
      var current = history.querySelector('[data-conv="' + conversation + '"]');
      if (current) current.setAttribute("aria-current", "true");
      var first = history.querySelector("button");
      if (first) first.focus();
    }).catch(function (err) { showError(err.message); });
  });
  history.addEventListener("click", function (e) {
    var b = e.target.closest("[data-conv]");
    if (!b) return;
    load(b.getAttribute("data-conv")).then(function () {
      history.hidden = true;
      historyToggle.setAttribute("aria-expanded", "false");
      announce("Earlier chat opened.");
      text.focus();
    }).catch(function (err) { showError(err.message); });
  });

  // Approve and Reject on a card: the card comes back as it is now.
  panel.addEventListener("submit", function (e) {
    var decide = e.target.closest("form.ai-decide");
    if (!decide) return;
    e.preventDefault();
    var button = e.submitter || decide.querySelector("button[type=submit]");
    var url = button.getAttribute("data-panel") || decide.getAttribute("data-panel");
    var card = decide.closest(".ai-card");
    var problem = decide.querySelector(".ai-card-error");
    var buttons = decide.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    fetchBody("POST", url, new FormData(decide)).then(function (html) {
      var tpl = document.createElement("template");
      tpl.innerHTML = html.trim();
      var fresh = tpl.content.firstElementChild;
      card.replaceWith(fresh);
      var done = fresh.querySelector(".ai-card-done");
      if (done) announce(done.textContent);
      fresh.querySelector("h3").focus();
      refreshFrame(fresh.getAttribute("data-version"));
    }).catch(function (err) {
      buttons.forEach(function (b) { b.disabled = false; });
      problem.textContent = err.message;
      problem.hidden = false;
    });
  });

  // Build mode: the editor's frame shows the site a proposal would make,
  // or, once approved, the version it became.
  var frame = document.getElementById("preview");
  var frameSrc = frame && frame.getAttribute("src");
  var note = null;
  function framePage() {
    var m = /\/preview\/([^\/?]+)(\?.*)?$/.exec(frameSrc || "");
    return m ? m[1] : "home";
  }
  function previewNote(show) {
    if (!frame) return;
    if (!note) {
      note = document.createElement("div");
      note.className = "ai-preview-note";
      note.setAttribute("role", "status");
      var label = document.createElement("span");
      label.textContent = "Showing the assistant's proposal on your draft. Nothing is saved.";
      var back = document.createElement("button");
      back.type = "button";
      back.className = "btn btn-small";
      back.textContent = "Back to your draft";
      back.addEventListener("click", function () {
        frame.src = frameSrc;
        previewNote(false);
      });
      note.appendChild(label);
      note.appendChild(back);
      frame.parentNode.insertBefore(note, frame);
    }
    note.hidden = !show;
  }
  function refreshFrame(versionID) {
    if (!frame || !versionID) return;
    frame.src = "/admin/preview/" + encodeURIComponent(versionID) + "/" + framePage();
    previewNote(false);
  }
  panel.addEventListener("click", function (e) {
    var link = e.target.closest("a.ai-preview");
    if (!link || !frame || panel.getAttribute("data-build") !== "true") return;
    e.preventDefault();
    frame.src = link.getAttribute("href").replace(/\/home$/, "/" + framePage());
    previewNote(true);
    announce("The preview shows the proposal.");
  });

  if (conversation) load(conversation).catch(function () {});
})();

// MAIS photo library: uploads by drag and drop (one request per file, with
// a status line each), and the picker every image field opens. Without
// this file the library page's form uploads the chosen files at once and
// image fields take a pasted address; galleries offer the library as
// checkboxes.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var MAX_BYTES = 10 * 1048576;
  var TYPES = ["image/jpeg", "image/png", "image/webp"];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  // uploadOne sends one file to the library; it resolves to {ok, item} or
  // {ok: false, message}.
  function uploadOne(file) {
    if (file.size > MAX_BYTES) {
      return Promise.resolve({ ok: false, message: "larger than 10 MB" });
    }
    if (file.type && TYPES.indexOf(file.type) < 0) {
      return Promise.resolve({ ok: false, message: "not a JPEG, PNG or WebP photo" });
    }
    var body = new FormData();
    body.append("file", file, file.name);
    return fetch("/admin/media", { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (j) {
          if (r.ok) return { ok: true, item: j };
          var why = (j.fields && j.fields.file) || j.message || "refused";
          return { ok: false, message: why };
        });
      })
      .catch(function () { return { ok: false, message: "the upload failed; check your connection" }; });
  }

  // uploadAll uploads files one after the other, writing a line per file
  // into list; each item uploaded is passed to onItem.
  function uploadAll(files, list, onItem) {
    var queue = Array.prototype.slice.call(files);
    var failed = 0;
    var lines = queue.map(function (f) {
      var li = el("li");
      li.appendChild(el("span", { "class": "name" }, f.name));
      var state = el("span", {}, "waiting");
      li.appendChild(state);
      list.appendChild(li);
      return state;
    });
    var i = 0;
    function next() {
      if (i >= queue.length) return Promise.resolve(failed);
      var state = lines[i];
      state.textContent = "uploading…";
      return uploadOne(queue[i]).then(function (res) {
        state.parentNode.className = res.ok ? "is-ok" : "is-error";
        state.textContent = res.ok ? "added" : res.message;
        if (res.ok) { onItem(res.item); } else { failed++; }
        i++;
        return next();
      });
    }
    return next();
  }

  function dropTarget(zone, onFiles) {
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("is-over"); });
    zone.addEventListener("dragleave", function (e) {
      if (!zone.contains(e.relatedTarget)) zone.classList.remove("is-over");
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("is-over");
      if (e.dataTransfer && e.dataTransfer.files.length) onFiles(e.dataTransfer.files);
    });
  }

  // The library page's drop zone: files dropped or chosen upload at once;
  // when all are in, the page shows them.
  var zone = document.querySelector("[data-dropzone]");
  if (zone) {
    var input = zone.querySelector("input[type=file]");
    var status = zone.querySelector("[data-upload-status]");
    var run = function (files) {
      status.textContent = "";
      uploadAll(files, status, function () {}).then(function (failed) {
        input.value = "";
        if (!failed) { window.location.reload(); return; }
        var li = el("li");
        var again = el("button", { type: "button", "class": "btn btn-small" }, "Show the photos that were added");
        again.addEventListener("click", function () { window.location.reload(); });
        li.appendChild(again);
        status.appendChild(li);
      });
    };
    input.removeAttribute("required");
    input.addEventListener("change", function () { if (input.files.length) run(input.files); });
    zone.addEventListener("submit", function (e) { e.preventDefault(); if (input.files.length) run(input.files); });
    dropTarget(zone, run);
  }

  // The picker: a dialog with the library as a grid and an upload field.
  // opts.multiple lets several photos be ticked, in order; opts.onPick gets
  // the chosen items.
  var picker = null;
  function buildPicker() {
    var d = el("dialog", { "class": "picker", "aria-labelledby": "picker-title" });
    var body = el("div", { "class": "picker-body" });
    var head = el("form", { method: "dialog", "class": "picker-head" });
    var title = el("h2", { id: "picker-title" });
    head.appendChild(title);
    head.appendChild(el("button", { "class": "btn btn-small", value: "cancel" }, "Close"));
    var up = el("div", { "class": "picker-upload" });
    var label = el("label", { "for": "picker-file" }, "Upload new photos:");
    var file = el("input", { id: "picker-file", type: "file", multiple: "", accept: TYPES.join(",") });
    var status = el("ul", { "class": "upload-status", "aria-live": "polite" });
    up.appendChild(label);
    up.appendChild(file);
    up.appendChild(status);
    var listBox = el("div", { "class": "picker-list" });
    var grid = el("ul", { "class": "picker-grid", "aria-label": "Your photos" });
    var empty = el("p", { "class": "empty" }, "Loading your photos…");
    listBox.appendChild(empty);
    listBox.appendChild(grid);
    var foot = el("div", { "class": "picker-foot" });
    var done = el("button", { type: "button", "class": "btn btn-primary" }, "Add photos");
    foot.appendChild(done);
    body.appendChild(head);
    body.appendChild(up);
    body.appendChild(listBox);
    body.appendChild(foot);
    d.appendChild(body);
    document.body.appendChild(d);
    picker = { dialog: d, title: title, grid: grid, empty: empty, file: file, status: status, foot: foot, done: done, up: up, order: [] };

    var add = function (item, first) {
      var li = el("li");
      var b = el("button", { type: "button", "class": "picker-item", "aria-pressed": "false", "data-url": item.url });
      var img = el("img", { src: item.thumb, alt: "", width: String(item.width), height: String(item.height), loading: "lazy" });
      b.appendChild(img);
      b.appendChild(el("span", {}, item.name || "Untitled"));
      b.setAttribute("aria-label", (item.name || "Untitled photo") + ", " + item.width + " × " + item.height);
      b._item = item;
      li.appendChild(b);
      if (first) grid.insertBefore(li, grid.firstChild); else grid.appendChild(li);
      empty.hidden = true;
      return b;
    };
    picker.add = add;
    grid.addEventListener("click", function (e) {
      var b = e.target.closest(".picker-item");
      if (!b) return;
      if (!picker.multiple) { finish([b._item]); return; }
      toggle(b);
    });
    var toggle = function (b) {
      var i = picker.order.indexOf(b);
      if (i >= 0) { picker.order.splice(i, 1); b.setAttribute("aria-pressed", "false"); } else { picker.order.push(b); b.setAttribute("aria-pressed", "true"); }
      picker.order.forEach(function (x, n) { x.setAttribute("data-order", String(n + 1)); });
      var n = picker.order.length;
      done.textContent = n === 1 ? "Add 1 photo" : "Add " + n + " photos";
      done.disabled = n === 0;
    };
    picker.toggle = toggle;
    done.addEventListener("click", function () { finish(picker.order.map(function (b) { return b._item; })); });
    var send = function (files) {
      status.textContent = "";
      uploadAll(files, status, function (item) {
        var b = add({ id: item.id, url: item.url, thumb: item.variants[0].url, name: item.name, width: item.width, height: item.height }, true);
        if (picker.multiple) toggle(b);
      }).then(function () { file.value = ""; });
    };
    file.addEventListener("change", function () { if (file.files.length) send(file.files); });
    dropTarget(d, send);
    d.addEventListener("close", function () { if (picker.opener) picker.opener.focus(); });
  }

  function finish(items) {
    var cb = picker.onPick;
    picker.dialog.close();
    if (items.length && cb) cb(items);
  }

  function openPicker(opener, multiple, onPick) {
    if (!picker) buildPicker();
    picker.opener = opener;
    picker.multiple = multiple;
    picker.onPick = onPick;
    picker.order = [];
    picker.status.textContent = "";
    picker.title.textContent = multiple ? "Choose photos to add" : "Choose a photo";
    picker.foot.hidden = !multiple;
    picker.done.textContent = "Add photos";
    picker.done.disabled = true;
    picker.grid.textContent = "";
    picker.empty.hidden = false;
    picker.empty.textContent = "Loading your photos…";
    picker.dialog.showModal();
    fetch("/admin/media/picker", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (items) {
        items.forEach(function (it) { picker.add(it, false); });
        if (!items.length) picker.empty.textContent = "No photos yet: upload some above.";
        var first = picker.grid.querySelector(".picker-item");
        if (first) first.focus();
      })
      .catch(function () { picker.empty.textContent = "Your photos could not be loaded. Close this and try again."; });
  }

  // An image field's "Choose from your photos" fills its address and
  // preview; typing an address updates the preview too.
  document.querySelectorAll("[data-pick-image]").forEach(function (b) { b.hidden = false; });
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-pick-image]");
    if (b) {
      var input = document.getElementById(b.getAttribute("data-pick-image"));
      openPicker(b, false, function (items) {
        input.value = items[0].url;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        showPreview(input, items[0].thumb);
      });
      return;
    }
    var g = e.target.closest("[data-pick-images]");
    if (g) {
      e.preventDefault();
      openPicker(g, true, function (items) {
        var form = g.form;
        form.querySelectorAll("input[name=picked][type=hidden]").forEach(function (x) { x.remove(); });
        items.forEach(function (it) { form.appendChild(el("input", { type: "hidden", name: "picked", value: it.url })); });
        form.requestSubmit(g);
      });
    }
  });
  function showPreview(input, src) {
    var field = input.closest("[data-image-field]");
    var img = field && field.querySelector(".image-field-preview");
    if (!img) return;
    img.removeAttribute("srcset");
    if (src) { img.src = src; img.hidden = false; } else { img.removeAttribute("src"); img.hidden = true; }
  }
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.closest || !input.closest("[data-image-field]") || input.type !== "url") return;
    showPreview(input, /^https?:\/\//.test(input.value) ? input.value : "");
  });
})();

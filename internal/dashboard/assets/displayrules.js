// Sortable lists of the display-rules and widget-layout editors. A list
// marked data-sortable keeps its items (data-sort-item) in the order the
// form posts them; this file only moves items: by dragging the handle
// (pointer events, so mouse, pen and touch alike) or with the move
// buttons, which without this file are submit buttons the server carries
// out. Each move is announced in the data-sort-status live region and
// refreshes the live preview (admin.js listens for "input").
(function () {
  "use strict";
  var status = document.querySelector("[data-sort-status]");

  function items(list) {
    return Array.prototype.filter.call(list.children, function (li) { return li.matches("[data-sort-item]"); });
  }

  function renumber(list) {
    var all = items(list);
    all.forEach(function (li, i) {
      var pos = li.querySelector("[data-sort-pos]");
      if (pos) pos.textContent = String(i + 1);
      var up = li.querySelector('[data-move="up"]');
      var down = li.querySelector('[data-move="down"]');
      if (up) up.disabled = i === 0;
      if (down) down.disabled = i === all.length - 1;
    });
  }

  function changed(list, li) {
    renumber(list);
    var all = items(list);
    if (status) {
      status.textContent = (li.getAttribute("data-name") || "Item") + " moved to position " +
        (all.indexOf(li) + 1) + " of " + all.length + ".";
    }
    var form = list.closest("form");
    if (form) form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-move]");
    var li = button && button.closest("[data-sort-item]");
    var list = li && li.parentElement;
    if (!list || !list.matches("[data-sortable]")) return;
    e.preventDefault();
    var up = button.getAttribute("data-move") === "up";
    var other = up ? li.previousElementSibling : li.nextElementSibling;
    if (!other) return;
    if (up) list.insertBefore(li, other); else list.insertBefore(other, li);
    changed(list, li);
    // Keep the focus on the item: the same button, or its twin when the
    // item reached the end of the list.
    var again = li.querySelector('[data-move="' + (up ? "up" : "down") + '"]');
    if (again.disabled) again = li.querySelector('[data-move="' + (up ? "down" : "up") + '"]');
    again.focus();
  });

  // A package that is not shown is drawn muted, as the server draws it.
  document.addEventListener("change", function (e) {
    var box = e.target;
    if (!box.matches || !box.matches('[data-sortable] input[type=checkbox][name$=".visible"]')) return;
    var li = box.closest("[data-sort-item]");
    if (li) li.classList.toggle("is-hidden", !box.checked);
  });

  document.addEventListener("pointerdown", function (e) {
    var handle = e.target.closest("[data-drag-handle]");
    var li = handle && handle.closest("[data-sort-item]");
    var list = li && li.parentElement;
    if (!list || !list.matches("[data-sortable]") || e.button !== 0) return;
    e.preventDefault();
    var start = items(list).indexOf(li);
    li.classList.add("is-dragging");
    list.classList.add("is-sorting");

    function move(ev) {
      var before = null;
      var others = items(list).filter(function (it) { return it !== li; });
      for (var i = 0; i < others.length; i++) {
        var box = others[i].getBoundingClientRect();
        if (ev.clientY < box.top + box.height / 2) { before = others[i]; break; }
      }
      if (before !== li.nextElementSibling || (before === null && list.lastElementChild !== li)) {
        list.insertBefore(li, before);
      }
    }
    function end() {
      document.removeEventListener("pointermove", move);
      document.removeEventListener("pointerup", end);
      document.removeEventListener("pointercancel", end);
      li.classList.remove("is-dragging");
      list.classList.remove("is-sorting");
      if (items(list).indexOf(li) !== start) changed(list, li);
    }
    document.addEventListener("pointermove", move);
    document.addEventListener("pointerup", end);
    document.addEventListener("pointercancel", end);
  });
})();

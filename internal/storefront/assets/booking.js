// Progressive enhancement of the booking form. Everything here has a
// server-rendered fallback: the total is recomputed at checkout, month
// links load a full page, and the error summary is announced as an alert.
(function () {
  "use strict";

  var form = document.querySelector("[data-booking-form]");
  if (!form) {
    return;
  }

  // The server says how amounts are written (format.MoneyShort): locale,
  // currency and its minor digits; whole amounts drop the minor digits.
  var money = {
    locale: form.getAttribute("data-money-locale") || "en-US",
    currency: form.getAttribute("data-money-currency") || "USD",
    digits: parseInt(form.getAttribute("data-money-digits"), 10)
  };
  if (isNaN(money.digits)) {
    money.digits = 2;
  }
  function formatMoney(minor) {
    var scale = Math.pow(10, money.digits);
    var shown = minor % scale === 0 ? 0 : money.digits;
    return new Intl.NumberFormat(money.locale, {
      style: "currency",
      currency: money.currency,
      minimumFractionDigits: shown,
      maximumFractionDigits: shown
    }).format(minor / scale);
  }

  // Live total as extras are ticked.
  var total = form.querySelector("[data-total]");
  var base = parseInt(form.getAttribute("data-base-cents"), 10) || 0;
  function updateTotal() {
    var sum = base;
    var boxes = form.querySelectorAll("input[name=addon]:checked");
    for (var i = 0; i < boxes.length; i++) {
      sum += parseInt(boxes[i].getAttribute("data-price-cents"), 10) || 0;
    }
    if (total) {
      total.textContent = formatMoney(sum);
    }
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "addon") {
      updateTotal();
    }
    if (e.target.name === "date") {
      showSelected(e.target);
    }
  });

  function showSelected(radio) {
    var out = form.querySelector("[data-cal-selected]");
    var label = radio.parentNode.querySelector(".visually-hidden");
    if (!out || !label) {
      return;
    }
    out.textContent = "Selected: ";
    var strong = document.createElement("strong");
    strong.textContent = label.textContent;
    out.appendChild(strong);
  }

  // Change months in place, keeping what was typed and ticked.
  var chosen = "";
  form.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("[data-cal-nav]") : null;
    if (!link) {
      return;
    }
    e.preventDefault();
    var checked = form.querySelector("input[name=date]:checked");
    if (checked) {
      chosen = checked.value;
    }
    var next = link.getAttribute("href").split("#")[0];
    var url = next + (next.indexOf("?") >= 0 ? "&" : "?") + "partial=calendar";
    var forward = link.textContent.indexOf("Next") >= 0;
    fetch(url, { credentials: "same-origin" }).then(function (res) {
      if (!res.ok) {
        throw new Error("calendar " + res.status);
      }
      return res.text();
    }).then(function (html) {
      var old = form.querySelector("[data-calendar]");
      var tpl = document.createElement("template");
      tpl.innerHTML = html.trim();
      var fresh = tpl.content.querySelector("[data-calendar]");
      if (!old || !fresh) {
        throw new Error("calendar missing");
      }
      old.parentNode.replaceChild(fresh, old);
      if (chosen) {
        var again = fresh.querySelector("input[name=date][value='" + chosen + "']:not(:disabled)");
        if (again) {
          again.checked = true;
          showSelected(again);
        }
      }
      var navs = fresh.querySelectorAll("[data-cal-nav]");
      var focusTo = null;
      for (var i = 0; i < navs.length; i++) {
        if ((navs[i].textContent.indexOf("Next") >= 0) === forward) {
          focusTo = navs[i];
        }
      }
      (focusTo || fresh.querySelector("input[name=date]:not(:disabled)") || fresh).focus();
    }).catch(function () {
      window.location.href = link.href;
    });
  });

  // Up and down move a week, as on a paper calendar; left and right are
  // the browser's own radio-group keys.
  form.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t.name !== "date" || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) {
      return;
    }
    e.preventDefault();
    var d = new Date(t.value + "T12:00:00Z");
    d.setUTCDate(d.getUTCDate() + (e.key === "ArrowDown" ? 7 : -7));
    var target = form.querySelector("input[name=date][value='" + d.toISOString().slice(0, 10) + "']:not(:disabled)");
    if (target) {
      target.checked = true;
      target.focus();
      showSelected(target);
    }
  });

  // One click, one checkout: a second click while the first is on its way
  // would only meet the date already held.
  form.addEventListener("submit", function () {
    var btn = form.querySelector("button[type=submit]");
    if (btn) {
      setTimeout(function () { btn.disabled = true; }, 0);
    }
  });
  window.addEventListener("pageshow", function () {
    var btn = form.querySelector("button[type=submit]");
    if (btn) {
      btn.disabled = false;
    }
  });

  var alertBox = document.getElementById("form-alert");
  if (alertBox) {
    alertBox.focus();
  }
})();

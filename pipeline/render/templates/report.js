/* mtaudit HTML report: filters, keyboard navigation, counterpart highlighting.
   Linear in the size of the report; reads everything from the DOM (no embedded data). */
(function () {
  "use strict";
  var body = document.body;
  var list = document.getElementById("items");
  var items = list ? Array.prototype.slice.call(list.children) : [];
  var pos = document.getElementById("pos");
  var shown = document.getElementById("shown");
  var indexOf = new Map();
  items.forEach(function (li, i) { indexOf.set(li.getAttribute("data-div"), i); });
  var byDiv = null;  // data-div -> marks, built on first use
  var cur = -1;

  function marksOf(id) {
    if (!byDiv) {
      byDiv = new Map();
      var all = document.querySelectorAll("mark[data-div]");
      for (var i = 0; i < all.length; i++) {
        var k = all[i].getAttribute("data-div"), a = byDiv.get(k);
        if (!a) { a = []; byDiv.set(k, a); }
        a.push(all[i]);
      }
    }
    return byDiv.get(id) || [];
  }

  function visible(li) {
    return !body.classList.contains("hs-" + li.getAttribute("data-sev")) &&
           !body.classList.contains("ht-" + li.getAttribute("data-type"));
  }

  function clear() {
    if (cur < 0) return;
    var li = items[cur];
    li.classList.remove("cur");
    marksOf(li.getAttribute("data-div")).forEach(function (m) { m.classList.remove("cur"); });
    var row = document.querySelector(".row.cur-row");
    if (row) row.classList.remove("cur-row");
    cur = -1;
    pos.textContent = "– / " + items.length;
  }

  // Scroll the list (not the page) so the entry shows. Entries off screen are laid out
  // at an estimated height (content-visibility), so measure again after a frame.
  function keepInList(li, tries) {
    if (!li.classList.contains("cur")) return;
    var lr = list.getBoundingClientRect(), r = li.getBoundingClientRect();
    if (r.top < lr.top || r.bottom > lr.bottom) {
      list.scrollTop += r.top - lr.top - (list.clientHeight - r.height) / 2;
    }
    if (tries > 0) requestAnimationFrame(function () { keepInList(li, tries - 1); });
  }

  function select(i, scroll) {
    clear();
    if (i < 0 || i >= items.length) return;
    cur = i;
    var li = items[i], id = li.getAttribute("data-div");
    li.classList.add("cur");
    var ms = marksOf(id);
    ms.forEach(function (m) { m.classList.add("cur"); });
    var link = li.querySelector("a.item-link");
    var target = (link && document.getElementById(link.getAttribute("href").slice(1))) || ms[0] || li;
    var row = target.closest ? target.closest(".row") : null;
    if (row) row.classList.add("cur-row");
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    if (scroll) target.scrollIntoView({ block: "center", inline: "nearest" });
    keepInList(li, 4);
    pos.textContent = (i + 1) + " / " + items.length;
  }

  function step(dir) {
    var n = items.length;
    if (!n) return;
    var i = cur < 0 ? (dir > 0 ? -1 : 0) : cur;
    for (var k = 0; k < n; k++) {
      i = (i + dir + n) % n;
      if (visible(items[i])) { select(i, true); return; }
    }
  }

  function applyFilters() {
    var boxes = document.querySelectorAll("input[data-class]");
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i], onWhenChecked = b.getAttribute("data-when") === "checked";
      body.classList.toggle(b.getAttribute("data-class"), b.checked === onWhenChecked);
    }
    var n = 0;
    for (var j = 0; j < items.length; j++) if (visible(items[j])) n++;
    if (shown) shown.textContent = String(n);
  }

  // Worst first (the rendered order: severity, then document position) or document order.
  var severityRank = { critical: 0, major: 1, minor: 2, info: 3 };
  function reorder(byDocument) {
    clear();
    items.sort(function (a, b) {
      var pa = +a.getAttribute("data-pos"), pb = +b.getAttribute("data-pos");
      if (byDocument) return pa - pb;
      var ra = severityRank[a.getAttribute("data-sev")], rb = severityRank[b.getAttribute("data-sev")];
      return ((ra === undefined ? 4 : ra) - (rb === undefined ? 4 : rb)) || pa - pb;
    });
    items.forEach(function (li, i) { list.appendChild(li); indexOf.set(li.getAttribute("data-div"), i); });
    var note = document.querySelector(".order-note");
    if (note) note.textContent = byDocument ? "in document order" : "worst first";
  }

  document.addEventListener("change", function (e) {
    if (e.target && e.target.matches && e.target.matches("input[data-class]")) applyFilters();
    if (e.target && e.target.id === "opt-docorder" && list) reorder(e.target.checked);
  });

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!t || !t.closest) return;
    var link = t.closest(".item-link");
    if (link) {
      var li = link.parentNode, i = indexOf.get(li.getAttribute("data-div"));
      if (i !== undefined) { e.preventDefault(); select(i, true); }
      return;
    }
    var m = t.closest("mark[data-div]:not(.approx)") || t.closest("mark[data-div]");
    if (m) {
      var k = indexOf.get(m.getAttribute("data-div"));
      if (k !== undefined && visible(items[k])) select(k, false);
    }
  });

  // Tooltips come from the list, set on first hover (not repeated on every mark in the file).
  document.addEventListener("mouseover", function (e) {
    var m = e.target && e.target.closest ? e.target.closest("mark[data-div]") : null;
    if (!m || m.hasAttribute("title")) return;
    var i = indexOf.get(m.getAttribute("data-div"));
    if (i === undefined) return;
    var li = items[i], msg = li.querySelector(".msg");
    m.setAttribute("title", li.getAttribute("data-sev") + " · " + li.getAttribute("data-type") +
                   (msg ? ": " + msg.textContent.trim() : ""));
  });

  document.getElementById("next").addEventListener("click", function () { step(1); });
  document.getElementById("prev").addEventListener("click", function () { step(-1); });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) ||
              (t.tagName === "INPUT" && t.type !== "checkbox"))) return;
    switch (e.key) {
      case "j": case "n": step(1); break;
      case "k": case "p": step(-1); break;
      case "t": var tr = document.getElementById("opt-tr"); tr.checked = !tr.checked; applyFilters(); break;
      case "Escape": clear(); break;
      default: return;
    }
    e.preventDefault();
  });

  // On wide screens the list is a sticky sidebar below the sticky toolbar, whose height
  // depends on wrapping. Set as inline top/max-height on the sidebar alone: a custom
  // property would restyle every list item (seconds on a long report).
  var bar = document.querySelector(".toolbar"), side = document.getElementById("divergences");
  var wide = window.matchMedia ? window.matchMedia("(min-width: 1360px)") : null;
  function placeSidebar() {
    if (!bar || !side) return;
    if (wide && wide.matches) {
      var h = bar.offsetHeight;
      side.style.top = (h + 18) + "px";
      side.style.maxHeight = "calc(100vh - " + (h + 36) + "px)";
    } else {
      side.style.top = side.style.maxHeight = "";
    }
  }
  if (bar && side && window.ResizeObserver) new ResizeObserver(placeSidebar).observe(bar);
  if (wide && wide.addEventListener) wide.addEventListener("change", placeSidebar);

  // Paper gets the settings too (a closed <details> would print closed).
  var details = document.querySelector(".foot details"), wasOpen = false;
  window.addEventListener("beforeprint", function () { if (details) { wasOpen = details.open; details.open = true; } });
  window.addEventListener("afterprint", function () { if (details) details.open = wasOpen; });

  applyFilters();  // a reload may have restored checkbox states
})();

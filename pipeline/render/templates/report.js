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

  // Tooltips, set on first hover (not repeated on every mark and sentence in the file):
  // a sentence says which it is and the line it starts on; a highlight, its list entry.
  var sideName = { O: "original", R: "repost" };
  document.addEventListener("mouseover", function (e) {
    var s = e.target && e.target.closest ? e.target.closest(".sent[data-n]") : null;
    if (s && !s.hasAttribute("title")) {
      var n = s.getAttribute("data-n"), line = s.getAttribute("data-line");
      s.setAttribute("title", "sentence " + n.slice(1) + " of the " + sideName[n.charAt(0)] +
                     (line ? ", line " + line : ""));
    }
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

  // Paper gets the list and the settings even when folded (a closed <details> prints closed).
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    folded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { folded.forEach(function (d) { d.open = false; }); });

  applyFilters();  // a reload may have restored checkbox states
})();

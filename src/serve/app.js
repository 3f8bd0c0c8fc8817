// hanbridge serve: sends review actions with the page's token, then swaps in the page's main
// part as the server renders it now (no reload). Keys: j/k move, c confirm, r reject, u undo,
// ? help.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="hanbridge-token"]').content;
  var status = document.getElementById("status");
  var cur = -1;

  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? "bad" : "";
    status.style.display = "block";
  }

  function links() { return document.querySelectorAll("main [data-link]"); }

  function select(i, scroll) {
    var all = links();
    if (!all.length) { cur = -1; return; }
    cur = Math.max(0, Math.min(i, all.length - 1));
    for (var k = 0; k < all.length; k++) { all[k].classList.toggle("cur", k === cur); }
    var d = all[cur].closest("details");
    if (d) { d.open = true; }
    if (scroll) { all[cur].scrollIntoView({ block: "center" }); }
  }

  // The message of an answer: the text, or an error page's message.
  function message(text) {
    if (text.indexOf("<") < 0) { return text; }
    var doc = new DOMParser().parseFromString(text, "text/html");
    var m = doc.getElementById("message");
    return m ? m.textContent : "the request failed";
  }

  function refresh() {
    var keep = cur;
    return fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("main");
        if (fresh) { document.querySelector("main").replaceWith(fresh); }
        if (keep >= 0) { select(keep, false); }
        document.body.setAttribute("data-updated", String(Date.now()));
      });
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "x-hanbridge-token": token, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(data || {}).toString()
    }).then(function (r) {
      return r.text().then(function (t) {
        say(message(t), !r.ok);
        // Done, or refused because the link changed elsewhere: show the page as it is now.
        if (r.ok || r.status === 409) { return refresh(); }
      });
    }).catch(function (e) { say(String(e), true); });
  }

  function decide(el, action) {
    var box = el.closest("[data-link]");
    if (!box) { return; }
    var all = links();
    for (var k = 0; k < all.length; k++) { if (all[k] === box) { cur = k; } }
    return post("/api/link/" + box.getAttribute("data-link") + "/" + action,
      { seen: box.getAttribute("data-revision") });
  }

  // Saves the entry editor's cells; on success opens the glossary at the entry (its id may
  // have changed), else says why and leaves the form as typed.
  function saveEntry(form) {
    var data = { seen: form.getAttribute("data-seen") };
    var cells = form.querySelectorAll("input.cell");
    for (var i = 0; i < cells.length; i++) { data[cells[i].name] = cells[i].value; }
    return fetch("/api/glossary/" + encodeURIComponent(form.getAttribute("data-entry")), {
      method: "POST",
      credentials: "same-origin",
      headers: { "x-hanbridge-token": token, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(data).toString()
    }).then(function (r) {
      return r.text().then(function (t) {
        say(message(t), !r.ok);
        if (r.ok) { location.href = "/glossary?q=" + encodeURIComponent(data.id || ""); }
      });
    }).catch(function (e) { say(String(e), true); });
  }

  function pick(btn) {
    var pair = btn.closest(".pair");
    var box = pair && pair.querySelector(".picker");
    if (!box) { return; }
    if (!box.hidden) { box.hidden = true; return; }
    fetch("/pick?en=" + encodeURIComponent(btn.getAttribute("data-en")), { credentials: "same-origin" })
      .then(function (r) { return r.text().then(function (t) { return [r.ok, t]; }); })
      .then(function (a) {
        if (!a[0]) { say(message(a[1]), true); return; }
        // Rendered by the server, every text escaped.
        box.innerHTML = a[1];
        box.hidden = false;
      });
  }

  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-act]");
    if (!btn) { return; }
    var act = btn.getAttribute("data-act");
    e.preventDefault();
    if (act === "confirm" || act === "reject") { decide(btn, act); }
    else if (act === "bulk") { post("/api/links/confirm", { ids: btn.getAttribute("data-ids") }); }
    else if (act === "pick") { pick(btn); }
    else if (act === "add") { post("/api/link/add", { zh: btn.getAttribute("data-zh"), en: btn.getAttribute("data-en") }); }
    else if (act === "add-typed") {
      var input = btn.parentNode.querySelector(".zh-typed");
      post("/api/link/add", { zh: input ? input.value.trim() : "", en: btn.getAttribute("data-en") });
    }
    else if (act === "dismiss" || act === "restore") {
      var cell = btn.closest("[data-finding]");
      var reason = cell && cell.querySelector(".reason");
      post("/api/finding/" + encodeURIComponent(cell.getAttribute("data-finding")) + "/" + act,
        act === "dismiss" ? { reason: reason ? reason.value : "" } : {});
    }
    else if (act === "undo") { post("/api/undo"); }
    else if (act === "accept-suggestion" || act === "reject-suggestion") {
      var row = btn.closest("[data-suggestion]");
      post("/api/suggestion/" + encodeURIComponent(row.getAttribute("data-suggestion")) + "/" +
        (act === "accept-suggestion" ? "accept" : "reject"));
    }
    else if (act === "save-entry") { saveEntry(btn.closest("form")); }
    else if (act === "help") { var h = document.getElementById("help"); h.hidden = !h.hidden; }
  });

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    var all = links();
    if (e.key === "j") { select(cur + 1, true); }
    else if (e.key === "k") { select(cur < 0 ? 0 : cur - 1, true); }
    else if ((e.key === "c" || e.key === "r") && cur >= 0 && all[cur]) {
      decide(all[cur], e.key === "c" ? "confirm" : "reject");
    }
    else if (e.key === "u") { post("/api/undo"); }
    else if (e.key === "?") { var h = document.getElementById("help"); h.hidden = !h.hidden; }
    else { return; }
    e.preventDefault();
  });
})();

// Site-wide behaviour, on every page; no inline scripts (the Content-Security-Policy forbids them).
// What is typed is never lost: every long form keeps a draft on this phone while it is typed (localStorage),
// every form that takes text asks before the page is left with changes unsaved, and the forms marked
// data-offline (log an interview, quick debrief) are kept in an outbox (IndexedDB) when the network is not there
// and sent when it is back or the site is next opened. The service worker (/sw.js) keeps the pages to open offline.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var body = document.body;
  var SAVED_HERE = "Saved on this phone; it will be sent when you are back online.";
  var rememberedUser = safeStorage(function (s) { return s.getItem("debrief:user"); });
  // The offline page may come from the cache of someone's earlier visit: it names no user, the last one is meant.
  var USER = body.dataset.user || (body.hasAttribute("data-offline-page") ? rememberedUser : null);

  function safeStorage(use) {
    try { return use(window.localStorage); } catch (e) { return null; }
  }

  // --- Small things ------------------------------------------------------------------------------------------

  // Pre-select the browser's own time zone on a fresh sign-up form.
  function guessTimeZone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("select[data-guess-timezone]").forEach(function (select) {
      var form = select.form;
      if (!zone || (form && form.dataset.bound === "true")) { return; }
      if (Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) {
        select.value = zone;
      }
    });
  }

  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-dismiss-alert]");
    if (close) { close.closest(".alert").remove(); }
  });

  // --- Reading and filling forms -----------------------------------------------------------------------------

  var SKIPPED_TYPES = ["password", "file", "submit", "button", "reset", "image"];

  function controls(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && SKIPPED_TYPES.indexOf(el.type) < 0 && el.name !== "csrfmiddlewaretoken";
    });
  }

  // {name: [values]}: one list per name, so checkboxes, radios and repeated names read alike.
  function valuesOf(form) {
    var values = {};
    controls(form).forEach(function (el) {
      var list = values[el.name] || (values[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { list.push(el.value); }
      } else if (el.type === "select-multiple") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { list.push(o.value); });
      } else {
        list.push(el.value);
      }
    });
    return values;
  }

  function same(a, b) { return JSON.stringify(a || []) === JSON.stringify(b || []); }

  function fill(form, name, list) {
    var index = 0;
    controls(form).forEach(function (el) {
      if (el.name !== name) { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) >= 0;
      } else if (el.type === "select-multiple") {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = list.indexOf(o.value) >= 0; });
      } else {
        el.value = list[index] !== undefined ? list[index] : "";
        index += 1;
      }
      if (el.tagName === "SELECT" || el.type === "checkbox" || el.type === "radio") {
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  function shownText(form, name, list) {
    var el = form.querySelector('[name="' + name + '"]');
    if (el && el.tagName === "SELECT") {
      return list.map(function (v) {
        var option = Array.prototype.find.call(el.options, function (o) { return o.value === v; });
        return option ? option.text : v;
      }).join(", ");
    }
    return list.join("\n");
  }

  function labelOf(form, name) {
    var el = form.querySelector('[name="' + name + '"]');
    var label = el && el.id ? form.querySelector('label[for="' + el.id + '"]') : null;
    return label ? label.textContent.replace(/\*/g, "").trim() : name;
  }

  function hasErrors(form) {
    return Boolean(form.querySelector(".is-invalid, .invalid-feedback, .errorlist, .alert-danger"));
  }

  function isPost(form) { return (form.getAttribute("method") || "").toLowerCase() === "post"; }

  function takesText(form) {
    return Boolean(form.querySelector(
      "textarea, input:not([type]), input[type=text], input[type=email], input[type=url], input[type=tel], " +
      "input[type=number], input[type=date], input[type=datetime-local], input[type=time]"
    ));
  }

  function keyOf(form) {
    return new URL(form.getAttribute("action") || window.location.pathname, window.location.href).pathname;
  }

  // --- Drafts ------------------------------------------------------------------------------------------------
  // A draft is {initial, values, conflicts, savedAt, submittedAt}: the form as the server showed it when typing
  // began, and as it was typed. Restoring compares the two with what the server shows now, field by field, so a
  // change made elsewhere in the meantime is never silently overwritten: where both changed, the typed text goes
  // back in the box and the text saved elsewhere is shown under it.

  function draftKey(key) { return "debrief:draft:" + USER + ":" + key; }

  function readDraft(key) {
    return safeStorage(function (s) {
      var raw = s.getItem(draftKey(key));
      return raw ? JSON.parse(raw) : null;
    });
  }

  function writeDraft(key, draft) {
    safeStorage(function (s) { s.setItem(draftKey(key), JSON.stringify(draft)); });
  }

  function dropDraft(key) {
    safeStorage(function (s) { s.removeItem(draftKey(key)); });
  }

  function ownDraftKeys() {
    return safeStorage(function (s) {
      var keys = [];
      for (var i = 0; i < s.length; i += 1) {
        var name = s.key(i);
        if (name.indexOf("debrief:draft:" + USER + ":") === 0) { keys.push(name.slice(("debrief:draft:" + USER + ":").length)); }
      }
      return keys;
    }) || [];
  }

  function autosaves(form) {
    return USER && isPost(form) && form.dataset.autosave !== "off" && !form.querySelector("input[type=password]") &&
      (form.querySelector("textarea") || form.hasAttribute("data-autosave") || form.hasAttribute("data-offline"));
  }

  function restore(form, draft, note) {
    var shown = valuesOf(form);
    var conflicts = draft.conflicts || {};
    var mine = {};
    Object.keys(draft.values).forEach(function (name) {
      var typed = draft.values[name];
      var base = draft.initial[name];
      var now = shown[name];
      if (same(typed, base) || same(typed, now)) { return; }
      if (now !== undefined && !same(now, base)) { conflicts[name] = now; }
      mine[name] = typed;
    });
    Object.keys(conflicts).forEach(function (name) { if (same(conflicts[name], shown[name]) && !mine[name]) { delete conflicts[name]; } });
    if (!Object.keys(mine).length) { return false; }
    form.dispatchEvent(new CustomEvent("debrief:restore", { bubbles: true, detail: { values: mine } }));
    Object.keys(mine).forEach(function (name) { fill(form, name, mine[name]); });
    form.dispatchEvent(new CustomEvent("debrief:restored", { bubbles: true }));
    Object.keys(conflicts).forEach(function (name) {
      var el = form.querySelector('[name="' + name + '"]');
      if (!el) { return; }
      var box = document.createElement("div");
      box.className = "saved-elsewhere small";
      box.setAttribute("data-saved-elsewhere", name);
      box.textContent = "Saved elsewhere meanwhile: " + (shownText(form, name, conflicts[name]) || "(empty)");
      (el.closest(".mb-3, .form-check") || el).after(box);
    });
    var message = note || "Your unsaved text from " + new Date(draft.savedAt).toLocaleString() + " is back in the form.";
    if (Object.keys(conflicts).length) {
      message += " Some answers were changed elsewhere meanwhile: yours is in the box and the saved one is shown " +
        "under it. Keep one or combine them, then save.";
    }
    notice(form, message, "warning", "draft-restored");
    return { values: mine, conflicts: conflicts };
  }

  function notice(form, text, kind, testid) {
    var old = form.parentNode.querySelector('[data-testid="' + testid + '"]');
    if (old) { old.remove(); }
    var box = document.createElement("div");
    box.className = "alert alert-" + kind;
    box.setAttribute("role", "status");
    box.setAttribute("data-testid", testid);
    box.textContent = text;
    form.before(box);
    return box;
  }

  // --- Guarding every form ----------------------------------------------------------------------------------

  var guarded = [];

  function watch(form) {
    var state = { form: form, key: keyOf(form), initial: valuesOf(form), dirty: hasErrors(form) || form.dataset.unsaved === "true", sending: false };
    var draft = autosaves(form) ? readDraft(state.key) : null;
    if (draft && draft.submittedAt && hasErrors(form)) {
      // The server sent the form back with errors: what it shows is what was sent; the draft stays for later.
      delete draft.submittedAt;
      writeDraft(state.key, draft);
    } else if (draft) {
      var restored = restore(form, draft);
      if (restored) {
        state.dirty = true;
        state.base = valuesOf(form);
        writeDraft(state.key, { initial: state.initial, values: valuesOf(form), conflicts: restored.conflicts, savedAt: draft.savedAt });
      } else {
        dropDraft(state.key);
      }
    }
    state.base = state.base || state.initial;
    guarded.push(state);
    function changed() {
      if (state.sending) { return; }
      var now = valuesOf(form);
      state.dirty = JSON.stringify(now) !== JSON.stringify(state.initial) || hasErrors(form);
      if (!autosaves(form)) { return; }
      if (JSON.stringify(now) === JSON.stringify(state.initial)) { dropDraft(state.key); return; }
      var old = readDraft(state.key) || {};
      writeDraft(state.key, { initial: state.initial, values: now, conflicts: old.conflicts, savedAt: Date.now() });
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("debrief:rows-changed", changed);
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      state.sending = true;
      var old = autosaves(form) ? readDraft(state.key) : null;
      if (old) { old.submittedAt = Date.now(); writeDraft(state.key, old); }
    });
    return state;
  }

  function stateOf(form) {
    return guarded.find(function (s) { return s.form === form; });
  }

  window.addEventListener("beforeunload", function (event) {
    var unsaved = guarded.some(function (s) { return s.dirty && !s.sending && document.contains(s.form); });
    if (unsaved) { event.preventDefault(); event.returnValue = ""; }
  });

  // A submit button is disabled once its form is sent, so a double click cannot create two records.
  function guardDoubleSubmit(event) {
    var form = event.target;
    if (event.defaultPrevented) { return; }
    if (form.dataset.submitting === "true") { event.preventDefault(); return; }
    form.dataset.submitting = "true";
    window.setTimeout(function () { form.dataset.submitting = "false"; }, 5000);
  }

  // A draft sent with the form is done with once the next page says it was saved.
  function forgetSavedDrafts() {
    if (!USER || !document.querySelector('[data-flash="success"]')) { return; }
    ownDraftKeys().forEach(function (key) {
      var draft = readDraft(key);
      if (draft && draft.submittedAt && Date.now() - draft.submittedAt < 5 * 60 * 1000) { dropDraft(key); }
    });
  }

  // --- The outbox: forms kept on this phone until the server has them ---------------------------------------

  var DB_NAME = "debrief-outbox";

  function database() {
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("entries", { keyPath: "id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function store(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("entries", mode);
        var result = work(tx.objectStore("entries"));
        tx.oncomplete = function () { db.close(); resolve(result && result.result !== undefined ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function allEntries() {
    if (!window.indexedDB || !USER) { return Promise.resolve([]); }
    return store("readonly", function (s) { return s.getAll(); }).then(function (entries) {
      return entries.filter(function (e) { return e.user === USER; })
        .sort(function (a, b) { return a.createdAt - b.createdAt; });
    });
  }

  function putEntry(entry) { return store("readwrite", function (s) { s.put(entry); }); }

  function deleteEntry(id) { return store("readwrite", function (s) { s.delete(id); }); }

  function newId() {
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }

  function fieldsOf(form, submitter) {
    var fields = [];
    new FormData(form).forEach(function (value, name) { if (typeof value === "string") { fields.push([name, value]); } });
    if (submitter && submitter.name) { fields.push([submitter.name, submitter.value]); }
    return fields;
  }

  function valuesFromFields(fields) {
    var values = {};
    fields.forEach(function (pair) {
      if (pair[0] === "csrfmiddlewaretoken") { return; }
      (values[pair[0]] || (values[pair[0]] = [])).push(pair[1]);
    });
    return values;
  }

  function summaryOf(form) {
    return controls(form).filter(function (el) {
      return el.type !== "hidden" && (el.type !== "checkbox" && el.type !== "radio" ? el.value.trim() : el.checked);
    }).map(function (el) {
      return labelOf(form, el.name) + ": " + (el.tagName === "SELECT" ? el.selectedOptions[0].text : el.value);
    }).filter(function (line, index, lines) { return lines.indexOf(line) === index; }).join("\n");
  }

  function titleOf(form) {
    if (form.dataset.offlineTitle) { return form.dataset.offlineTitle; }
    var pick = function (name) {
      var el = form.querySelector('[name="' + name + '"]');
      if (!el || !el.value) { return ""; }
      return el.tagName === "SELECT" ? el.selectedOptions[0].text : el.value.trim();
    };
    var role = pick("opportunity") || [pick("role_title"), pick("company") || pick("new_company_name")].filter(Boolean).join(" at ");
    return "Interview: " + (role || "new interview");
  }

  function keep(form, fields) {
    var state = stateOf(form);
    var existing = form.dataset.outboxEntry;
    var entry = {
      id: existing || newId(),
      user: USER,
      kind: form.dataset.offline,
      url: keyOf(form),
      after: form.dataset.offlineAfter || null,
      fields: fields,
      initial: state ? state.entryInitial || state.initial : {},
      title: titleOf(form),
      summary: summaryOf(form),
      page: window.location.pathname,
      state: "waiting",
      createdAt: Date.now()
    };
    return putEntry(entry).then(function () {
      form.dataset.outboxEntry = entry.id;
      dropDraft(keyOf(form));
      if (state) { state.initial = valuesOf(form); state.dirty = false; state.sending = false; }
      form.dataset.submitting = "false";
      var box = notice(form, SAVED_HERE, "info", "saved-on-phone");
      if (entry.kind === "log" && form.dataset.offlineNext) {
        var link = document.createElement("a");
        link.href = form.dataset.offlineNext + "?after=" + encodeURIComponent(entry.id);
        link.className = "btn btn-brand d-block mt-2";
        link.textContent = "Write the quick debrief now";
        link.setAttribute("data-testid", "offline-debrief");
        box.appendChild(link);
      }
      box.scrollIntoView({ block: "center" });
      return renderOutbox();
    });
  }

  // Sends a form now; resolves to "sent" (and goes where the server says), "shown" (the server answered with
  // a page, e.g. errors: the form is sent again the ordinary way so the browser shows that page) or rejects when
  // the network is not there.
  function sendNow(form, fields, submitter) {
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, 20000);
    return fetch(keyOf(form), {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "X-Debrief-Outbox": "1" },
      credentials: "same-origin",
      signal: controller.signal
    }).then(function (response) {
      window.clearTimeout(timer);
      if (response.status === 204 && response.headers.get("X-Debrief-Location")) {
        var state = stateOf(form);
        if (state) { state.sending = true; }
        dropDraft(keyOf(form));
        var done = form.dataset.outboxEntry ? deleteEntry(form.dataset.outboxEntry) : Promise.resolve();
        return done.then(function () { window.location.assign(response.headers.get("X-Debrief-Location")); return "sent"; });
      }
      form.dataset.outboxBypass = "true";
      form.dataset.submitting = "false";
      if (submitter && typeof form.requestSubmit === "function") { form.requestSubmit(submitter); } else { form.submit(); }
      return "shown";
    }, function (error) {
      window.clearTimeout(timer);
      throw error;
    });
  }

  function captureOffline(event) {
    var form = event.target;
    if (!form.matches("form[data-offline]") || !USER || !window.indexedDB || !window.fetch) { return; }
    if (form.dataset.outboxBypass === "true") { delete form.dataset.outboxBypass; return; }
    event.preventDefault();
    if (form.dataset.submitting === "true") { return; }
    form.dataset.submitting = "true";
    var fields = fieldsOf(form, event.submitter);
    if (form.hasAttribute("data-offline-after")) {
      if (!form.dataset.offlineAfter) {
        notice(form, "Log the interview first: this page belongs to an interview logged on this phone.", "danger", "saved-on-phone");
        form.dataset.submitting = "false";
        return;
      }
      keep(form, fields).then(flush);
      return;
    }
    if (navigator.onLine === false) { keep(form, fields); return; }
    sendNow(form, fields, event.submitter).catch(function () { return keep(form, fields); });
  }

  var flushing = null;

  function flush() {
    if (!USER || !window.indexedDB || navigator.onLine === false) { return Promise.resolve(); }
    if (flushing) { return flushing; }
    var run = function () { return sendAll(); };
    // One tab at a time sends: two tabs sending the same entry at once would still make one interview (the
    // submission token), but the lock saves the second request.
    flushing = (navigator.locks ? navigator.locks.request("debrief-outbox", run) : run())
      .catch(function () {})
      .then(function () { flushing = null; return renderOutbox(); });
    return flushing;
  }

  var outboxNote = "";
  var justSent = [];  // titles of what this page sent, shown once

  function sendAll() {
    return allEntries().then(function (entries) {
      var byId = {};
      entries.forEach(function (e) { byId[e.id] = e; });
      var chain = Promise.resolve("go");
      entries.forEach(function (entry) {
        chain = chain.then(function (go) {
          if (go !== "go" || entry.state !== "waiting") { return go; }
          var url = entry.url;
          if (entry.after) {
            var first = byId[entry.after];
            if (first && first.state !== "sent") { return go; }
            if (first) { url = first.debriefUrl; }
            if (!url) { return go; }
          }
          return sendEntry(entry, url);
        });
      });
      return chain.then(function () {
        // A sent interview is kept while a debrief waits for its address; after that it is done with.
        return allEntries().then(function (left) {
          var needed = left.filter(function (e) { return e.after && e.state !== "sent"; }).map(function (e) { return e.after; });
          return Promise.all(left.filter(function (e) {
            return e.state === "sent" && needed.indexOf(e.id) < 0;
          }).map(function (e) { justSent.push(e.title); return deleteEntry(e.id); }));
        });
      });
    });
  }

  function isLoginPage(response) { return response.redirected && /\/accounts\/login\//.test(response.url); }

  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "X-Debrief-Outbox": "1" },
      credentials: "same-origin"
    });
  }

  // Sent with the CSRF token the page had. Refused (403: a new login since changed the secret), it is sent once
  // more with a fresh token from the form's own page. Not fetched first every time: opening that page would show
  // (and use up) the messages meant for the next page the person opens.
  function sendEntry(entry, url) {
    return post(url, entry.fields).then(function (response) {
      if (response.status !== 403) { return answered(entry, url, response); }
      return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (page) {
        if (isLoginPage(page)) { outboxNote = "Log in to send what is kept on this phone."; return "stop"; }
        return page.text().then(function (html) {
          var token = new DOMParser().parseFromString(html, "text/html").querySelector('input[name="csrfmiddlewaretoken"]');
          if (!token) { outboxNote = "The server did not answer as expected; trying again later."; return "stop"; }
          entry.fields = entry.fields.map(function (pair) {
            return pair[0] === "csrfmiddlewaretoken" ? [pair[0], token.value] : pair;
          });
          return post(url, entry.fields).then(function (again) { return answered(entry, url, again); });
        });
      });
    }, function () { return "stop"; });
  }

  function answered(entry, url, response) {
    if (response.status === 204) {
      entry.state = "sent";
      entry.sentAt = Date.now();
      entry.resultUrl = response.headers.get("X-Debrief-Location");
      entry.debriefUrl = response.headers.get("X-Debrief-Quick-Debrief") || url;
      dropDraft(url);
      return putEntry(entry).then(function () {
        var state = guarded.find(function (s) { return s.key === url && s.form.dataset.outboxEntry === entry.id; });
        if (state && !state.dirty) { state.sending = true; window.location.reload(); }
        return "go";
      });
    }
    if (isLoginPage(response)) { outboxNote = "Log in to send what is kept on this phone."; return "stop"; }
    if (response.status === 409) {
      entry.state = "conflict";
      entry.url = url;
      return putEntry(entry).then(function () { return "go"; });
    }
    if (response.status === 400 || response.status === 200) {
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var first = doc.querySelector(".invalid-feedback, .alert-danger:not(#error-summary)");
        return refuse(entry, first ? first.textContent.trim() : "The server asked for a change.", url);
      });
    }
    if (response.status === 404) { return refuse(entry, "The interview is no longer there; copy your text from below.", url); }
    outboxNote = "The server could not take it just now; trying again later.";
    return "stop";
  }

  function refuse(entry, message, url) {
    entry.state = "refused";
    entry.message = message;
    if (url) { entry.url = url; }
    return putEntry(entry).then(function () { return "go"; });
  }

  function renderOutbox() {
    var panel = document.querySelector("[data-outbox-panel]");
    if (!panel) { return Promise.resolve(); }
    return allEntries().then(function (entries) {
      var list = panel.querySelector("[data-outbox-list]");
      list.textContent = "";
      var waiting = 0;
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        item.className = "mb-2";
        item.setAttribute("data-testid", "outbox-entry");
        item.setAttribute("data-state", entry.state);
        var title = document.createElement("strong");
        title.textContent = entry.title;
        item.appendChild(title);
        var text = document.createElement("span");
        var link = null;
        if (entry.state === "waiting") {
          waiting += 1;
          text.textContent = entry.after && !entry.url.match(/\d/) ? " Waiting for its interview to be sent first." : "";
        } else if (entry.state === "sent") {
          text.textContent = " Sent.";
        } else if (entry.state === "conflict") {
          text.textContent = " Not sent: this debrief was changed elsewhere meanwhile. Both texts are kept.";
          link = ["Open it to compare", entry.url + "?restore=" + entry.id];
        } else {
          text.textContent = " Not sent: " + (entry.message || "the server asked for a change.");
          link = ["Open it to fix", entry.url + "?restore=" + entry.id];
        }
        item.appendChild(text);
        if (link) {
          var a = document.createElement("a");
          a.href = link[1];
          a.className = "ms-2";
          a.textContent = link[0];
          a.setAttribute("data-testid", "outbox-open");
          item.appendChild(a);
        }
        if (entry.state !== "sent" && entry.summary) {
          var typed = document.createElement("details");
          var summary = document.createElement("summary");
          summary.textContent = "What you typed";
          var pre = document.createElement("div");
          pre.className = "outbox-typed small";
          pre.textContent = entry.summary;
          typed.appendChild(summary);
          typed.appendChild(pre);
          item.appendChild(typed);
        }
        list.appendChild(item);
      });
      justSent.forEach(function (title) {
        var item = document.createElement("li");
        item.className = "mb-2";
        item.setAttribute("data-testid", "outbox-sent");
        item.textContent = title + ": sent.";
        list.appendChild(item);
      });
      var status = panel.querySelector("[data-outbox-status]");
      status.textContent = waiting ? SAVED_HERE + (outboxNote ? " " + outboxNote : "") : outboxNote;
      panel.hidden = entries.length === 0 && justSent.length === 0;
    });
  }

  // A form whose entry waits in the outbox shows that entry, so saving again replaces it instead of adding one.
  function showKeptEntries() {
    return allEntries().then(function (entries) {
      var wanted = new URL(window.location.href).searchParams.get("restore");
      var hash = wanted ? [null, wanted] : null;
      guarded.forEach(function (state) {
        var form = state.form;
        if (!form.matches("form[data-offline]")) { return; }
        if (form.hasAttribute("data-offline-after")) {
          form.dataset.offlineAfter = new URL(window.location.href).searchParams.get("after") || "";
          var first = entries.find(function (e) { return e.id === form.dataset.offlineAfter; });
          if (first) { form.dataset.offlineTitle = "Quick debrief: " + first.title.replace(/^Interview: /, ""); }
        }
        var entry = entries.find(function (e) {
          return hash ? e.id === hash[1] : e.state === "waiting" && e.url === state.key && e.kind === "debrief" &&
            (!e.after || e.after === form.dataset.offlineAfter);
        });
        if (!entry || (hash && entry.url !== state.key && !(form.dataset.offlineAfter && entry.after === form.dataset.offlineAfter))) { return; }
        var draft = { initial: entry.initial, values: valuesFromFields(entry.fields), savedAt: entry.createdAt };
        if (hash) {
          // Opened to fix or compare: the text becomes a draft of this form and leaves the outbox.
          restore(form, draft, entry.state === "conflict"
            ? "This debrief was changed elsewhere after you typed yours on this phone."
            : "Your text kept on this phone is back in the form: " + (entry.message || "check it") + ".");
          writeDraft(state.key, { initial: state.initial, values: valuesOf(form), savedAt: Date.now() });
          state.dirty = true;
          history.replaceState(null, "", window.location.pathname);
          deleteEntry(entry.id).then(renderOutbox);
        } else {
          restore(form, draft, SAVED_HERE + " This is the version kept on this phone; saving again replaces it.");
          form.dataset.outboxEntry = entry.id;
          state.entryInitial = entry.initial;
          state.initial = valuesOf(form);
        }
      });
    });
  }

  // --- The service worker --------------------------------------------------------------------------------------

  function serviceWorker() {
    if (!("serviceWorker" in navigator) || !body.dataset.serviceWorker) { return; }
    if (body.dataset.user) {
      safeStorage(function (s) { s.setItem("debrief:user", body.dataset.user); });
    } else if (!body.hasAttribute("data-offline-page") && navigator.onLine !== false) {
      safeStorage(function (s) { s.removeItem("debrief:user"); });
    }
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(body.dataset.serviceWorker).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        var worker = registration.active;
        if (!worker) { return; }
        if (body.hasAttribute("data-offline-capture")) {
          worker.postMessage({ type: "warm" });
        } else if (!body.dataset.user && !body.hasAttribute("data-offline-page") && navigator.onLine !== false) {
          // Logged out: the pages kept for offline use were someone's own; they go.
          worker.postMessage({ type: "forget" });
        }
      }).catch(function () {});
    });
    document.addEventListener("submit", function (event) {
      if (event.target.matches("form[data-logout]") && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "forget" });
      }
    });
  }

  // --- Start ---------------------------------------------------------------------------------------------------

  document.addEventListener("submit", captureOffline);
  document.addEventListener("submit", guardDoubleSubmit);

  document.addEventListener("DOMContentLoaded", function () {
    guessTimeZone();
    forgetSavedDrafts();
    document.querySelectorAll("form").forEach(function (form) {
      if (isPost(form) && (takesText(form) || form.hasAttribute("data-offline"))) { watch(form); }
    });
    showKeptEntries().then(flush).then(renderOutbox).catch(function () {});
    window.addEventListener("online", function () { outboxNote = ""; flush(); });
    serviceWorker();
  });
})();

/* Journal réflexif: autosaved private entries, sharing, history, facilitators' feedback.
 * A draft stays in localStorage until the server has it; failed saves are retried with backoff
 * and said. The server draws an entry, its feedback, versions and link choices (answer: "fragment");
 * this script puts them in place and fills the fields with the person's own drafts only. */
(window.CapSections = window.CapSections || {}).journal = function (ctx, section) {
  "use strict";
  var S = ctx.strings, map = Array.prototype.map;
  function q(css, root) { return (root || section).querySelector(css); }
  var form = q('[data-form="journal"]'), read = null, listShared = lister("journal-shared", "journal_shared", true);
  section.addEventListener("click", function (event) {
    var t = event.target;
    if (t.hasAttribute("data-open")) { leave(function () { open(t.getAttribute("data-open")); }); }
    if (t.hasAttribute("data-read") && read) { read(t.getAttribute("data-read")); }
  });
  if (window.CapJournalReader) { read = window.CapJournalReader(ctx, section, {q: q, list: listShared}); }
  if (!form) { return; }  /* course staff who facilitate: only the entries shared with them */
  var status = q("[data-status]", form), tools = q("[data-tools]", form), fields = q("[data-fields]", form);
  var blank = fields.innerHTML;  /* the server's fields of a new entry */
  /* Drafts are this person's only: the key carries the server's opaque per-person key (never a user id). */
  var uid = form.getAttribute("data-store"), prefix = "cap-journal:" + uid + ":",
    mineKey = prefix + (form.getAttribute("data-draft-key") || "") + ":", select = q("[data-link-select]", form), choices = null, scope = "block";
  var state = {delay: 2};

  function content() {
    return {title: form.title.value, free_text: form.free_text.value,
            answers: map.call(form.querySelectorAll("[data-prompt]"), function (t) { return {prompt: t.getAttribute("data-prompt"), text: t.value}; })};
  }
  function key() { return mineKey + (state.id || "new"); }
  /* On a shared computer, the drafts someone else left in this activity are removed, never shown or sent. */
  function forgetOthers() {
    try {
      for (var i = localStorage.length - 1; i >= 0; i -= 1) {
        var k = localStorage.key(i);
        if (k && k.indexOf(prefix) === 0 && k.indexOf(mineKey) !== 0) { localStorage.removeItem(k); }
      }
    } catch (e) { /* storage off */ }
  }
  /* One draft per tab (key() + "@" + tab; the tab's id survives a reload): a save in another tab
   * never deletes this tab's text, and only this tab's own successful save drops it. */
  var tab = (function () {
    var id = Math.random().toString(36).slice(2, 10);
    try { id = sessionStorage.getItem("cap-journal-tab") || id; sessionStorage.setItem("cap-journal-tab", id); } catch (e) { /* storage off */ }
    return id;
  }());
  function mine() { return key() + "@" + tab; }
  function keep() { try { localStorage.setItem(mine(), JSON.stringify({version: state.version, content: content(), at: Date.now()})); } catch (e) { /* storage full or off */ } }
  function drop(k) { try { localStorage.removeItem(k); } catch (e) { /* storage off */ } }
  /* This tab's draft; with ``others``, else the newest one another tab left for this entry (taken over). */
  function kept(others) {
    try {
      var own = JSON.parse(localStorage.getItem(mine()) || "null"), found = null, from = null;
      if (own || !others) { return own; }
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i), d = (k === key() || (k || "").indexOf(key() + "@") === 0) && JSON.parse(localStorage.getItem(k) || "null");
        if (d && (!found || (d.at || 0) > (found.at || 0))) { found = d; from = k; }
      }
      if (found) { localStorage.setItem(mine(), JSON.stringify(found)); drop(from); }
      return found;
    } catch (e) { return null; }
  }
  function show(text) { status.textContent = text; }

  /* A draft kept in this browser back in the fields: what the person typed, nothing lost. A prompt the
   * fields lack (the block's prompts changed since) gets a field like the others. */
  function fill(draft) {
    var areas = map.call(form.querySelectorAll("[data-prompt]"), function (t) { return t; });
    form.title.value = draft.title || "";
    form.free_text.value = draft.free_text || "";
    (draft.answers || []).forEach(function (a) {
      var area = areas.filter(function (t) { return t.getAttribute("data-prompt") === a.prompt; })[0];
      if (!area && areas.length) {
        var field = areas[areas.length - 1].parentNode.cloneNode(true), id = uid + "-p" + (areas.length + 1);
        area = field.querySelector("textarea");
        area.id = id; area.setAttribute("data-prompt", a.prompt);
        field.querySelector("label").setAttribute("for", id);
        field.querySelector("label").textContent = a.prompt;
        areas[areas.length - 1].parentNode.parentNode.appendChild(field);
        areas.push(area);
      }
      if (area) { area.value = a.text || ""; }
    });
  }

  function save(checkpoint) {
    var mine = state, sent = content(), text = JSON.stringify(sent), draft = key() + "@" + tab;  /* this tab's draft */
    window.clearTimeout(mine.timer);
    if (mine.stale) { return; }
    if (mine.busy) { mine.again = true; return; }
    if (!mine.id && !/\S/.test(sent.title + sent.free_text + sent.answers.map(function (a) { return a.text; }).join(""))) { return; }
    mine.busy = true;
    show(S.journal_saving);
    ctx.clear(form);
    // The save that creates the entry carries one key until it succeeds: a retry after a lost answer
    // finds the entry the first attempt created instead of creating a second one.
    if (!mine.id) { mine.key = mine.key || ctx.submissionKey(); }
    ctx.request("journal_save", {entry_id: mine.id, base_version: mine.version, title: sent.title, answers: sent.answers,
                                 free_text: sent.free_text, checkpoint: !!checkpoint,
                                 submission_id: mine.id ? undefined : mine.key}).then(function (entry) {
      var created = !mine.id;
      mine.key = null;
      mine.busy = false; mine.delay = 2;
      drop(draft);
      if (mine !== state) { return; }
      opened(entry);
      if (JSON.stringify(content()) === text) { mine.dirty = false; show(ctx.format(S.journal_saved, {time: ctx.time()})); } else { keep(); later(); }
      if (checkpoint) { ctx.say(S.saved); }
      if (created || checkpoint) { list(1); }
      if (mine.again) { mine.again = false; save(); } else if (mine.after && !mine.dirty) { mine.after(); }
    }, function (error) {
      mine.busy = false;
      if (mine !== state) { return; }
      if (!error.status || error.status >= 500) {
        var message = ctx.format(S.journal_offline, {seconds: mine.delay});
        show(message); ctx.say(message);
        mine.timer = window.setTimeout(save, mine.delay * 1000, checkpoint);
        mine.delay = Math.min(mine.delay * 2, 60);
        return;
      }
      mine.stale = error.code === "stale_version";
      show(S.journal_unsaved);
      ctx.fail(form, error);
    });
  }
  function later() { window.clearTimeout(state.timer); state.timer = window.setTimeout(save, 2000); }
  /* Moves on (another entry, a new one) only once the text on screen reached the server. */
  function leave(next) { state.after = next; if (state.dirty && !state.stale) { save(); } else { next(); } }

  function opened(entry) {
    state.id = entry.id; state.version = entry.version;
    q("[data-editor-title]", form).textContent = entry.title || S.journal_untitled;
    tools.hidden = false;
    q("[data-sharing]", form).textContent = entry.shared ? S.journal_shared : S.journal_private;
    if (q('[data-action="share"]', form)) {  /* a facilitator's own journal is never shared */
      q('[data-action="share"]', form).hidden = entry.shared;
      q('[data-action="withdraw"]', form).hidden = !entry.shared;
    }
    links(entry.link_kind ? entry.link_kind + ":" + entry.link_id : "");
  }

  /* What an entry may link to: fetched once, when an entry is first opened. */
  function links(wanted) {
    function pick() { select.value = wanted; if (select.value !== wanted) { select.value = ""; } }
    choices = choices || ctx.request("journal_link_choices", {answer: "fragment"}, "GET").then(function (found) {
      select.insertAdjacentHTML("beforeend", found.html);  // the server's options, escaped
    }, function (error) { choices = null; ctx.fail(tools, error); });
    choices.then(pick);
  }

  function reset() {
    window.clearTimeout(state.timer);
    state = {delay: 2};
    fields.innerHTML = blank;
    q("[data-feedback]", form).textContent = "";
    tools.hidden = true;
    q("[data-versions]", form).hidden = q("[data-version-view]", form).hidden = true;
    q("[data-editor-title]", form).textContent = S.journal_new;
    show("");
    ctx.clear(form);
  }

  function restore() {
    var draft = kept(true), saved = content();
    if (draft && (!state.id || draft.version === state.version)) {
      fill(draft.content);
      state.dirty = true;
      show(S.journal_restored); ctx.say(S.journal_restored);
      later();
    } else if (draft && JSON.stringify(draft.content) !== JSON.stringify(saved)) {
      /* Written on an older version (another tab saved meanwhile): both texts on screen, nothing lost.
       * The form holds this draft; the next change saves it on the current version. */
      fill(draft.content);
      state.dirty = true;
      var view = q("[data-version-view]", form), heading = document.createElement("h5");
      view.innerHTML = state.bodyHtml;  // the saved entry, drawn by the server
      heading.textContent = S.journal_saved_elsewhere;
      view.insertBefore(heading, view.firstChild);
      view.hidden = false;
      show(S.journal_stale_restored); ctx.say(S.journal_stale_restored);
    } else if (draft) { drop(mine()); }
  }

  function open(id) {
    ctx.request("journal_entry", {entry_id: id, answer: "fragment"}, "GET").then(function (entry) {
      reset();
      fields.innerHTML = entry.fields_html;  // the entry in its fields, drawn and escaped by the server
      q("[data-feedback]", form).innerHTML = entry.feedback_html;
      state.bodyHtml = entry.body_html;
      opened(entry); restore();
      form.title.focus();
    }, function (error) { ctx.fail(form, error); });
  }

  /* A list of entries: the server renders its items and pager (answer: "fragment"); `load(page)` puts them in place. */
  function lister(name, handler, reader) {
    var ul = q('[data-list="' + name + '"]'), nav = q('[data-pager="' + name + '"]');
    function load(page) {
      ctx.request(handler, {scope: reader ? "" : scope, page: page, answer: "fragment"}, "GET").then(function (result) {
        var dir = nav.contains(document.activeElement) && document.activeElement.getAttribute("data-dir");
        ul.innerHTML = result.html;  // rendered and escaped by the server's templates
        nav.innerHTML = result.pager_html;
        var again = dir && nav.querySelector('[data-dir="' + dir + '"]:not([disabled])');
        if (again) { again.focus(); }
      }, function (error) { ctx.fail(ul.parentNode, error); });
    }
    if (ul) {
      nav.addEventListener("click", function (event) {
        var to = event.target.closest("[data-page-to]");
        if (to) { load(+to.getAttribute("data-page-to")); }
      });
    }
    return load;
  }
  var list = lister("journal", "journal_entries");

  function history() {
    var box = q("[data-versions]", form), button = q('[data-action="history"]', form);
    if (!box.hidden) { box.hidden = true; button.setAttribute("aria-expanded", "false"); return; }
    ctx.request("journal_versions", {entry_id: state.id, answer: "fragment"}, "GET").then(function (page) {
      box.innerHTML = page.html;  // the server's buttons
      box.hidden = false; button.setAttribute("aria-expanded", "true");
    }, function (error) { ctx.fail(tools, error); });
  }

  function version(number) {
    ctx.request("journal_version", {entry_id: state.id, number: number, answer: "fragment"}, "GET").then(function (v) {
      var view = q("[data-version-view]", form);
      view.innerHTML = v.html;  // the version's text under its date, drawn by the server
      view.hidden = false; view.focus();
    }, function (error) { ctx.fail(tools, error); });
  }

  function act(handler, data, message) {
    data.entry_id = state.id;
    ctx.clear(tools);
    ctx.request(handler, data).then(function (entry) { opened(entry); ctx.say(message); list(1); },
                                    function (error) { ctx.fail(tools, error); });
  }

  form.addEventListener("input", function (event) {
    if (event.target === select) { return; }
    if (state.stale) { keep(); return; }  /* not sent, but kept in this tab's draft for a reload */
    state.dirty = true; keep(); show(S.journal_unsaved); later();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); save(true); });
  form.addEventListener("click", function (event) {
    var t = event.target, action = t.getAttribute("data-action"), parts = select.value.split(":");
    if (action === "new") { leave(function () { reset(); form.title.focus(); }); }
    if (action === "share") { act("journal_share", {}, S.journal_shared_ok); }
    if (action === "withdraw") { act("journal_withdraw", {}, S.journal_withdrawn_ok); }
    if (action === "link") { act("journal_link", {kind: parts[0], target_id: parts[1]}, S.saved); }
    if (action === "history") { history(); }
    if (t.hasAttribute("data-version")) { version(t.getAttribute("data-version")); }
  });
  section.querySelectorAll("[data-scope]").forEach(function (radio) {
    radio.addEventListener("change", function () { scope = radio.value; list(1); });
  });

  window.addEventListener("online", function () { if (kept(false)) { save(); } });
  forgetOthers();
  restore();
};

/* Remue-méninges. The server renders everything a person reads: the first view, and after each action the
 * part that changed (answer: "fragment"), which is put in place here. This script only wires the actions:
 * it never draws an idea, a count or a date itself. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};
  window.CapSections.brainstorm = function (ctx, section) {
    var box = section.querySelector("[data-brainstorm]");
    if (!box) { return; }
    var s = ctx.strings, el = ctx.el;
    function b(key) { return s["brainstorm_" + key]; }
    function board() { return box.querySelector('[data-bs="board"]'); }
    function params(extra) {
      var d = board().dataset;
      var p = {brainstorm_id: d.brainstorm, community_id: d.community, page: d.ideasPage,
               results_page: d.resultsPage, theme: d.filter, answer: "fragment"};
      Object.keys(extra || {}).forEach(function (k) { p[k] = extra[k]; });
      return p;
    }
    function fragment(html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;  // rendered and escaped by the server's templates
      return holder.firstElementChild;
    }
    /* A selector that finds again, in a new board, the control the person was on. */
    function whereIs(node) {
      if (!node || !board().contains(node)) { return null; }
      var sel = "", holder = node.closest("[data-idea], [data-theme], [data-bs-pager]");
      if (holder) {
        ["data-idea", "data-theme", "data-bs-pager"].forEach(function (name) {
          if (holder.hasAttribute(name)) { sel = "[" + name + '="' + holder.getAttribute(name) + '"] '; }
        });
      }
      if (node.hasAttribute("data-bs-action")) { return sel + '[data-bs-action="' + node.getAttribute("data-bs-action") + '"]'; }
      if (node.hasAttribute("data-dir")) { return sel + '[data-dir="' + node.getAttribute("data-dir") + '"]'; }
      if (node.getAttribute("data-bs") === "filter") { return '[data-bs="filter"]'; }
      return null;
    }
    /* Put the board the server answered in place; the focus goes back to the same control when it is still
     * there (and usable), otherwise to the list of ideas. */
    function showBoard(answer) {
      var old = board(), where = whereIs(document.activeElement), hadFocus = old.contains(document.activeElement);
      var fresh = fragment(answer.html);
      old.parentNode.replaceChild(fresh, old);
      box.dataset.status = fresh.dataset.status;
      box.querySelector('[data-bs-form="idea"]').hidden = !fresh.dataset.canAdd;
      if (!hadFocus) { return; }
      var target = where && fresh.querySelector(where);
      if (!target || target.disabled) {
        target = fresh.querySelector('[data-bs="ideas"]');
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
    function load(place, extra) {
      return ctx.request("brainstorm_state", params(extra), "GET").then(showBoard, function (e) { ctx.fail(place, e); });
    }
    /* Send an action; the answer is the new board (or the part that changed, handled by `then`). */
    function send(name, data, place, said, then) {
      ctx.clear(place);
      // A form's submission carries its idempotency key and shows it is under way (ctx.submit).
      var sent = place && place.tagName === "FORM" ? ctx.submit(place, name, params(data)) : ctx.request(name, params(data));
      return sent.then(function (answer) {
        (then || showBoard)(answer);
        if (said) { ctx.say(said); }
        return true;
      }, function (e) { ctx.fail(place, e); return false; });
    }
    /* A new idea: on the first page of every idea it goes on top (the last one moves to the next page);
     * elsewhere the server answered that first page. */
    function ideaAdded(answer) {
      if (answer.html !== undefined) { showBoard(answer); return; }
      var list = board().querySelector('[data-bs="ideas"]');
      var empty = list.querySelector(":scope > .cap-hint");
      if (empty) { empty.remove(); }
      if (answer.idea_html) { list.insertBefore(fragment(answer.idea_html), list.firstElementChild); }
      var items = list.querySelectorAll(":scope > [data-idea]");
      for (var i = answer.page_size; i < items.length; i++) { items[i].remove(); }
      board().querySelector('[data-bs-pager="ideas"]').innerHTML = answer.pager_html;
      if (answer.results_html !== undefined) {
        var results = board().querySelector('[data-bs="results-box"]');
        results.parentNode.replaceChild(fragment(answer.results_html), results);
      }
    }
    function voted(button) {
      return function (answer) {
        var fresh = fragment(answer.button_html);
        button.parentNode.replaceChild(fresh, button);
        fresh.focus();
        var status = board().querySelector('[data-bs="status"]');
        status.parentNode.replaceChild(fragment(answer.status_html), status);
      };
    }

    /* The reason form of « Signaler » or « Masquer » under an idea: the button shows and folds it, and what
     * was typed stays; its own button says what it sends. */
    function reasonForm(li, toggle, key) {
      var form = li.querySelector('form[data-bs-reason="' + key + '"]');
      if (form) {
        form.hidden = !form.hidden;
        toggle.setAttribute("aria-expanded", String(!form.hidden));
        if (!form.hidden) { form.elements.reason.focus(); }
        return;
      }
      var id = "cap-bs-" + key + "-" + li.dataset.idea, input = el("input", {id: id, name: "reason", maxlength: "500"});
      input.required = true;
      form = el("form", {"class": "cap-form", "data-bs-reason": key}, [el("label", {"for": id, text: b(key + "_reason")}), input,
        el("button", {type: "submit", "class": "cap-button cap-small", text: b(key + "_send")})]);
      li.appendChild(form);
      toggle.setAttribute("aria-expanded", "true");
      input.focus();
    }

    box.addEventListener("submit", function (event) {
      var f = event.target, kind = f.dataset.bsForm;
      event.preventDefault();
      if (kind === "idea") {
        send("brainstorm_add_idea", {text: f.elements.text.value}, f, b("added"), ideaAdded).then(function (ok) {
          if (ok) { f.reset(); }
        });
      } else if (kind === "theme") {
        send("brainstorm_theme", {name: f.elements.name.value}, f, s.saved).then(function (ok) {
          if (ok) { f.reset(); }
        });
      } else if (f.dataset.bsReason) {
        var reported = f.dataset.bsReason === "report", li = f.closest("li");
        ctx.clear(f);
        ctx.submit(f, reported ? "moderation_report" : "moderation_hide", {idea_id: +li.dataset.idea, reason: f.elements.reason.value})
          .then(function () {
            if (reported) {
              f.hidden = true;
              f.reset();
              li.querySelector('[data-bs-action="report"]').setAttribute("aria-expanded", "false");
              li.querySelector('[data-bs-action="report"]').focus();
              ctx.say(b("reported"));
            } else {
              ctx.say(s.saved);
              load(box);
            }
          }, function (e) { ctx.fail(f, e); });
      } else if (kind === "community") {
        load(f, {community_id: f.elements.community_id.value, page: 1, results_page: 1, theme: ""});
      }
    });
    box.addEventListener("click", function (event) {
      var btn = event.target.closest("button[data-bs-action], button[data-page-to]");
      if (!btn) { return; }
      var li = btn.closest("li");
      if (btn.hasAttribute("data-page-to")) {
        var ideas = btn.closest('[data-bs-pager="ideas"]') !== null;
        load(btn.parentNode, ideas ? {page: btn.dataset.pageTo} : {results_page: btn.dataset.pageTo});
        return;
      }
      var action = btn.dataset.bsAction;
      if (action === "vote") {
        send("brainstorm_vote", {idea_id: +li.dataset.idea, withdraw: !!btn.dataset.voted}, li, s.saved, voted(btn));
      } else if (action === "report" || action === "hide") {
        reasonForm(li, btn, action);
      } else if (action === "restore") {
        ctx.clear(li);
        ctx.request("moderation_restore", {idea_id: +li.dataset.idea}).then(function () { ctx.say(s.saved); load(box); },
          function (e) { ctx.fail(li, e); });
      } else if (action === "close") {
        var closing = box.dataset.status !== "closed";
        send("brainstorm_close", {closed: closing}, btn.parentNode, closing ? b("closed") : b("reopened"));
      } else if (action === "rename") {
        var old = li.querySelector(".cap-bs-theme-name").textContent;
        var name = window.prompt(ctx.format(s.new_name, {name: old}), old);
        if (name && name !== old) { send("brainstorm_theme", {theme_id: +li.dataset.theme, name: name}, li, s.saved); }
      }
    });
    box.addEventListener("change", function (event) {
      var t = event.target, action = t.dataset.bsAction, li = t.closest("li");
      if (action === "group") {
        send("brainstorm_group", {idea_id: +li.dataset.idea, theme_id: t.value}, li, s.saved);
      } else if (action === "retain") {
        send("brainstorm_retain", {idea_id: +li.dataset.idea, retained: t.checked}, li, s.saved).then(function (ok) {
          if (!ok) { t.checked = !t.checked; }
        });
      } else if (t.dataset.bs === "filter") {
        load(t.parentNode, {theme: t.value, page: 1});
      }
    });
  };
}());

/* « Modération »: the review queue, posts awaiting approval, muted members and the moderation log
 * of one community. The lists are rendered on the server; this script wires their buttons and puts in place
 * the lists the server answers. What it writes itself (reason forms) goes in with textContent; a failure
 * never clears what was typed. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};
  window.CapSections.moderation = function (ctx, section) {
    var S = ctx.strings, el = ctx.el, root = section.querySelector(".cap-moderation");
    if (!root) { return; }
    var q = function (sel) { return root.querySelector(sel); };
    var community = root.dataset.community;

    /* A list of one kind, rendered on the server (first view and answer: "fragment"); `load(page)` asks for it
     * again and puts it in place. */
    function kind(name, handler) {
      var ul = q('[data-m="' + name + '"]'), nav = q('[data-m="' + name + '-pager"]'), page = 1;
      function load(wanted) {
        page = wanted || page;
        return ctx.request(handler, {community_id: community, page: page, answer: "fragment"}, "GET").then(function (data) {
          var hadFocus = ul.contains(document.activeElement) || nav.contains(document.activeElement);
          var dir = hadFocus && document.activeElement.getAttribute("data-dir");
          ul.innerHTML = data.html;  // rendered and escaped by the server's templates
          nav.innerHTML = data.pager_html;
          var again = dir && nav.querySelector('[data-dir="' + dir + '"]:not([disabled])');
          if (again) { again.focus(); } else if (hadFocus) { ul.setAttribute("tabindex", "-1"); ul.focus(); }
        }, function (error) { ctx.fail(ul.parentNode, error); });
      }
      nav.addEventListener("click", function (event) {
        var to = event.target.closest("[data-page-to]");
        if (to) { load(+to.getAttribute("data-page-to")); }
      });
      return load;
    }

    function act(li, handler, data, reload) {
      return ctx.request(handler, data).then(function () {
        ctx.say(S.saved);
        reload.forEach(function (load) { load(); });
      }, function (error) { ctx.fail(li, error); });
    }

    /* The reason form of an action, opened by `toggle`; pressing `toggle` again folds it away and keeps the
     * reason typed. `label` names the submit button (it differs from the toggle's). */
    function withReason(li, toggle, label, handler, data, reload) {
      var old = li.querySelector("form");
      if (old) {
        old.hidden = !old.hidden;
        toggle.setAttribute("aria-expanded", String(!old.hidden));
        if (!old.hidden) { old.elements.reason.focus(); }
        return;
      }
      var id = "cap-m-" + Math.random().toString(36).slice(2);
      var input = el("input", {id: id, name: "reason", maxlength: 500});
      input.required = true;
      var form = el("form", {"class": "cap-form cap-inline"}, [el("label", {"for": id, text: S.moderation_ask_reason}), input,
        el("button", {type: "submit", "class": "cap-button cap-small", text: label})]);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        ctx.clear(form);
        ctx.submit(form, handler, Object.assign({reason: input.value}, data)).then(function () {
          ctx.say(S.saved);
          reload.forEach(function (load) { load(); });
        }, function (error) { ctx.fail(form, error); });
      });
      li.appendChild(form);
      toggle.setAttribute("aria-expanded", "true");
      input.focus();
    }

    var loadLog = kind("log", "moderation_log");
    var loadQueue = kind("queue", "moderation_queue");
    var loadPending = kind("pending", "moderation_pending");
    var loadMutes = kind("mutes", "moderation_mutes");

    /* The buttons of the rows the server drew: what each does. */
    root.addEventListener("click", function (event) {
      var b = event.target.closest("li > button[data-act]");
      if (!b || !root.contains(b)) { return; }
      var li = b.parentNode, id = li.getAttribute("data-id"), name = b.getAttribute("data-act");
      if (name === "hide") {
        var data = {};
        data[b.getAttribute("data-target")] = +b.getAttribute("data-target-id");
        withReason(li, b, S.moderation_hide_send, "moderation_hide", data, [loadQueue, loadLog]);
      } else if (name === "dismiss") {
        act(li, "moderation_dismiss", {report_id: +id}, [loadQueue, loadLog]);
      } else if (name === "approve") {
        act(li, "moderation_approve", {post_id: +id}, [loadPending, loadLog]);
      } else if (name === "reject") {
        withReason(li, b, S.moderation_reject_send, "moderation_reject", {post_id: +id}, [loadPending, loadLog]);
      } else if (name === "unmute") {
        act(li, "moderation_unmute", {community_id: community, user_id: id}, [loadMutes, loadLog]);
      }
    });

    var muteForm = q('[data-m="mute"]');
    function loadMembers() {
      return ctx.request("community_detail", {community_id: community, answer: "fragment"}, "GET").then(function (detail) {
        muteForm.elements.user_id.innerHTML = detail.members_html;  // the server's options, escaped
      }, function (error) { ctx.fail(muteForm, error); });
    }
    muteForm.addEventListener("submit", function (event) {
      event.preventDefault();
      ctx.clear(muteForm);
      var f = muteForm.elements;
      ctx.request("moderation_mute", {community_id: community, user_id: f.user_id.value, days: f.days.value, reason: f.reason.value})
        .then(function () { f.reason.value = ""; ctx.say(S.saved); loadMutes(1); loadLog(1); },
              function (error) { ctx.fail(muteForm, error); });
    });

    function loadAll() { loadQueue(1); loadPending(1); loadMutes(1); loadLog(1); loadMembers(); }
    var choose = q('[data-m="community"]');
    if (choose) { choose.addEventListener("change", function () { community = choose.value; loadAll(); }); }
    // The lists and the members came with the section.
  };
}());

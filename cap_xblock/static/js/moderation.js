/* « Modération »: the review queue, posts awaiting approval, muted members and the moderation log
 * of one community. Every text goes in with textContent; a failure never clears what was typed. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};
  window.CapSections.moderation = function (ctx, section) {
    var S = ctx.strings, el = ctx.el, root = section.querySelector(".cap-moderation");
    if (!root) { return; }
    var q = function (sel) { return root.querySelector(sel); };
    var lang = (root.closest("[lang]") || document.documentElement).lang || undefined;
    var community = root.dataset.community;
    function fmt(key, values) { return ctx.format(S[key], values); }
    function when(iso, zone) { return ctx.dateTime(iso, zone); }

    /* A list of one kind: `render(item, li)` fills a row; `load(page)` asks the server again. */
    function kind(name, handler, render) {
      var ul = q('[data-m="' + name + '"]'), nav = q('[data-m="' + name + '-pager"]'), page = 1;
      function load(wanted) {
        page = wanted || page;
        return ctx.request(handler, {community_id: community, page: page}, "GET").then(function (data) {
          ul.textContent = "";
          data.items.forEach(function (item) { var li = el("li", {"data-id": item.id || item.user_id}); render(item, li); ul.appendChild(li); });
          if (!data.items.length) { ul.appendChild(el("li", {"class": "cap-hint", text: S.none})); }
          ctx.pager(nav, data, load);
        }, function (error) { ctx.fail(ul.parentNode, error); });
      }
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

    function button(li, label, act2, onClick) {
      var b = el("button", {type: "button", "class": "cap-button cap-small", "data-act": act2, text: label});
      b.addEventListener("click", function () { onClick(b); });
      li.appendChild(b);
      return b;
    }

    /* What a report is about, as the moderation handlers name it: a post, a case contribution or an idea. */
    function target(report) {
      var data = {};
      data[{contribution: "contribution_id", idea: "idea_id"}[report.kind] || "post_id"] = report.item_id || report.post_id;
      return data;
    }

    var loadLog = kind("log", "moderation_log", function (line, li) {
      li.appendChild(el("span", {text: when(line.created_at) + " — " + line.moderator + " " +
        (S["moderation_action_" + line.action + "_" + line.kind] || S["moderation_action_" + line.action] || line.action) +
        (line.target ? " (" + line.target + ")" : "")}));
      // The space goes before the quotation, not inside it: « ... a masqué un message « Fil ... » ».
      if (line.excerpt) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("q", {text: line.excerpt})); }
      if (line.reason) { li.appendChild(el("span", {"class": "cap-hint", text: " " + fmt("moderation_reason", {reason: line.reason})})); }
    });
    var loadQueue = kind("queue", "moderation_queue", function (report, li) {
      if (report.kind !== "post") { li.appendChild(el("strong", {text: S["moderation_kind_" + report.kind] + " "})); }
      li.appendChild(el("q", {text: report.post_excerpt}));
      li.appendChild(el("span", {"class": "cap-hint", text: " " + fmt("moderation_by", {name: report.post_author}) +
        (report.post_hidden ? " · " + S.moderation_hidden : "")}));
      li.appendChild(el("p", {text: report.reporter ? fmt("moderation_reported_by", {name: report.reporter, reason: report.reason}) :
        fmt("moderation_reason", {reason: report.reason})}));
      if (!report.post_hidden) {
        button(li, S.moderation_hide, "hide", function (toggle) {
          withReason(li, toggle, S.moderation_hide_send, "moderation_hide", target(report), [loadQueue, loadLog]);
        });
      }
      button(li, S.moderation_dismiss, "dismiss", function () { act(li, "moderation_dismiss", {report_id: report.id}, [loadQueue, loadLog]); });
    });
    var loadPending = kind("pending", "moderation_pending", function (post, li) {
      if (post.title) { li.appendChild(el("strong", {text: post.title + " "})); }
      li.appendChild(el("span", {"class": "cap-hint", text: fmt("moderation_by", {name: post.author}) +
        (post.anonymous ? " (" + S.moderation_anonymous + ")" : "") + " · " + when(post.created_at)}));
      var body = el("div", {"class": "cap-d-body"});
      body.innerHTML = post.body_html; // sanitised on the server with an allow-list
      li.appendChild(body);
      button(li, S.moderation_approve, "approve", function () { act(li, "moderation_approve", {post_id: post.id}, [loadPending, loadLog]); });
      button(li, S.moderation_reject, "reject", function (toggle) {
        withReason(li, toggle, S.moderation_reject_send, "moderation_reject", {post_id: post.id}, [loadPending, loadLog]);
      });
    });
    var loadMutes = kind("mutes", "moderation_mutes", function (mute, li) {
      li.appendChild(el("span", {text: mute.name + " — " + fmt("moderation_until", {date: when(mute.until, true)}) + " "}));
      if (mute.reason) { li.appendChild(el("span", {"class": "cap-hint", text: fmt("moderation_reason", {reason: mute.reason}) + " "})); }
      button(li, S.moderation_unmute, "unmute", function () {
        act(li, "moderation_unmute", {community_id: community, user_id: mute.user_id}, [loadMutes, loadLog]);
      });
    });

    var muteForm = q('[data-m="mute"]');
    function loadMembers() {
      return ctx.request("community_detail", {community_id: community}, "GET").then(function (detail) {
        var select = muteForm.elements.user_id;
        select.textContent = "";
        detail.members.forEach(function (person) { select.appendChild(el("option", {value: person.user_id, text: person.display_name})); });
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
    loadAll();
  };
}());

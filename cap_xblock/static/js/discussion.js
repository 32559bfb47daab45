/* « Discussion »: threads, replies, "Utile", reports and the facilitators' actions on posts.
 * Post bodies are HTML sanitised on the server (api/markup.py); every other text goes in with textContent.
 * A failed request never clears what the person typed. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};
  window.CapSections.discussion = function (ctx, section) {
    var S = ctx.strings, el = ctx.el, root = section.querySelector(".cap-discussion");
    if (!root) { return; }
    var q = function (sel) { return root.querySelector(sel); };
    var lang = (root.closest("[lang]") || document.documentElement).lang || undefined;
    var community = root.dataset.community, anon = root.dataset.anon === "1", staff = root.dataset.staff === "1";
    var list = q('[data-d="list"]'), threads = q('[data-d="threads"]'), nav = q('[data-d="pager"]');
    var panel = q('[data-d="thread"]'), current = null;

    function fmt(key, values) { return ctx.format(S[key], values); }
    function when(iso) { var d = new Date(iso); return isNaN(d) ? iso : d.toLocaleString(lang); }
    function button(text, act) { return el("button", {type: "button", "class": "cap-button cap-small", "data-act": act, text: text}); }
    function badge(text) { return el("span", {"class": "cap-d-badge", text: text}); }

    /* An inline form asking for a text (a reason, a reply, an edit); `send` gets the values and the form. */
    function ask(place, fields, sendLabel, send) {
      var old = place.querySelector(":scope > form");
      if (old) { old.remove(); }
      var form = el("form", {"class": "cap-form cap-d-ask"});
      fields.forEach(function (f, i) {
        var id = "cap-d-" + Math.random().toString(36).slice(2) + i;
        var input = f.check ? el("input", {type: "checkbox", id: id, name: f.name}) :
          el(f.long ? "textarea" : "input", {id: id, name: f.name, maxlength: f.max || 500, rows: 4});
        if (!f.check) { input.required = !f.optional; input.value = f.value || ""; }
        form.appendChild(el("div", {"class": "cap-field"}, f.check ? [input, el("label", {"for": id, text: f.label}),
          el("span", {"class": "cap-hint", text: f.help || ""})] : [el("label", {"for": id, text: f.label}), input]));
      });
      var cancel = el("button", {type: "button", "class": "cap-button", text: S.cancel});
      form.appendChild(el("div", {"class": "cap-actions"}, [el("button", {type: "submit", "class": "cap-button", text: sendLabel}), cancel]));
      cancel.addEventListener("click", function () { form.remove(); });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var values = {};
        fields.forEach(function (f) { var i = form.elements[f.name]; values[f.name] = f.check ? i.checked : i.value; });
        ctx.clear(form);
        send(values, form);
      });
      place.appendChild(form);
      var first = form.querySelector("input, textarea");
      if (first) { first.focus(); }
      return form;
    }

    function renderThreads(page) {
      threads.textContent = "";
      page.items.forEach(function (t) {
        var li = el("li", {"class": "cap-d-thread" + (t.is_new ? " cap-d-unread" : ""), "data-id": t.id},
          [el("button", {type: "button", "class": "cap-d-open", "data-act": "open", text: t.title})]);
        if (t.is_new) { li.appendChild(badge(S.discussion_new)); }
        if (t.pinned) { li.appendChild(badge(S.discussion_pinned)); }
        if (t.locked) { li.appendChild(badge(S.discussion_locked_badge)); }
        if (t.hidden) { li.appendChild(badge(S.discussion_hidden_badge)); }
        if (t.status === "pending") { li.appendChild(badge(S.discussion_awaiting)); }
        li.appendChild(el("span", {"class": "cap-hint", text: " " + t.author + " · " + when(t.created_at) + " · " +
          fmt("discussion_replies", {count: t.replies})}));
        threads.appendChild(li);
      });
      if (!page.items.length) { threads.appendChild(el("li", {"class": "cap-hint", text: S.none})); }
      ctx.pager(nav, page, loadThreads);
    }

    function loadThreads(page) {
      return ctx.request("discussion_threads", {community_id: community, page: page || 1}, "GET")
        .then(renderThreads, function (error) { ctx.fail(list, error); });
    }

    function openThread(id, page) {
      return ctx.request("discussion_thread", {thread_id: id, page: page || 1}, "GET").then(function (data) {
        current = {id: id, page: data.replies.page};
        renderThread(data);
        list.hidden = true;
        panel.hidden = false;
        panel.focus();
      }, function (error) { ctx.fail(current ? panel : list, error); });
    }

    function back() {
      current = null;
      panel.hidden = true;
      list.hidden = false;
      loadThreads(1);
    }

    function renderThread(data) {
      panel.textContent = "";
      var backButton = el("button", {type: "button", "class": "cap-button", text: S.discussion_back});
      backButton.addEventListener("click", back);
      panel.appendChild(backButton);
      panel.appendChild(el("h4", {"class": "cap-subtitle", text: data.thread.title}));
      if (data.thread.locked) { panel.appendChild(el("p", {"class": "cap-notice", text: S.discussion_locked})); }
      panel.appendChild(renderPost(data.thread, data));
      var replies = el("div", {"class": "cap-d-replies"});
      data.replies.items.forEach(function (post) { replies.appendChild(renderPost(post, data)); });
      panel.appendChild(replies);
      var pages = el("nav", {"class": "cap-pager", "aria-label": S.discussion_reply});
      panel.appendChild(pages);
      ctx.pager(pages, data.replies, function (page) { openThread(current.id, page); });
    }

    function canAnswer(post, data) {
      return post.depth < 2 && post.status === "published" && !post.hidden && !post.deleted &&
        (!data.thread.locked || data.can_moderate);
    }

    function renderPost(post, data) {
      var box = el("article", {"class": "cap-d-post cap-d-depth" + post.depth, "data-id": post.id});
      var head = el("p", {"class": "cap-d-meta"}, [el("strong", {text: post.author})]);
      if (post.mine && post.anonymous) { head.appendChild(el("span", {text: " " + S.discussion_anonymous_you})); }
      head.appendChild(el("span", {"class": "cap-hint", text: " · " + when(post.created_at) + (post.edited ? " · " + S.discussion_edited : "")}));
      if (post.is_new) { head.appendChild(badge(S.discussion_new)); }
      if (post.reports) { head.appendChild(badge(fmt("discussion_reports", {count: post.reports}))); }
      box.appendChild(head);
      var note = post.deleted ? S.discussion_deleted :
        post.status === "pending" ? S.discussion_pending :
        post.status === "rejected" ? fmt("discussion_rejected", {reason: post.moderation_reason}) :
        post.hidden ? (post.moderation_reason ? fmt("discussion_hidden_mine", {reason: post.moderation_reason}) : S.discussion_hidden) : "";
      if (note) { box.appendChild(el("p", {"class": "cap-notice", text: note})); }
      var body = el("div", {"class": "cap-d-body"});
      body.innerHTML = post.body_html; // sanitised on the server with an allow-list
      box.appendChild(body);
      var bar = el("div", {"class": "cap-actions"});
      box.appendChild(bar);
      var live = post.status === "published" && !post.hidden && !post.deleted;
      if (live) {
        var useful = button(fmt("discussion_useful", {count: post.useful}), "useful");
        useful.setAttribute("aria-pressed", post.useful_mine ? "true" : "false");
        useful.addEventListener("click", function () {
          var wanted = useful.getAttribute("aria-pressed") !== "true";
          ctx.request("discussion_useful", {post_id: post.id, useful: wanted}).then(function (r) {
            useful.setAttribute("aria-pressed", r.useful_mine ? "true" : "false");
            useful.textContent = fmt("discussion_useful", {count: r.useful});
          }, function (error) { ctx.fail(bar, error); });
        });
        bar.appendChild(useful);
      }
      function add(label, act, handler) { var b = button(label, act); b.addEventListener("click", handler); bar.appendChild(b); }
      function simple(handlerName, extra) {
        return function () {
          ctx.request(handlerName, Object.assign({post_id: post.id}, extra || {})).then(function (r) {
            ctx.say(S.discussion_done);
            if (handlerName === "moderation_delete" && post.depth === 0) { back(); } else { openThread(current.id, current.page); }
            return r;
          }, function (error) { ctx.fail(bar, error); });
        };
      }
      function withReason(label, handlerName, sendLabel) {
        return function () {
          ask(bar, [{name: "reason", label: label}], sendLabel, function (v, form) {
            ctx.request(handlerName, {post_id: post.id, reason: v.reason}).then(function () {
              ctx.say(handlerName === "moderation_report" ? S.discussion_reported : S.discussion_done);
              form.remove();
              if (handlerName === "moderation_delete" && post.depth === 0) { back(); }
              else if (handlerName !== "moderation_report") { openThread(current.id, current.page); }
            }, function (error) { ctx.fail(form, error); });
          });
        };
      }
      if (canAnswer(post, data)) {
        add(S.discussion_reply, "reply", function () {
          var fields = [{name: "body", label: S.discussion_your_reply, long: true, max: 5000}];
          if (anon) { fields.push({name: "anonymous", label: S.discussion_anon_label, help: S.discussion_anon_help, check: true}); }
          ask(bar, fields, S.discussion_send, function (v, form) {
            ctx.request("discussion_reply", {parent_id: post.id, body: v.body, anonymous: !!v.anonymous}).then(function (r) {
              ctx.say(r.status === "pending" ? S.discussion_posted_pending : S.discussion_posted);
              openThread(current.id, current.page);
            }, function (error) { ctx.fail(form, error); });
          });
        });
      }
      if (post.mine && !post.deleted) {
        add(S.discussion_edit, "edit", function () {
          var fields = [{name: "body", label: S.discussion_edit, long: true, max: 5000, value: post.body}];
          if (post.depth === 0) { fields.unshift({name: "title", label: S.discussion_title, max: 200, value: post.title}); }
          ask(bar, fields, S.save, function (v, form) {
            ctx.request("discussion_edit", {post_id: post.id, body: v.body, title: v.title}).then(function () {
              ctx.say(S.saved);
              openThread(current.id, current.page);
            }, function (error) { ctx.fail(form, error); });
          });
        });
        add(S.discussion_delete, "delete", function () {
          if (window.confirm(S.discussion_confirm_delete)) { simple("discussion_delete")(); }
        });
      }
      if (!post.mine && post.status === "published") {
        add(S.discussion_report, "report", withReason(S.discussion_report_reason, "moderation_report", S.discussion_report));
      }
      if (data.can_moderate) {
        if (post.hidden) { add(S.discussion_restore, "restore", simple("moderation_restore")); }
        else { add(S.discussion_hide, "hide", withReason(S.discussion_hide_reason, "moderation_hide", S.discussion_hide)); }
        if (post.depth === 0) {
          add(post.pinned ? S.discussion_unpin : S.discussion_pin, "pin", simple("moderation_pin", {pinned: !post.pinned}));
          add(post.locked ? S.discussion_unlock : S.discussion_lock, "lock", simple("moderation_lock", {locked: !post.locked}));
        }
        if (post.status === "pending") {
          add(S.discussion_approve, "approve", simple("moderation_approve"));
          add(S.discussion_reject, "reject", withReason(S.discussion_reject_reason, "moderation_reject", S.discussion_reject));
        }
        if (post.edited) {
          add(S.discussion_versions, "versions", function () {
            ctx.request("discussion_versions", {post_id: post.id}, "GET").then(function (r) {
              var old = box.querySelector(".cap-d-versions");
              if (old) { old.remove(); }
              box.appendChild(el("ol", {"class": "cap-d-versions"}, r.versions.map(function (v) {
                return el("li", {text: when(v.written_at) + " — " + (v.title ? v.title + " — " : "") + v.body});
              })));
            }, function (error) { ctx.fail(bar, error); });
          });
        }
        if (staff) { add(S.discussion_erase, "erase", withReason(S.discussion_erase_reason, "moderation_delete", S.discussion_erase)); }
      }
      return box;
    }

    var start = q('[data-d="start"]');
    start.addEventListener("submit", function (event) {
      event.preventDefault();
      ctx.clear(start);
      var anonymous = start.elements.anonymous;
      ctx.request("discussion_start", {community_id: community, title: start.elements.title.value,
        body: start.elements.body.value, anonymous: anonymous ? anonymous.checked : false}).then(function (post) {
        start.reset();
        start.parentNode.open = false;
        ctx.say(post.status === "pending" ? S.discussion_posted_pending : S.discussion_posted);
        openThread(post.id, 1);
      }, function (error) { ctx.fail(start, error); });
    });
    threads.addEventListener("click", function (event) {
      var target = event.target.closest('[data-act="open"]');
      if (target) { openThread(target.closest("li").dataset.id, 1); }
    });
    var choose = q('[data-d="community"]');
    if (choose) {
      choose.addEventListener("change", function () { community = choose.value; if (current) { back(); } else { loadThreads(1); } });
    }
    root.querySelectorAll("time[datetime]").forEach(function (t) { t.textContent = when(t.getAttribute("datetime")); });
    ctx.pager(nav, {page: Number(nav.dataset.page), pages: Number(nav.dataset.pages)}, loadThreads);
  };
}());

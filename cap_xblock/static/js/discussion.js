/* « Discussion »: threads, replies, "Utile", reports and the facilitators' actions on posts. Post bodies are
 * HTML sanitised on the server (api/markup.py); all other text goes in with textContent. A failed request
 * never clears what the person typed. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};
  window.CapSections.discussion = function (ctx, section) {
    var S = ctx.strings, el = ctx.el, root = section.querySelector(".cap-discussion");
    if (!root) { return; }
    var q = function (sel) { return root.querySelector('[data-d="' + sel + '"]'); };
    var lang = (root.closest("[lang]") || document.documentElement).lang || undefined;
    var data = root.dataset, community = data.community, list = q("list"), threads = q("threads"), nav = q("pager"),
      panel = q("thread"), start = q("start"), current = null;

    function fmt(key, values) { return ctx.format(S[key], values); }
    function when(iso) { return ctx.dateTime(iso); }
    function badge(text) { return el("span", {"class": "cap-d-badge", text: text}); }

    /* A small form under a post (reply, edit, reason), opened by the button `toggle`; `send(values, form)` is
     * called on submit. Pressing `toggle` again folds the form away without clearing what was typed. */
    function ask(place, fields, label, send, toggle) {
      var name = toggle && toggle.getAttribute("data-act"), open = name && place.querySelector(':scope > form[data-ask="' + name + '"]');
      place.querySelectorAll(":scope > form").forEach(function (other) {
        if (other !== open) { other.hidden = true; }
      });
      place.querySelectorAll(":scope [aria-expanded]").forEach(function (b) { if (b !== toggle) { b.setAttribute("aria-expanded", "false"); } });
      if (open) {
        open.hidden = !open.hidden;
        toggle.setAttribute("aria-expanded", String(!open.hidden));
        if (!open.hidden) { open.querySelector("input, textarea").focus(); }
        return;
      }
      var form = el("form", {"class": "cap-form cap-d-ask"});
      if (name) { form.setAttribute("data-ask", name); }
      fields.forEach(function (f) {
        var id = "cap-d-" + Math.random().toString(36).slice(2), input;
        if (f.check) {
          input = el("input", {type: "checkbox", id: id, name: f.name});
          form.appendChild(el("div", {"class": "cap-field"}, [input, el("label", {"for": id, text: f.label}),
            el("span", {"class": "cap-hint", text: f.help})]));
          return;
        }
        input = el(f.long ? "textarea" : "input", {id: id, name: f.name, maxlength: f.max || 500, rows: 4});
        input.required = true;
        input.value = f.value || "";
        form.appendChild(el("div", {"class": "cap-field"}, [el("label", {"for": id, text: f.label}), input]));
      });
      var cancel = el("button", {type: "button", "class": "cap-button", text: S.cancel});
      cancel.addEventListener("click", function () {
        form.remove();
        if (toggle) { toggle.setAttribute("aria-expanded", "false"); toggle.focus(); }
      });
      form.appendChild(el("div", {"class": "cap-actions"}, [el("button", {type: "submit", "class": "cap-button", text: label}), cancel]));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var values = {};
        fields.forEach(function (f) { var i = form.elements[f.name]; values[f.name] = f.check ? i.checked : i.value; });
        ctx.clear(form);
        send(values, form);
      });
      place.appendChild(form);
      if (toggle) { toggle.setAttribute("aria-expanded", "true"); }
      form.querySelector("input, textarea").focus();
    }

    function loadThreads(page) {
      ctx.request("discussion_threads", {community_id: community, page: page || 1}, "GET").then(function (p) {
        threads.textContent = "";
        p.items.forEach(function (t) {
          var li = el("li", {"class": "cap-d-thread" + (t.is_new ? " cap-d-unread" : ""), "data-id": t.id},
            [el("button", {type: "button", "class": "cap-d-open", "data-act": "open", text: t.title})]);
          [[t.is_new, "new"], [t.pinned, "pinned"], [t.locked, "locked_badge"], [t.hidden, "hidden_badge"],
           [t.status === "pending", "awaiting"]].forEach(function (b) { if (b[0]) { li.appendChild(badge(S["discussion_" + b[1]])); } });
          li.appendChild(el("span", {"class": "cap-hint", text: " " + t.author + " · " + when(t.created_at) + " · " +
            fmt("discussion_replies", {count: t.replies})}));
          threads.appendChild(li);
        });
        if (!p.items.length) { threads.appendChild(el("li", {"class": "cap-hint", text: S.none})); }
        ctx.pager(nav, p, loadThreads);
      }, function (error) { ctx.fail(list, error); });
    }

    function openThread(id, page) {
      ctx.request("discussion_thread", {thread_id: id, page: page || 1}, "GET").then(function (d) {
        current = {id: id, page: d.replies.page};
        var back = el("button", {type: "button", "class": "cap-button", text: S.discussion_back}),
          replies = el("div", {"class": "cap-d-replies"}), pages = el("nav", {"class": "cap-pager", "aria-label": S.discussion_reply});
        back.addEventListener("click", showList);
        panel.textContent = "";
        [back, el("h4", {"class": "cap-subtitle", text: d.thread.title}),
         d.thread.locked && el("p", {"class": "cap-notice", text: S.discussion_locked}), post(d.thread, d), replies, pages]
          .forEach(function (node) { if (node) { panel.appendChild(node); } });
        d.replies.items.forEach(function (p) { replies.appendChild(post(p, d)); });
        ctx.pager(pages, d.replies, function (n) { openThread(id, n); });
        list.hidden = true;
        panel.hidden = false;
        panel.focus();
      }, function (error) { ctx.fail(current ? panel : list, error); });
    }

    function again() { openThread(current.id, current.page); }

    function showList() {
      current = null;
      panel.hidden = true;
      list.hidden = false;
      loadThreads(1);
    }

    function post(p, d) {
      var box = el("article", {"class": "cap-d-post cap-d-depth" + p.depth, "data-id": p.id}),
        head = el("p", {"class": "cap-d-meta"}, [el("strong", {text: p.author})]),
        body = el("div", {"class": "cap-d-body"}), bar = el("div", {"class": "cap-actions"}),
        live = p.status === "published" && !p.hidden && !p.deleted, reason = {reason: p.moderation_reason},
        note = p.deleted ? S.discussion_deleted : p.status === "pending" ? S.discussion_pending :
          p.status === "rejected" ? fmt("discussion_rejected", reason) :
          p.hidden ? (p.moderation_reason ? fmt("discussion_hidden_mine", reason) : S.discussion_hidden) : "";
      if (p.mine && p.anonymous) { head.appendChild(el("span", {text: " " + S.discussion_anonymous_you})); }
      head.appendChild(el("span", {"class": "cap-hint", text: " · " + when(p.created_at) + (p.edited ? " · " + S.discussion_edited : "")}));
      if (p.is_new) { head.appendChild(badge(S.discussion_new)); }
      if (p.reports) { head.appendChild(badge(fmt("discussion_reports", {count: p.reports}))); }
      box.appendChild(head);
      if (note) { box.appendChild(el("p", {"class": "cap-notice", text: note})); }
      body.innerHTML = p.body_html; // sanitised on the server with an allow-list
      box.appendChild(body);
      box.appendChild(bar);

      function add(label, act, onClick) {
        var b = el("button", {type: "button", "class": "cap-button cap-small", "data-act": act, text: label});
        b.addEventListener("click", onClick);
        bar.appendChild(b);
        return b;
      }
      function done(handler, message) {
        ctx.say(message || S.discussion_done);
        if (handler === "moderation_delete" && !p.depth) { showList(); } else if (handler !== "moderation_report") { again(); }
      }
      function simple(handler, extra) {
        return function () {
          ctx.request(handler, Object.assign({post_id: p.id}, extra)).then(function () { done(handler); },
            function (error) { ctx.fail(bar, error); });
        };
      }
      function withReason(key, handler, thanks) {
        return function (event) {
          ask(bar, [{name: "reason", label: S["discussion_" + key + "_reason"]}], S["discussion_" + key + "_send"], function (v, form) {
            ctx.submit(form, handler, {post_id: p.id, reason: v.reason}).then(function () { form.remove(); done(handler, thanks); },
              function (error) { ctx.fail(form, error); });
          }, event.currentTarget);
        };
      }
      if (live) {
        var useful = add(fmt("discussion_useful", {count: p.useful}), "useful", function () {
          ctx.request("discussion_useful", {post_id: p.id, useful: useful.getAttribute("aria-pressed") !== "true"}).then(function (r) {
            useful.setAttribute("aria-pressed", String(r.useful_mine));
            useful.textContent = fmt("discussion_useful", {count: r.useful});
          }, function (error) { ctx.fail(bar, error); });
        });
        useful.setAttribute("aria-pressed", String(p.useful_mine));
      }
      if (live && p.depth < 2 && (!d.thread.locked || d.can_moderate)) {
        add(S.discussion_reply, "reply", function (event) {
          var fields = [{name: "body", label: S.discussion_your_reply, long: true, max: 5000}];
          if (data.anon) { fields.push({name: "anonymous", label: S.discussion_anon_label, help: S.discussion_anon_help, check: true}); }
          ask(bar, fields, S.discussion_send, function (v, form) {
            ctx.submit(form, "discussion_reply", {parent_id: p.id, body: v.body, anonymous: !!v.anonymous}).then(function (r) {
              done("discussion_reply", r.status === "pending" ? S.discussion_posted_pending : S.discussion_posted);
            }, function (error) { ctx.fail(form, error); });
          }, event.currentTarget);
        });
      }
      if (p.mine && !p.deleted) {
        add(S.discussion_edit, "edit", function (event) {
          var fields = [{name: "body", label: S.discussion_edit, long: true, max: 5000, value: p.body}];
          if (!p.depth) { fields.unshift({name: "title", label: S.discussion_title, max: 200, value: p.title}); }
          ask(bar, fields, S.save, function (v, form) {
            ctx.submit(form, "discussion_edit", {post_id: p.id, body: v.body, title: v.title}).then(function () { done("discussion_edit", S.saved); },
              function (error) { ctx.fail(form, error); });
          }, event.currentTarget);
        });
        add(S.discussion_delete, "delete", function () {
          if (window.confirm(S.discussion_confirm_delete)) { simple("discussion_delete")(); }
        });
      }
      if (!p.mine && p.status === "published") { add(S.discussion_report, "report", withReason("report", "moderation_report", S.discussion_reported)); }
      if (!d.can_moderate) { return box; }
      if (p.hidden) { add(S.discussion_restore, "restore", simple("moderation_restore")); } else { add(S.discussion_hide, "hide", withReason("hide", "moderation_hide")); }
      if (!p.depth) {
        add(p.pinned ? S.discussion_unpin : S.discussion_pin, "pin", simple("moderation_pin", {pinned: !p.pinned}));
        add(p.locked ? S.discussion_unlock : S.discussion_lock, "lock", simple("moderation_lock", {locked: !p.locked}));
      }
      if (p.status === "pending") {
        add(S.discussion_approve, "approve", simple("moderation_approve"));
        add(S.discussion_reject, "reject", withReason("reject", "moderation_reject"));
      }
      if (p.edited) {
        add(S.discussion_versions, "versions", function () {
          ctx.request("discussion_versions", {post_id: p.id}, "GET").then(function (r) {
            var old = box.querySelector(".cap-d-versions");
            if (old) { old.remove(); }
            box.appendChild(el("ol", {"class": "cap-d-versions"}, r.versions.map(function (v) {
              return el("li", {text: when(v.written_at) + " — " + (v.title ? v.title + " — " : "") + v.body});
            })));
          }, function (error) { ctx.fail(bar, error); });
        });
      }
      if (data.staff) { add(S.discussion_erase, "erase", withReason("erase", "moderation_delete")); }
      return box;
    }

    start.addEventListener("submit", function (event) {
      event.preventDefault();
      ctx.clear(start);
      var f = start.elements;
      ctx.submit(start, "discussion_start", {community_id: community, title: f.title.value, body: f.body.value,
        anonymous: f.anonymous ? f.anonymous.checked : false}).then(function (p) {
        start.reset();
        start.parentNode.open = false;
        ctx.say(p.status === "pending" ? S.discussion_posted_pending : S.discussion_posted);
        openThread(p.id, 1);
      }, function (error) { ctx.fail(start, error); });
    });
    threads.addEventListener("click", function (event) {
      var target = event.target.closest('[data-act="open"]');
      if (target) { openThread(target.closest("li").dataset.id, 1); }
    });
    var choose = q("community");
    if (choose) { choose.addEventListener("change", function () { community = choose.value; showList(); }); }
    root.querySelectorAll("time[data-when]").forEach(function (t) { t.textContent = when(t.getAttribute("datetime")); });
    ctx.pager(nav, {page: Number(nav.dataset.page), pages: Number(nav.dataset.pages)}, loadThreads);
  };
}());

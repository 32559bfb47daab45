/* « Discussion »: threads, replies, "Utile", reports and the facilitators' actions on posts. The server renders
 * every post, list and date (answer: "fragment"); this script only wires the actions and puts the HTML it is
 * answered in place. The small forms it opens (reply, edit, reason) hold the person's text only. A failed
 * request never clears what the person typed. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};
  window.CapSections.discussion = function (ctx, section) {
    var S = ctx.strings, el = ctx.el, root = section.querySelector(".cap-discussion");
    if (!root) { return; }
    var q = function (sel) { return root.querySelector('[data-d="' + sel + '"]'); };
    var data = root.dataset, community = data.community, list = q("list"), panel = q("thread"), start = q("start"),
      current = null;

    function fragment(html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;  // rendered and escaped by the server's templates
      return holder.firstElementChild;
    }

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

    /* The list the server answered replaces the old one; the focus stays on the pager's button, or goes to
     * the thread the person comes back from (`from`), or to the first thread. */
    function loadThreads(page, place, from) {
      ctx.request("discussion_threads", {community_id: community, page: page || 1, answer: "fragment"}, "GET").then(function (r) {
        var box = q("threads-box"), hadFocus = !!from || box.contains(document.activeElement),
          dir = hadFocus && document.activeElement.getAttribute("data-dir");
        box.parentNode.replaceChild(fragment(r.html), box);
        var again = (dir && q("pager").querySelector('[data-dir="' + dir + '"]:not([disabled])')) ||
          (from && q("threads").querySelector('[data-id="' + from + '"] [data-act="open"]'));
        if (again) { again.focus(); } else if (hadFocus) { (q("threads").querySelector("button") || start).focus(); }
      }, function (error) { ctx.fail(place || list, error); });
    }

    function openThread(id, page, focusPost) {
      ctx.request("discussion_thread", {thread_id: id, page: page || 1, answer: "fragment"}, "GET").then(function (d) {
        current = {id: id, page: page || 1};
        panel.innerHTML = d.html;
        list.hidden = true;
        panel.hidden = false;
        var post = focusPost && panel.querySelector('article[data-id="' + focusPost + '"]');
        (post || panel).focus();
      }, function (error) { ctx.fail(current ? panel : list, error); });
    }

    function again(id) { openThread(current.id, current.page, id); }

    function showList() {
      var from = current && panel.contains(document.activeElement) ? current.id : null;
      current = null;
      panel.hidden = true;
      list.hidden = false;
      loadThreads(1, null, from);
    }

    /* A reply the server answered goes under its parent, after the replies already there. */
    function placeReply(parent, answer) {
      var post = fragment(answer.html), replies = panel.querySelector(".cap-d-replies"), after = null;
      if (+parent.getAttribute("data-depth") > 0) {
        after = parent;
        while (after.nextElementSibling && +after.nextElementSibling.getAttribute("data-depth") > +parent.getAttribute("data-depth")) {
          after = after.nextElementSibling;
        }
      }
      if (after) { after.parentNode.insertBefore(post, after.nextElementSibling); } else { replies.appendChild(post); }
      post.focus();
    }

    function done(handler, message, box) {
      ctx.say(message || S.discussion_done);
      if (handler === "moderation_delete" && box.getAttribute("data-depth") === "0") { showList(); }
      else if (handler !== "moderation_report") { again(box.getAttribute("data-id")); }
    }

    function act(button) {
      var box = button.closest("article[data-id]"), bar = button.parentNode, name = button.getAttribute("data-act");
      var id = box && box.getAttribute("data-id");
      function simple(handler, extra) {
        ctx.request(handler, Object.assign({post_id: id}, extra)).then(function () { done(handler, null, box); },
          function (error) { ctx.fail(bar, error); });
      }
      function withReason(key, handler, thanks) {
        ask(bar, [{name: "reason", label: S["discussion_" + key + "_reason"]}], S["discussion_" + key + "_send"], function (v, form) {
          ctx.submit(form, handler, {post_id: id, reason: v.reason}).then(function () {
            form.remove();
            button.setAttribute("aria-expanded", "false");
            if (button.isConnected) { button.focus(); }
            done(handler, thanks, box);
          }, function (error) { ctx.fail(form, error); });
        }, button);
      }
      if (name === "useful") {
        ctx.request("discussion_useful", {post_id: id, useful: button.getAttribute("aria-pressed") !== "true", answer: "fragment"})
          .then(function (r) {
            // The same button takes the state the server drew: it keeps the focus.
            var fresh = fragment(r.html);
            button.setAttribute("aria-pressed", fresh.getAttribute("aria-pressed"));
            button.textContent = fresh.textContent;
          }, function (error) { ctx.fail(bar, error); });
      } else if (name === "reply") {
        var fields = [{name: "body", label: S.discussion_your_reply, long: true, max: 5000}];
        if (data.anon) { fields.push({name: "anonymous", label: S.discussion_anon_label, help: S.discussion_anon_help, check: true}); }
        ask(bar, fields, S.discussion_send, function (v, form) {
          ctx.submit(form, "discussion_reply", {parent_id: id, body: v.body, anonymous: !!v.anonymous, answer: "fragment"}).then(function (r) {
            form.remove();
            button.setAttribute("aria-expanded", "false");
            placeReply(box, r);
            ctx.say(r.status === "pending" ? S.discussion_posted_pending : S.discussion_posted);
          }, function (error) { ctx.fail(form, error); });
        }, button);
      } else if (name === "edit") {
        var edit = [{name: "body", label: S.discussion_edit, long: true, max: 5000, value: box.getAttribute("data-body")}];
        if (box.getAttribute("data-depth") === "0") { edit.unshift({name: "title", label: S.discussion_title, max: 200, value: box.getAttribute("data-title")}); }
        ask(bar, edit, S.save, function (v, form) {
          ctx.submit(form, "discussion_edit", {post_id: id, body: v.body, title: v.title}).then(function () { done("discussion_edit", S.saved, box); },
            function (error) { ctx.fail(form, error); });
        }, button);
      } else if (name === "delete") {
        if (window.confirm(S.discussion_confirm_delete)) { simple("discussion_delete"); }
      } else if (name === "report") {
        withReason("report", "moderation_report", S.discussion_reported);
      } else if (name === "hide" || name === "reject" || name === "erase") {
        withReason(name, {hide: "moderation_hide", reject: "moderation_reject", erase: "moderation_delete"}[name]);
      } else if (name === "restore" || name === "approve") {
        simple("moderation_" + name);
      } else if (name === "pin" || name === "lock") {
        var extra = {};
        extra[name === "pin" ? "pinned" : "locked"] = button.getAttribute("data-value") === "true";
        simple("moderation_" + name, extra);
      } else if (name === "versions") {
        ctx.request("discussion_versions", {post_id: id, answer: "fragment"}, "GET").then(function (r) {
          var old = box.querySelector(".cap-d-versions");
          if (old) { old.remove(); }
          box.appendChild(fragment(r.html));
        }, function (error) { ctx.fail(bar, error); });
      }
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
    list.addEventListener("click", function (event) {
      var target = event.target.closest('[data-act="open"], [data-page-to]');
      if (!target) { return; }
      if (target.hasAttribute("data-page-to")) { loadThreads(target.getAttribute("data-page-to"), target.parentNode); }
      else { openThread(target.closest("li").dataset.id, 1); }
    });
    panel.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-act], button[data-page-to]");
      if (!button || button.closest("form")) { return; }
      if (button.hasAttribute("data-page-to")) { openThread(current.id, button.getAttribute("data-page-to")); }
      else if (button.getAttribute("data-act") === "back") { showList(); }
      else { act(button); }
    });
    var choose = q("community");
    if (choose) { choose.addEventListener("change", function () { community = choose.value; showList(); }); }
  };
}());

/* Remue-méninges. The server renders the first view; each answer carries the
 * new state, drawn again here. User text goes in with textContent only. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};
  window.CapSections.brainstorm = function (ctx, section) {
    var box = section.querySelector("[data-brainstorm]");
    if (!box) { return; }
    var SMALL = "cap-button cap-small";
    var s = ctx.strings, el = ctx.el, b = {};
    Object.keys(s).forEach(function (k) { if (k.indexOf("brainstorm_") === 0) { b[k.slice(11)] = s[k]; } });
    var st = {id: +box.dataset.brainstorm, community_id: +box.dataset.community, page: 1, results_page: 1, theme: ""};
    var facilitate = !!box.dataset.facilitate, canVote = !!box.dataset.canVote, status = box.dataset.status;
    function q(name) { return box.querySelector('[data-bs="' + name + '"]'); }
    function count(key, n) { return ctx.format(b[key + (n < 2 ? n : "")], {count: n}); }
    function params(extra) {
      var p = {brainstorm_id: st.id, community_id: st.community_id, page: st.page,
               results_page: st.results_page, theme: st.theme};
      Object.keys(extra || {}).forEach(function (k) { p[k] = extra[k]; });
      return p;
    }
    function load(place) { ctx.request("brainstorm_state", params(), "GET").then(draw, ctx.fail.bind(null, place)); }
    function send(name, data, place, said) {
      ctx.clear(place);
      // A form's submission carries its idempotency key and shows it is under way (ctx.submit).
      var sent = place && place.tagName === "FORM" ? ctx.submit(place, name, params(data)) : ctx.request(name, params(data));
      return sent.then(function (answer) {
        draw(answer.state);
        if (said) { ctx.say(said); }
        return true;
      }, function (e) { ctx.fail(place, e); return false; });
    }
    function options(select, themes, value) {
      themes.forEach(function (t) { select.appendChild(el("option", {value: t.id, text: t.name})); });
      select.value = value || "";
      return select;
    }
    function fill(list, items, make, none) {
      list.textContent = "";
      items.forEach(function (item) { list.appendChild(make(item)); });
      if (!items.length && none) { list.appendChild(el("li", {"class": "cap-hint", text: none})); }
    }
    function ideaItem(idea, themes) {
      var meta = [ctx.format(b.by, {name: idea.author})];
      if (idea.theme) { meta.push(idea.theme); }
      if (idea.votes !== null) { meta.push(count("votes", idea.votes)); }
      if (idea.retained) { meta.push(b.retain); }
      var about = "cap-bs-idea-" + idea.id;
      var li = el("li", {"class": "cap-bs-idea" + (idea.retained ? " cap-bs-retained" : ""), "data-idea": idea.id}, [
        el("p", {"class": "cap-bs-text", id: about, text: idea.text}),
        el("p", {"class": "cap-hint", text: meta.join(" · ")})]);
      if (idea.hidden) {
        li.appendChild(el("p", {"class": "cap-notice", text: idea.moderation_reason ?
          ctx.format(b.hidden_mine, {reason: idea.moderation_reason}) : b.hidden}));
      }
      function small(action, label) {
        var button = el("button", {type: "button", "class": SMALL, "data-bs-action": action, "aria-describedby": about, text: label});
        if (action !== "restore") { button.setAttribute("aria-expanded", "false"); }
        li.appendChild(button);
      }
      if (facilitate) { small(idea.hidden ? "restore" : "hide", idea.hidden ? b.restore : b.hide); }
      else if (!idea.mine && !idea.hidden) { small("report", b.report); }
      if (canVote && (!idea.hidden || idea.voted)) {
        var vote = el("button", {type: "button", "class": SMALL, "data-bs-action": "vote", "aria-describedby": about,
                                 text: idea.voted ? b.unvote : b.vote});
        if (idea.voted) { vote.dataset.voted = "1"; }
        li.appendChild(vote);
      }
      if (facilitate) {
        li.appendChild(el("label", {"class": "cap-bs-inline", text: b.theme + " "}, [options(
          el("select", {"data-bs-action": "group", "aria-describedby": about},
             [el("option", {value: "", text: b.no_theme})]),
          themes, idea.theme_id)]));
        if (status === "closed") {
          var box2 = el("input", {type: "checkbox", "data-bs-action": "retain", "aria-describedby": about});
          box2.checked = idea.retained;
          li.appendChild(el("label", {"class": "cap-bs-inline"}, [box2, document.createTextNode(" " + b.retain)]));
        }
      }
      return li;
    }
    function pager(name, page, key) {
      ctx.pager(box.querySelector('[data-bs-pager="' + name + '"]'), page, function (n) { st[key] = n; load(box); });
    }
    function draw(v) {
      st.id = v.id; st.community_id = v.community_id; status = v.status;
      st.page = v.ideas.page; st.results_page = v.results ? v.results.page : 1;
      facilitate = v.can_facilitate; canVote = v.can_vote;
      var closed = status === "closed";
      q("status").textContent = closed ? b.closed : b.open +
        (canVote ? " " + ctx.format(b.left, {left: v.votes_left, budget: v.budget}) : "");
      box.querySelector('[data-bs-form="idea"]').hidden = closed || (!canVote && !facilitate);
      var toggle = box.querySelector('[data-bs-action="close"]');
      if (toggle) { toggle.textContent = closed ? b.reopen : b.close; }
      fill(q("themes"), v.themes, function (t) {
        return el("li", {"data-theme": t.id}, [el("span", {"class": "cap-bs-theme-name", id: "cap-bs-theme-" + t.id, text: t.name}),
          el("span", {"class": "cap-hint", text: " " + count("ideas", t.ideas) +
                                                   (v.results ? ", " + count("votes", t.votes) : "")}),
          facilitate && el("button", {type: "button", "class": SMALL, "data-bs-action": "rename", text: b.rename,
                                     "aria-describedby": "cap-bs-theme-" + t.id})]);
      }, b.no_themes);
      var filter = q("filter");
      while (filter.options.length > 2) { filter.remove(2); }
      options(filter, v.themes, v.theme_filter);
      fill(q("ideas"), v.ideas.items, function (idea) { return ideaItem(idea, v.themes); }, b.no_ideas);
      pager("ideas", v.ideas, "page");
      q("results-box").hidden = !v.results;
      var note = q("results-note");
      if (note) { note.hidden = closed; }
      if (v.results) {
        var chart = q("results");
        chart.setAttribute("start", (v.results.page - 1) * v.results.page_size + 1);
        fill(chart, v.results.items, function (idea) {
          var bar = el("span", {"class": "cap-bs-bar", "aria-hidden": "true"}, [el("span")]);
          bar.firstChild.style.width = (v.top_votes ? Math.round(100 * idea.votes / v.top_votes) : 0) + "%";
          return el("li", {"class": "cap-bs-row" + (idea.retained ? " cap-bs-retained" : "")}, [
            el("span", {"class": "cap-bs-rank", "aria-hidden": "true", text: idea.rank + "."}),
            el("span", {"class": "cap-bs-label", text: (idea.text || b.hidden) + (idea.retained ? " (" + b.retain + ")" : "")}),
            bar, el("span", {"class": "cap-bs-count", text: count("votes", idea.votes)})]);
        });
        pager("results", v.results, "results_page");
      }
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
      form = el("form", {"class": "cap-form", "data-bs-reason": key}, [el("label", {"for": id, text: b[key + "_reason"]}), input,
        el("button", {type: "submit", "class": "cap-button cap-small", text: b[key + "_send"]})]);
      li.appendChild(form);
      toggle.setAttribute("aria-expanded", "true");
      input.focus();
    }

    ["ideas", "results"].forEach(function (name) {
      var nav = box.querySelector('[data-bs-pager="' + name + '"]');
      pager(name, {page: +nav.dataset.page, pages: +nav.dataset.pages}, name === "ideas" ? "page" : "results_page");
    });
    box.addEventListener("submit", function (event) {
      var f = event.target, kind = f.dataset.bsForm;
      event.preventDefault();
      if (kind === "idea") {
        st.page = 1;
        st.theme = "";  // the new idea has no theme yet: show it
        send("brainstorm_add_idea", {text: f.elements.text.value}, f, b.added).then(function (ok) {
          if (ok) { f.reset(); }
        });
      } else if (kind === "theme") {
        send("brainstorm_theme", {name: f.elements.name.value}, f, s.saved).then(function (ok) {
          if (ok) { f.reset(); }
        });
      } else if (f.dataset.bsReason) {
        var reported = f.dataset.bsReason === "report", idea = +f.closest("li").dataset.idea;
        ctx.clear(f);
        ctx.submit(f, reported ? "moderation_report" : "moderation_hide", {idea_id: idea, reason: f.elements.reason.value})
          .then(function () {
            if (reported) {
              f.hidden = true;
              f.reset();
              f.closest("li").querySelector('[data-bs-action="report"]').setAttribute("aria-expanded", "false");
              ctx.say(b.reported);
            } else {
              ctx.say(s.saved);
              load(box);
            }
          }, function (e) { ctx.fail(f, e); });
      } else if (kind === "community") {
        st.community_id = +f.elements.community_id.value;
        st.page = st.results_page = 1;
        st.theme = "";
        load(f);
      }
    });
    box.addEventListener("click", function (event) {
      var btn = event.target.closest("button[data-bs-action]");
      if (!btn) { return; }
      var action = btn.dataset.bsAction, li = btn.closest("li");
      if (action === "vote") {
        send("brainstorm_vote", {idea_id: +li.dataset.idea, withdraw: !!btn.dataset.voted}, li, s.saved);
      } else if (action === "report" || action === "hide") {
        reasonForm(li, btn, action);
      } else if (action === "restore") {
        ctx.clear(li);
        ctx.request("moderation_restore", {idea_id: +li.dataset.idea}).then(function () { ctx.say(s.saved); load(box); },
          function (e) { ctx.fail(li, e); });
      } else if (action === "close") {
        var closing = status !== "closed";
        send("brainstorm_close", {closed: closing}, btn.parentNode, closing ? b.closed : b.reopened);
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
      } else if (t === q("filter")) {
        st.theme = t.value;
        st.page = 1;
        load(t.parentNode);
      }
    });
  };
}());

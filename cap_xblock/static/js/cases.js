/* Cas (co-développement): open a case, write in its current step, move steps, mark "Utile".
 * The server answers with the changed part of the section, rendered and escaped by its
 * templates (a new contribution: its item and the counts, answer: "fragment"); this script
 * only puts it in place. Nothing a person typed is cleared when a request fails. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};
  window.CapSections.cases = function (ctx, section) {
    var list = section.querySelector("[data-cases-list]");
    var detail = section.querySelector("[data-case-detail]");

    function community() {
      var box = list.querySelector("[data-community]");
      return box ? box.getAttribute("data-community") : "";
    }

    function showCase(html, focus) {
      detail.innerHTML = html;  // server-rendered, autoescaped
      var title = detail.querySelector(".cap-case-title");
      if (focus && title) { title.focus(); }
    }

    function loadList(page, place, communityId) {
      return ctx.request("cases_list", {community_id: communityId || community(), page: page}, "GET")
        .then(function (body) { list.innerHTML = body.html; }, function (error) { ctx.fail(place || list, error); });
    }

    function openCase(id, page, place) {
      return ctx.request("case_detail", {case_id: id, page: page}, "GET")
        .then(function (body) { showCase(body.html, true); }, function (error) { ctx.fail(place || list, error); });
    }

    function fragment(html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;  // server-rendered, autoescaped
      return holder;
    }

    /* The same element takes what the server drew (attributes and content): it keeps the focus. */
    function takeOver(node, html) {
      var fresh = fragment(html).firstElementChild;
      Array.prototype.forEach.call(fresh.attributes, function (a) { node.setAttribute(a.name, a.value); });
      node.innerHTML = fresh.innerHTML;
    }

    function toggleUseful(button) {
      var wanted = button.getAttribute("aria-pressed") !== "true";
      button.disabled = true;
      ctx.request("case_useful", {contribution_id: button.getAttribute("data-useful"), useful: wanted, answer: "fragment"})
        .then(function (body) {
          takeOver(button, body.html);
          ctx.say(ctx.strings[body.useful_by_me ? "cases_useful_added" : "cases_useful_removed"]);
        }, function (error) { ctx.fail(button.parentNode, error); })
        .then(function () { button.disabled = false; });
    }

    /* A save from an older copy (409 stale_version): the form keeps the person's text, the text saved
     * elsewhere is shown beside it (drawn by the server), and the next save is based on that version. */
    function showSavedElsewhere(form, error) {
      var old = form.querySelector("[data-saved-elsewhere]");
      if (old) { old.parentNode.removeChild(old); }
      form.elements.base_version.value = error.details.version;
      form.insertBefore(fragment(error.saved_elsewhere_html).firstElementChild, form.querySelector('button[type="submit"]'));
    }

    section.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !section.contains(button)) { return; }
      var article = button.closest("[data-case]");
      if (button.hasAttribute("data-open")) { openCase(button.getAttribute("data-open"), 1, button.parentNode); }
      else if (button.hasAttribute("data-list-page")) { loadList(button.getAttribute("data-list-page")); }
      else if (button.hasAttribute("data-case-page")) {
        openCase(article.getAttribute("data-case"), button.getAttribute("data-case-page"), button.parentNode);
      } else if (button.hasAttribute("data-useful")) { toggleUseful(button); }
      else if (button.hasAttribute("data-toggle-form")) {
        // Report or hide: the button shows and folds its form; what was typed stays.
        var form = section.querySelector("#" + button.getAttribute("data-toggle-form"));
        form.hidden = !form.hidden;
        button.setAttribute("aria-expanded", String(!form.hidden));
        if (!form.hidden) { form.querySelector("input:not([type=hidden])").focus(); }
      }
      else if (button.hasAttribute("data-close")) {
        var opener = list.querySelector('[data-open="' + article.getAttribute("data-case") + '"]');
        detail.textContent = "";
        if (opener) { opener.focus(); }
      }
    });

    section.addEventListener("change", function (event) {
      if (event.target.closest("[data-community-choice]")) {
        detail.textContent = "";
        loadList(1, event.target.parentNode, event.target.value);
      }
    });

    /* A new contribution on the page the person looks at: its item goes at the end of the list, the count,
     * what is expected now and the answered question are the server's; the focus goes to the new item. */
    function contributed(form, body) {
      var article = form.closest("[data-case]"), list = article.querySelector(".cap-contributions");
      var empty = list.querySelector(":scope > .cap-hint");
      if (empty) { empty.remove(); }
      var added = fragment(body.item_html), item = added.querySelector("[data-contribution]");
      while (added.firstChild) { list.appendChild(added.firstChild); }
      [["[data-contributions-count]", body.count_html], ["[data-expected]", body.expected_html]].forEach(function (pair) {
        var old = article.querySelector(pair[0]);
        if (old) { old.parentNode.replaceChild(fragment(pair[1]).firstElementChild, old); }
      });
      if (body.question_html) {
        var question = article.querySelector('[data-contribution="' + body.question_id + '"]');
        if (question) { question.parentNode.replaceChild(fragment(body.question_html).firstElementChild, question); }
      }
      if (form.isConnected) { form.reset(); }
      item.focus();
    }

    section.addEventListener("submit", function (event) {
      var form = event.target;
      var action = form.getAttribute("data-action");
      if (!action) { event.preventDefault(); return; }
      event.preventDefault();
      var confirmKey = form.getAttribute("data-confirm");
      if (confirmKey && !window.confirm(ctx.strings[confirmKey])) { return; }
      var data = {};
      new FormData(form).forEach(function (value, key) { data[key] = value; });
      if (action === "case_save") { data.answer = "fragment"; }  // a refusal draws the text saved elsewhere
      if (action === "case_contribute") {
        // The lean answer: the new item when the person looks at the page it lands on (the last one).
        data.answer = "fragment";
        data.page = form.closest("[data-case]").getAttribute("data-page");
      }
      var submitter = event.submitter;
      if (submitter && submitter.name) { data[submitter.name] = submitter.value; }
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      ctx.clear(form);
      ctx.submit(form, action, data, submitter || form.querySelector('[type="submit"]')).then(function (body) {
        if (body.list_html !== undefined) { list.innerHTML = body.list_html; }
        if (body.html !== undefined) { showCase(body.html, true); }
        if (body.item_html !== undefined) { contributed(form, body); }
        var article = form.closest("[data-case]");
        if (form.hasAttribute("data-reload") && article) { openCase(article.getAttribute("data-case"), article.getAttribute("data-page") || 1); }
        if (form.hasAttribute("data-done")) {
          form.hidden = true;
          form.reset();
          var toggle = section.querySelector('[data-toggle-form="' + form.id + '"]');
          if (toggle) { toggle.setAttribute("aria-expanded", "false"); }
        }
        ctx.say(ctx.strings[form.getAttribute("data-done")] || body.message || ctx.strings.saved);
      }, function (error) {
        if (action === "case_save" && error.code === "stale_version" && error.saved_elsewhere_html) {
          showSavedElsewhere(form, error);
        }
        ctx.fail(form, error);
      }).then(function () { buttons.forEach(function (b) { if (b.isConnected) { b.disabled = false; } }); });
    });
  };
}());

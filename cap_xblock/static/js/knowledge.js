/* Savoirs partagés: search the sheets, open one, consent, review, publish, withdraw, mark "Utile";
 * the network's directory. The server answers with the changed part of the section, rendered and
 * escaped by its templates; nothing a person typed is cleared when a request fails. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};
  window.CapSections.knowledge = function (ctx, section) {
    function part(name) { return section.querySelector('[data-part="' + name + '"]'); }
    var searchForm = section.querySelector("[data-search]");
    var peopleForm = section.querySelector("[data-directory-search]");

    function fields(form) {
      var data = {};
      new FormData(form).forEach(function (value, key) { data[key] = value; });
      return data;
    }

    function show(body, focus) {
      if (body.mine_html !== undefined) { part("mine").innerHTML = body.mine_html; }
      if (body.html === undefined || !body.part) { return; }
      part(body.part).innerHTML = body.html;  // server-rendered, autoescaped
      var title = part(body.part).querySelector(".cap-case-title");
      if (focus && title) { title.focus(); }
    }

    function load(handler, data, place, focus) {
      return ctx.request(handler, data, "GET").then(function (body) { show(body, focus); },
                                                    function (error) { ctx.fail(place, error); });
    }

    function search(page, place) {
      var data = fields(searchForm);
      data.page = page || 1;
      return load("knowledge_search", data, place || searchForm);
    }

    function toggleUseful(button) {
      var wanted = button.getAttribute("aria-pressed") !== "true";
      button.disabled = true;
      ctx.request("knowledge_useful", {sheet_id: button.getAttribute("data-useful"), useful: wanted, answer: "fragment"})
        .then(function (body) {
          /* The same button takes what the server drew (its state and count): it keeps the focus. */
          var holder = document.createElement("div");
          holder.innerHTML = body.button_html;
          var fresh = holder.firstElementChild;
          button.setAttribute("aria-pressed", fresh.getAttribute("aria-pressed"));
          button.innerHTML = fresh.innerHTML;
          ctx.say(ctx.strings[body.useful_by_me ? "knowledge_useful_added" : "knowledge_useful_removed"]);
        }, function (error) { ctx.fail(button.parentNode, error); })
        .then(function () { button.disabled = false; });
    }

    section.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !section.contains(button)) { return; }
      if (button.hasAttribute("data-open")) {
        load("knowledge_sheet", {sheet_id: button.getAttribute("data-open")}, button.parentNode, true);
      } else if (button.hasAttribute("data-review")) {
        load("knowledge_review", {sheet_id: button.getAttribute("data-review")}, button.parentNode, true);
      } else if (button.hasAttribute("data-results-page")) {
        search(button.getAttribute("data-results-page"), button.parentNode);
      } else if (button.hasAttribute("data-mine-page")) {
        load("knowledge_mine", {page: button.getAttribute("data-mine-page")}, button.parentNode);
      } else if (button.hasAttribute("data-directory-page")) {
        load("network_directory", {query: peopleForm.elements.query.value,
                                   page: button.getAttribute("data-directory-page")}, button.parentNode);
      } else if (button.hasAttribute("data-useful")) {
        toggleUseful(button);
      } else if (button.hasAttribute("data-close")) {
        var id = button.closest("[data-sheet]").getAttribute("data-sheet");
        part("sheet").textContent = "";
        var opener = section.querySelector('[data-open="' + id + '"]');
        if (opener) { opener.focus(); }
      }
    });

    section.addEventListener("submit", function (event) {
      var form = event.target;
      event.preventDefault();
      if (form === searchForm) { search(1); return; }
      if (form === peopleForm) { load("network_directory", {query: form.elements.query.value}, form); return; }
      var action = form.getAttribute("data-action");
      if (!action) { return; }
      var confirmKey = form.getAttribute("data-confirm");
      if (confirmKey && !window.confirm(ctx.strings[confirmKey])) { return; }
      var data = fields(form);
      if (form.elements.listed) { data.listed = form.elements.listed.checked; }
      ctx.clear(form);
      ctx.submit(form, action, data, form.querySelector('[type="submit"]')).then(function (body) {
        show(body, body.part === "sheet");
        if (action === "knowledge_create" || action === "knowledge_draft") { form.reset(); }
        ctx.say(body.message || ctx.strings.saved);
        if (["knowledge_publish", "knowledge_unpublish", "knowledge_withdraw"].indexOf(action) >= 0) { search(1); }
      }, function (error) { if (form.isConnected) { ctx.fail(form, error); } else { ctx.fail(part("sheet"), error); } });
    });
  };
}());

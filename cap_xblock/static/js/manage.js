/* "Gérer les communautés": the course team's management area.
 * Every rule is checked by the server, which also draws the tables (answer: "fragment"); this script sends,
 * puts the server's HTML in place, brings the focus back and says the result. */
window.CapManage = function (ctx) {
  "use strict";
  var area = ctx.root.querySelector("[data-manage]");
  var s = ctx.strings;
  /* The tables as the person sees them: an action's answer redraws them so. */
  var view = {page: 1, archived: false, people_page: 1, q: "", waiting: false};

  function form(name) { return area.querySelector('[data-form="' + name + '"]'); }
  function list(name) { return area.querySelector('[data-list="' + name + '"]'); }
  function pagerOf(name) { return area.querySelector('[data-pager="' + name + '"]'); }

  /* The focus goes back to the same control of the same row when it is still there, else to the table. */
  function where(control) {
    var row = control && control.closest("tr[data-community], tr[data-person]");
    if (!row) { return null; }
    var key = row.hasAttribute("data-community") ? "data-community" : "data-person";
    var attrs = ["data-rename", "data-archive", "data-remove-facilitator", "data-place", "data-unplace"];
    var attr = attrs.filter(function (a) { return control.hasAttribute(a); })[0];
    var keyed = attr === "data-remove-facilitator" || attr === "data-place";  /* one of several in the row */
    return {row: "[" + key + '="' + row.getAttribute(key) + '"]', control: attr ? "[" + attr + "]" : "button",
            value: keyed ? control.getAttribute(attr) : "", list: row.parentNode};
  }
  function refocus(place) {
    if (!place) { return; }
    var row = place.list.querySelector(place.row);
    var found = row && Array.prototype.filter.call(row.querySelectorAll(place.control), function (c) {
      return !place.value || c.getAttribute(place.control.slice(1, -1)) === place.value;
    })[0];
    var table = place.list.closest("table");
    if (!found) { table.setAttribute("tabindex", "-1"); }
    (found || table).focus({preventScroll: true});  /* the page stays where the person acted */
  }

  function putTable(name, body) {
    if (body[name + "_html"] === undefined) { return; }
    list(name).innerHTML = body[name + "_html"];  // rendered and escaped by the server's templates
    var nav = pagerOf(name), dir = nav.contains(document.activeElement) && document.activeElement.getAttribute("data-dir");
    nav.innerHTML = body[name + "_pager_html"];
    var again = dir && nav.querySelector('[data-dir="' + dir + '"]:not([disabled])');
    if (again) { again.focus(); }
  }
  function put(body) { putTable("communities", body); putTable("people", body); }

  function load(name, page) {
    var handler = name === "communities" ? "manage_communities" : "manage_people";
    var data = name === "communities" ? {page: page, archived: view.archived}
      : {page: page, q: view.q, waiting: view.waiting};
    data.answer = "fragment";
    return ctx.request(handler, data, "GET").then(function (body) {
      view[name === "communities" ? "page" : "people_page"] = page;
      put(body);
    }, function (error) { ctx.fail(list(name).closest("table").parentNode, error); });
  }

  /* An action: its answer carries the tables as `view` shows them; the result is said, the focus comes back. */
  function act(handler, data, place, control, send) {
    ctx.clear(place);
    var spot = where(control);
    data.answer = "fragment";
    data.view = view;
    return (send || ctx.request)(handler, data).then(function (body) {
      put(body);
      refocus(spot);
      ctx.say(body.message || s.saved);
      return body;
    }, function (error) { ctx.fail(place, error); return Promise.reject(error); });
  }

  /* A confirm step in the page, next to the button pressed (no window.confirm):
   * the server's question, « Confirmer » (focused) and « Annuler » (back to the button). */
  function confirmFirst(button, onConfirm) {
    var place = button.parentNode, question = button.getAttribute("data-confirm");
    var old = place.querySelector(":scope > [data-confirm-step]");
    if (old) { old.remove(); }
    var yes = ctx.el("button", {type: "button", "class": "cap-button cap-small", "data-confirm-yes": "", text: s.confirm});
    var no = ctx.el("button", {type: "button", "class": "cap-button cap-small cap-secondary", text: s.cancel});
    var step = ctx.el("div", {"class": "cap-confirm", role: "group", "data-confirm-step": "", "aria-label": question},
                      [ctx.el("p", {"class": "cap-confirm-question", text: question}), yes, no]);
    place.appendChild(step);
    yes.focus();
    no.addEventListener("click", function () { step.remove(); button.focus(); });
    yes.addEventListener("click", function () { yes.disabled = true; step.remove(); onConfirm(); });
  }

  function renameForm(button, open) {
    var f = button.parentNode.querySelector("[data-rename-form]");
    f.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) { f.name.focus(); } else { button.focus(); }
  }

  area.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !area.contains(button)) { return; }
    var cell = button.closest("td"), row = button.closest("tr"), to = button.getAttribute("data-page-to");
    if (to && button.closest('[data-pager="communities"]')) { load("communities", +to); }
    else if (to && button.closest('[data-pager="people"]')) { load("people", +to); }
    else if (button.hasAttribute("data-rename")) { renameForm(button, button.getAttribute("aria-expanded") !== "true"); }
    else if (button.hasAttribute("data-rename-cancel")) { renameForm(cell.querySelector("[data-rename]"), false); }
    else if (button.hasAttribute("data-archive")) {
      var archive = function () {
        act("manage_archive", {community_id: +row.getAttribute("data-community"),
                               archived: button.getAttribute("data-archive") === "true"}, cell, button);
      };
      if (button.hasAttribute("data-confirm")) { confirmFirst(button, archive); } else { archive(); }
    } else if (button.hasAttribute("data-remove-facilitator")) {
      confirmFirst(button, function () {
        act("manage_remove_facilitator", {community_id: +row.getAttribute("data-community"),
                                          user_id: button.getAttribute("data-remove-facilitator")}, cell, button);
      });
    } else if (button.hasAttribute("data-place")) {
      var select = cell.querySelector("select");
      if (!select.value) { select.focus(); return; }
      act(button.getAttribute("data-place"), {user_id: row.getAttribute("data-person"),
                                              community_id: Number(select.value)}, cell, button);
    } else if (button.hasAttribute("data-unplace")) {
      confirmFirst(button, function () {
        act("manage_unplace", {user_id: row.getAttribute("data-person")}, cell, button);
      });
    } else if (button.hasAttribute("data-from-cohorts")) {
      act("manage_from_cohorts", {}, form("cohorts")).then(function (body) {
        form("cohorts").querySelector("[data-cohort-report]").textContent = body.message;
      }, function () { return null; });
    }
  });

  area.addEventListener("submit", function (event) {
    var f = event.target, name = f.getAttribute("data-form");
    event.preventDefault();
    if (f.hasAttribute("data-rename-form")) {
      var button = f.parentNode.querySelector("[data-rename]");
      act("manage_rename", {community_id: +f.closest("tr").getAttribute("data-community"), name: f.name.value},
          f, button).catch(function () { return null; });
    } else if (name === "settings") {
      var mode = f.querySelector("input[name=assignment_mode]:checked");
      act("manage_settings", {target_size: f.target_size.value, assignment_mode: mode && mode.value}, f)
        .catch(function () { return null; });
    } else if (name === "cohorts") {
      ctx.clear(f);
      ctx.request("manage_cohort_mirror", {mirror: f.mirror.checked, answer: "fragment"}).then(function (body) {
        f.innerHTML = body.cohorts_html;  // rendered by the server
        f.querySelector('[type="submit"]').focus();
        ctx.say(body.message);
      }, function (error) { ctx.fail(f, error); });
    } else if (name === "create") {
      act("manage_create", {name: f.name.value}, f, null, function (handler, data) { return ctx.submit(f, handler, data); })
        .then(function () { f.name.value = ""; }, function () { return null; });
    } else if (name === "people") {
      view.q = f.q.value;
      view.waiting = f.waiting.checked;
      load("people", 1);
    } else if (name === "import") {
      importFile(f, Boolean(event.submitter && event.submitter.name === "dry_run"));
    }
  });

  area.querySelector('[data-filter="archived"]').addEventListener("change", function (event) {
    view.archived = event.target.checked;
    load("communities", 1);
  });

  function importFile(f, dryRun) {
    var report = f.querySelector("[data-report]");
    var file = f.csv.files[0];
    ctx.clear(f);
    report.textContent = "";
    if (!file) { f.csv.focus(); return; }
    file.text().then(function (text) {
      return act("manage_import", {csv: text, dry_run: dryRun}, f);
    }).then(function (body) { report.textContent = body.message; }, function (error) {
      if (error && error.problems_html) { report.innerHTML = error.problems_html; }  // rendered by the server
    });
  }
};

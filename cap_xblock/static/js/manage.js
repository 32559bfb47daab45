/* "Gérer les communautés": the course team's management area.
 * Every rule is checked by the server; this script only asks and shows. */
window.CapManage = function (ctx) {
  "use strict";
  var area = ctx.root.querySelector("[data-manage]");
  var s = ctx.strings;
  var el = ctx.el;
  var state = {communities: [], communityPage: 1, peoplePage: 1, archived: false, query: "", waiting: false};

  function form(name) { return area.querySelector('[data-form="' + name + '"]'); }
  function list(name) { return area.querySelector('[data-list="' + name + '"]'); }
  function pagerOf(name) { return area.querySelector('[data-pager="' + name + '"]'); }

  function names(people) {
    return people.length ? people.map(function (p) { return p.display_name; }).join(", ") : s.none;
  }

  function loadCommunities(page) {
    state.communityPage = page || state.communityPage;
    return ctx.request("manage_communities", {page: state.communityPage, archived: state.archived}, "GET")
      .then(function (data) {
        state.communities = data.communities.items;
        state.settings = data.settings;
        showCohorts(data.cohorts);
        renderCommunities(data.communities);
        return data;
      }, function (error) { ctx.fail(list("communities").parentNode.parentNode, error); });
  }

  function action(label, onClick) {
    var button = el("button", {type: "button", "class": "cap-button cap-small", text: label});
    button.addEventListener("click", function () { onClick(button); });
    return button;
  }

  /* A confirm step in the page, next to the button pressed (no window.confirm):
   * the question, « Confirmer » (focused) and « Annuler » (back to the button). */
  function confirmFirst(button, question, onConfirm) {
    var place = button.parentNode;
    var old = place.querySelector(":scope > [data-confirm-step]");
    if (old) { old.remove(); }
    var yes = el("button", {type: "button", "class": "cap-button cap-small", "data-confirm-yes": "", text: s.confirm});
    var no = el("button", {type: "button", "class": "cap-button cap-small cap-secondary", text: s.cancel});
    var step = el("div", {"class": "cap-confirm", role: "group", "data-confirm-step": ""},
                  [el("p", {"class": "cap-confirm-question", text: question}), yes, no]);
    step.setAttribute("aria-label", question);
    place.appendChild(step);
    yes.focus();
    no.addEventListener("click", function () { step.remove(); button.focus(); });
    yes.addEventListener("click", function () { yes.disabled = true; step.remove(); onConfirm(); });
  }

  function renderCommunities(page) {
    var body = list("communities");
    body.textContent = "";
    page.items.forEach(function (c) {
      var cell = el("td", {"class": "cap-actions"});
      var row = el("tr", {"data-community": c.id}, [
        el("th", {scope: "row", text: c.archived ? ctx.format(s.archived_name, {name: c.name}) : c.name}),
        el("td", {text: ctx.format(s.size, {size: c.size, target: c.target_size})}),
        el("td", {text: names(c.facilitators)}),
        cell
      ]);
      cell.appendChild(action(s.rename, function () {
        var name = window.prompt(ctx.format(s.new_name, {name: c.name}), c.name);
        if (name === null) { return; }
        ctx.request("manage_rename", {community_id: c.id, name: name}).then(function (data) {
          ctx.say(s.saved); loadCommunities();
        }, function (error) { ctx.fail(cell, error); });
      }));
      cell.appendChild(action(c.archived ? s.restore : s.archive, function (button) {
        function archive() {
          ctx.request("manage_archive", {community_id: c.id, archived: !c.archived}).then(function () {
            ctx.say(s.saved); loadCommunities();
          }, function (error) { ctx.fail(cell, error); });
        }
        if (c.archived) { archive(); } else { confirmFirst(button, s.confirm_archive, archive); }
      }));
      c.facilitators.forEach(function (person) {
        cell.appendChild(action(ctx.format(s.remove_facilitator, {name: person.display_name}), function (button) {
          confirmFirst(button, ctx.format(s.confirm_remove_facilitator, {name: person.display_name, community: c.name}),
                       function () {
            ctx.request("manage_remove_facilitator", {community_id: c.id, user_id: person.user_id}).then(function () {
              ctx.say(s.saved); loadCommunities(); loadPeople();
            }, function (error) { ctx.fail(cell, error); });
          });
        }));
      });
      body.appendChild(row);
    });
    if (!page.items.length) {
      body.appendChild(el("tr", {}, [el("td", {colspan: "4", text: s.none})]));
    }
    ctx.pager(pagerOf("communities"), page, loadCommunities);
  }

  function communitySelect(person, label) {
    var select = el("select", {"aria-label": ctx.format(s.action_for, {action: label, name: person.display_name})});
    select.appendChild(el("option", {value: "", text: s.choose_community}));
    state.communities.forEach(function (c) {
      if (!c.archived) { select.appendChild(el("option", {value: String(c.id), text: c.name})); }
    });
    return select;
  }

  function loadPeople(page) {
    state.peoplePage = page || state.peoplePage;
    return ctx.request("manage_people", {page: state.peoplePage, q: state.query, waiting: state.waiting}, "GET")
      .then(renderPeople, function (error) { ctx.fail(form("people"), error); });
  }

  function communityName(id) {
    var found = state.communities.filter(function (c) { return c.id === id; })[0];
    return found ? found.name : "#" + id;
  }

  function renderPeople(page) {
    var body = list("people");
    body.textContent = "";
    page.items.forEach(function (person) {
      var where = person.community_id ? communityName(person.community_id) : "";
      if (person.leads.length) {
        where = ctx.format(s.facilitates, {names: person.leads.map(communityName).join(", ")});
      }
      where = where || s.not_placed;
      var cell = el("td", {"class": "cap-actions"});
      var select = communitySelect(person, s.place);
      cell.appendChild(select);
      cell.appendChild(action(s.place, function () {
        if (!select.value) { select.focus(); return; }
        ctx.clear(cell);
        ctx.request("manage_place", {user_id: person.user_id, community_id: Number(select.value)}).then(function () {
          ctx.say(s.saved); loadCommunities().then(function () { loadPeople(); });
        }, function (error) { ctx.fail(cell, error); });
      }));
      cell.appendChild(action(s.name_facilitator, function () {
        if (!select.value) { select.focus(); return; }
        ctx.clear(cell);
        ctx.request("manage_add_facilitator", {user_id: person.user_id, community_id: Number(select.value)})
          .then(function () { ctx.say(s.saved); loadCommunities().then(function () { loadPeople(); }); },
                function (error) { ctx.fail(cell, error); });
      }));
      if (person.community_id) {
        cell.appendChild(action(s.remove, function (button) {
          confirmFirst(button, ctx.format(s.confirm_unplace, {name: person.display_name,
                                                               community: communityName(person.community_id)}),
                       function () {
            ctx.request("manage_unplace", {user_id: person.user_id}).then(function () {
              ctx.say(s.saved); loadCommunities().then(function () { loadPeople(); });
            }, function (error) { ctx.fail(cell, error); });
          });
        }));
      }
      body.appendChild(el("tr", {"data-person": person.user_id}, [
        el("th", {scope: "row", text: person.display_name + (person.username ? " (" + person.username + ")" : "")}),
        el("td", {text: where}),
        cell
      ]));
    });
    if (!page.items.length) {
      body.appendChild(el("tr", {}, [el("td", {colspan: "3", text: s.none})]));
    }
    ctx.pager(pagerOf("people"), page, loadPeople);
  }

  form("settings").addEventListener("submit", function (event) {
    event.preventDefault();
    var f = event.target;
    ctx.clear(f);
    var mode = f.querySelector("input[name=assignment_mode]:checked");
    ctx.request("manage_settings", {target_size: f.target_size.value, assignment_mode: mode && mode.value})
      .then(function () { ctx.say(s.saved); loadCommunities(); }, function (error) { ctx.fail(f, error); });
  });

  function showCohorts(cohorts) {
    var f = form("cohorts");
    if (!f || !cohorts) { return; }
    f.mirror.checked = cohorts.mirror;
    f.querySelector("[data-cohorts-unavailable]").hidden = cohorts.available;
    Array.prototype.forEach.call(f.querySelectorAll("input, button"), function (control) {
      control.disabled = !cohorts.available;
    });
  }

  form("cohorts").addEventListener("submit", function (event) {
    event.preventDefault();
    var f = event.target;
    ctx.clear(f);
    ctx.request("manage_cohort_mirror", {mirror: f.mirror.checked})
      .then(function (data) { showCohorts(data); ctx.say(s.saved); }, function (error) { ctx.fail(f, error); });
  });

  area.querySelector("[data-from-cohorts]").addEventListener("click", function () {
    var f = form("cohorts");
    ctx.clear(f);
    ctx.request("manage_from_cohorts", {}).then(function (report) {
      var text = ctx.format(s.cohorts_done, {created: report.created.length, linked: report.linked.length,
                                             placed: report.placed});
      f.querySelector("[data-cohort-report]").textContent = text;
      ctx.say(text);
      loadCommunities().then(function () { loadPeople(); });
    }, function (error) { ctx.fail(f, error); });
  });

  form("create").addEventListener("submit", function (event) {
    event.preventDefault();
    var f = event.target;
    ctx.clear(f);
    ctx.submit(f, "manage_create", {name: f.name.value}).then(function () {
      f.name.value = "";
      ctx.say(s.saved);
      loadCommunities().then(function () { loadPeople(); });
    }, function (error) { ctx.fail(f, error); });
  });

  area.querySelector('[data-filter="archived"]').addEventListener("change", function (event) {
    state.archived = event.target.checked;
    loadCommunities(1);
  });

  form("people").addEventListener("submit", function (event) {
    event.preventDefault();
    state.query = event.target.q.value;
    state.waiting = event.target.waiting.checked;
    loadPeople(1);
  });

  form("import").addEventListener("submit", function (event) {
    event.preventDefault();
    var f = event.target;
    var dryRun = Boolean(event.submitter && event.submitter.name === "dry_run");
    var report = f.querySelector("[data-report]");
    var file = f.csv.files[0];
    ctx.clear(f);
    report.textContent = "";
    if (!file) { f.csv.focus(); return; }
    file.text().then(function (text) {
      return ctx.request("manage_import", {csv: text, dry_run: dryRun});
    }).then(function (result) {
      report.textContent = ctx.format(dryRun ? s.import_check_ok : s.import_ok, result);
      if (!dryRun) { loadCommunities().then(function () { loadPeople(); }); }
    }, function (error) {
      ctx.fail(f, error);
      var problems = (error.details && error.details.problems) || [];
      var items = el("ul", {"class": "cap-problems"});
      problems.forEach(function (p) { items.appendChild(el("li", {text: ctx.format(s.line, p)})); });
      report.appendChild(items);
    });
  });

  loadCommunities(1).then(function () { loadPeople(1); });
};

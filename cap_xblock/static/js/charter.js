/* "Charte de la communauté": read and accept (members), edit and follow (facilitators, staff).
 * The api is the gate on writing; this script only explains it next to other sections' forms. */
(window.CapSections = window.CapSections || {}).charter = function (ctx, section) {
  "use strict";
  var s = ctx.strings;
  var box = section.querySelector("[data-charter]");
  var part = function (name) { return box.querySelector("[data-charter-" + name + "]"); };
  var accept = part("accept"), guardian = part("guardian"), who = part("who"), choose = part("community");
  var form = box.querySelector('[data-form="charter-edit"]');
  var list = box.querySelector('[data-list="charter-acceptances"]');
  var pagerNav = box.querySelector('[data-pager="charter-acceptances"]');

  function community() { return box.getAttribute("data-community"); }

  /* Forms where members write to their community (the journal is private: not gated). */
  var gated = '[data-section="cases"] form, [data-section="brainstorm"] form, [data-section="discussion"] form';

  function notes(show) {
    ctx.root.querySelectorAll(gated).forEach(function (f) {
      var note = f.previousElementSibling;
      var has = note && note.classList.contains("cap-charter-note");
      if (show && !has) {
        var link = ctx.el("a", {href: "#" + section.id, text: s.charter_note});
        f.parentNode.insertBefore(ctx.el("p", {"class": "cap-hint cap-charter-note"}, [link]), f);
      } else if (!show && has) { note.remove(); }
    });
  }

  function apply(state, replaceText) {
    box.setAttribute("data-community", state.community_id);
    box.setAttribute("data-version", state.version);
    part("text").textContent = state.text;
    part("meta").textContent = state.meta;
    var line = part("accepted-line");
    line.textContent = state.accepted_line;
    line.hidden = !state.accepted_line;
    line.className = state.must_accept ? "cap-notice" : "cap-hint";
    accept.hidden = !state.must_accept;
    if (guardian) {
      guardian.hidden = !state.can_edit;
      part("count").textContent = state.count_line;
    }
    if (replaceText && form) { form.elements.text.value = state.text_fr; form.elements.text_en.value = state.text_en; }
    box.toggleAttribute("data-must-accept", Boolean(state.is_member && state.must_accept));
    if (state.is_member) { notes(state.must_accept); }
    if (who && who.open) { loadWho(1); }
  }

  function loadWho(page) {
    ctx.request("charter_acceptances", {community_id: community(), page: page, answer: "fragment"}, "GET").then(function (answer) {
      var dir = pagerNav.contains(document.activeElement) && document.activeElement.getAttribute("data-dir");
      list.innerHTML = answer.html;  // rows rendered and escaped by the server
      pagerNav.innerHTML = answer.pager_html;
      var again = dir && pagerNav.querySelector('[data-dir="' + dir + '"]:not([disabled])');
      if (again) { again.focus(); }
    }, function (error) { ctx.fail(who, error); });
  }

  accept.querySelector("button").addEventListener("click", function () {
    var button = this;
    button.disabled = true;
    ctx.clear(accept);
    ctx.request("charter_accept", {community_id: community(), version: box.getAttribute("data-version")})
      .then(function (state) { apply(state); ctx.say(s.charter_accepted); }, function (error) {
        ctx.fail(accept, error);
        if (error.code === "charter_changed") {
          ctx.request("charter_state", {community_id: community()}, "GET").then(function (state) { apply(state); });
        }
      }).then(function () { button.disabled = false; });
  });

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      ctx.clear(form);
      var data = {community_id: community(), version: box.getAttribute("data-version"), text: form.elements.text.value,
                  text_en: form.elements.text_en.value};
      ctx.submit(form, "charter_save", data).then(function (state) {
        apply(state);
        ctx.say(state.created ? s.charter_saved : s.charter_unchanged);
      }, function (error) { ctx.fail(form, error); });
    });
  }

  if (who) { who.addEventListener("toggle", function () { if (who.open) { loadWho(1); } }); }
  if (pagerNav) {
    pagerNav.addEventListener("click", function (event) {
      var to = event.target.closest("[data-page-to]");
      if (to) { loadWho(+to.getAttribute("data-page-to")); }
    });
  }

  if (choose) {
    choose.addEventListener("change", function () {
      ctx.clear(box);
      ctx.request("charter_state", {community_id: choose.value}, "GET").then(function (state) { apply(state, true); },
        function (error) { ctx.fail(box, error); });
    });
  }

  notes(box.hasAttribute("data-must-accept"));
  /* Sections opened later get their note too. */
  ctx.root.addEventListener("cap:section-opened", function () { notes(box.hasAttribute("data-must-accept")); });
};

/* « Tableau de bord » (facilitators), the course team's view (staff) and « Préférences de notification »
 * (everyone). The server renders each of them; this script sends the forms and swaps in the fragment the
 * server renders again. Nothing typed is cleared on failure. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};

  /* Replace `old` by the server's `html`, then wire it again with `wire`. */
  function swap(old, html, wire) {
    var holder = document.createElement("div");
    holder.innerHTML = html;  // a fragment rendered by the server's autoescaped template
    var fresh = holder.firstElementChild;
    old.parentNode.replaceChild(fresh, old);
    wire(fresh);
    return fresh;
  }

  window.CapSections.dashboard = function (ctx, section) {
    function wire(root) {
      var form = root.querySelector("[data-dashboard-form]");
      if (!form) { return; }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        ctx.clear(form);
        ctx.request("dashboard_view", {silent_days: form.elements.silent_days.value}, "GET").then(function (data) {
          var fresh = swap(root, data.html, wire);
          ctx.say(ctx.strings.dashboard_updated);
          var input = fresh.querySelector("[name=silent_days]");
          if (input) { input.focus(); }
        }, function (error) { ctx.fail(form, error); });
      });
    }
    var root = section.querySelector("[data-dashboard]");
    if (root) { wire(root); }
  };

  window.CapSections.overview = function (ctx, section) {
    function wire(root) {
      root.addEventListener("click", function (event) {
        var button = event.target.closest("[data-overview-page]");
        if (!button) { return; }
        ctx.request("course_overview", {page: button.getAttribute("data-overview-page")}, "GET").then(function (data) {
          var fresh = swap(root, data.html, wire);
          ctx.say(ctx.strings.dashboard_updated);
          var caption = fresh.querySelector("caption");
          if (caption) { caption.setAttribute("tabindex", "-1"); caption.focus(); }
        }, function (error) { ctx.fail(button.parentNode, error); });
      });
    }
    var root = section.querySelector("[data-overview]");
    if (root) { wire(root); }
  };

  window.CapSections.notifications = function (ctx, section) {
    var form = section.querySelector("[data-preferences-form]");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      ctx.clear(form);
      var choices = {};
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]:checked"), function (input) {
        choices[input.name] = input.value;
      });
      ctx.submit(form, "notification_save", {choices: choices}).then(function () {
        ctx.say(ctx.strings.dashboard_saved);
      }, function (error) { ctx.fail(form, error); });
    });
  };
}());

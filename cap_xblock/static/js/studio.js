/* The block's Studio editor: every setting in one form, the journal prompts as rows
 * that can be added, removed and reordered. Saved through submit_studio_edits with
 * cap.js' request() (CSRF header included); the answer is shown in the form. */
(function () {
  "use strict";
  window.CapSections = window.CapSections || {};

  window.CapSections.studio = function (ctx, section) {
    var form = section.querySelector("[data-form=studio]");
    var list = form.querySelector("[data-prompts]");
    var actions = form.querySelector("[data-actions]");
    var s = ctx.strings;

    function notify(name, data) {
      if (ctx.runtime && typeof ctx.runtime.notify === "function") {
        try { ctx.runtime.notify(name, data); } catch (ignored) { /* the workbench's runtime may not know it */ }
      }
    }

    function button(text, attr) {
      var node = ctx.el("button", {type: "button", "class": "cap-button cap-small", text: text});
      node.setAttribute(attr, "");
      return node;
    }

    /* Labels and the state of the move buttons follow each row's position. */
    function renumber() {
      var rows = list.querySelectorAll("[data-prompt]");
      rows.forEach(function (row, index) {
        var label = ctx.format(s.prompt_label, {number: index + 1});
        var area = row.querySelector("textarea");
        area.setAttribute("aria-label", label);
        row.querySelector("[data-up]").disabled = index === 0;
        row.querySelector("[data-down]").disabled = index === rows.length - 1;
        row.querySelectorAll("button").forEach(function (b) {
          b.setAttribute("aria-label", b.textContent + " — " + label);
        });
      });
    }

    function equip(row) {
      var tools = ctx.el("div", {"class": "cap-inline"}, [
        button(s.move_up, "data-up"), button(s.move_down, "data-down"), button(s.remove_prompt, "data-remove")]);
      row.appendChild(tools);
    }

    list.querySelectorAll("[data-prompt]").forEach(equip);
    renumber();

    form.querySelector("[data-add-prompt]").addEventListener("click", function () {
      var row = ctx.el("li", {"data-prompt": ""}, [ctx.el("textarea", {rows: "2", maxlength: "500"})]);
      equip(row);
      list.appendChild(row);
      renumber();
      row.querySelector("textarea").focus();
    });

    list.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) { return; }
      var row = target.closest("[data-prompt]");
      var rows = Array.prototype.slice.call(list.querySelectorAll("[data-prompt]"));
      var index = rows.indexOf(row);
      if (target.hasAttribute("data-remove")) {
        var next = rows[index + 1] || rows[index - 1];
        row.remove();
        renumber();
        ctx.say(ctx.format(s.prompt_removed, {number: index + 1}));
        (next ? next.querySelector("textarea") : form.querySelector("[data-add-prompt]")).focus();
        return;
      }
      var up = target.hasAttribute("data-up");
      if (up && index > 0) { list.insertBefore(row, rows[index - 1]); }
      if (!up && index < rows.length - 1) { list.insertBefore(rows[index + 1], row); }
      renumber();
      ctx.say(ctx.format(s.prompt_moved, {number: up ? index : index + 2}));
      target.disabled ? row.querySelector("textarea").focus() : target.focus();
    });

    function values() {
      var result = {};
      form.querySelectorAll("[data-field]").forEach(function (box) {
        var name = box.getAttribute("data-field");
        if (name === "sections") {
          result.sections = Array.prototype.slice.call(box.querySelectorAll("input[name=sections]:checked"))
            .map(function (input) { return input.value; });
        } else if (name === "journal_prompts") {
          result.journal_prompts = Array.prototype.slice.call(box.querySelectorAll("[data-prompt] textarea"))
            .map(function (area) { return area.value.trim(); })
            .filter(function (text) { return text !== ""; });
        } else {
          var input = box.querySelector("[name=" + name + "]");
          if (input.type === "checkbox") { result[name] = input.checked; }
          else if (input.type === "number") { result[name] = input.value.trim(); }
          else { result[name] = input.value; }
        }
      });
      return result;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var save = form.querySelector(".save-button");
      ctx.clear(actions);
      save.disabled = true;
      save.setAttribute("aria-busy", "true");
      ctx.say(s.saving);
      notify("save", {state: "start", message: s.saving});
      ctx.request("submit_studio_edits", {values: values(), defaults: []}).then(function () {
        ctx.say(s.saved_settings);
        notify("save", {state: "end"});
      }, function (error) {
        ctx.say("");
        if (/^http_/.test(error.code)) {
          /* Not the block's answer (a page of the server, such as Django's CSRF refusal): say what to do. */
          error = {code: error.code, message: ctx.format(s.save_refused, {status: error.status})};
        }
        ctx.fail(actions, error);
        notify("error", {title: s.not_saved, message: error.message});
      }).then(function () {
        save.disabled = false;
        save.removeAttribute("aria-busy");
      });
    });

    form.querySelector("[data-cancel]").addEventListener("click", function () { notify("cancel", {}); });
  };
}());

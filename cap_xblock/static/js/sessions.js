/* Rencontres: open a session, answer, record attendance, publish minutes, plan; follow a case run live.
 * The server answers with the changed part of the section, rendered and escaped by its templates;
 * the script only puts it in place. During a live co-development, members' screens ask for the run's
 * version every few seconds (a few bytes) and fetch the rendered state only when it changed; the
 * countdown of the current step runs here from the step's end time. */
(function () {
  "use strict";
  var POLL_MS = 5000;
  window.CapSections = window.CapSections || {};
  window.CapSections.sessions = function (ctx, section) {
    var list = section.querySelector("[data-sessions-list]");
    var detail = section.querySelector("[data-session-detail]");
    var liveBox = section.querySelector("[data-live-run]");
    var poller = null, ticker = null, polling = false;

    function showDetail(html, focus) {
      detail.innerHTML = html;  // server-rendered, autoescaped
      var title = detail.querySelector(".cap-session-title");
      if (focus && title) { title.focus(); }
    }

    function openSession(id, place) {
      return ctx.request("session_detail", {session_id: id}, "GET")
        .then(function (body) { showDetail(body.html, true); }, function (error) { ctx.fail(place || list, error); });
    }

    function loadList(when, page, place) {
      section.querySelectorAll("[data-when]").forEach(function (button) {
        var on = button.getAttribute("data-when") === when;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.classList.toggle("cap-secondary", !on);
      });
      return ctx.request("sessions_list", {when: when, page: page || 1}, "GET")
        .then(function (body) { list.innerHTML = body.html; }, function (error) { ctx.fail(place || list, error); });
    }

    /* --- live co-development ------------------------------------------------------------ */

    function panel() { return liveBox.querySelector("[data-live-id]"); }

    function tick() {
      var box = panel(), clock = box && box.querySelector("[data-countdown]");
      if (!clock) { return; }
      var left = Math.round((new Date(box.getAttribute("data-ends-at")) - new Date()) / 1000);
      var shown = Math.max(0, left);
      clock.textContent = Math.floor(shown / 60) + ":" + ("0" + (shown % 60)).slice(-2);
      clock.classList.toggle("cap-late-text", left <= 0);
      if (left <= 0 && !box.capTimeUp) { box.capTimeUp = true; ctx.say(ctx.strings.sessions_time_up); }
    }

    function showLive(html) {
      var before = panel(), step = before && before.querySelector("[data-live-step]");
      var typing = liveBox.contains(document.activeElement) && document.activeElement.tagName === "TEXTAREA";
      var draft = typing ? document.activeElement.value : "";
      liveBox.innerHTML = html;  // server-rendered, autoescaped
      var after = panel(), nowStep = after && after.querySelector("[data-live-step]");
      if (typing) {
        var area = liveBox.querySelector("textarea");
        if (area) { area.value = draft; area.focus(); }
      }
      if (nowStep && (!step || step.textContent !== nowStep.textContent)) {
        ctx.say(ctx.format(ctx.strings.sessions_step_now, {step: nowStep.textContent}));
      }
      follow();
    }

    /* Before a case is run live, the screens of a session about to start or going on watch their community. */
    function watchCommunity() {
      ctx.request("live_version", {community_id: liveBox.getAttribute("data-live-watch")}, "GET").then(function (body) {
        if (body.r) {
          return ctx.request("live_view", {run_id: body.r}, "GET").then(function (answer) { showLive(answer.html); });
        }
        return null;
      }).catch(function () { return null; }).then(function () { polling = false; });
    }

    function poll() {
      var box = panel();
      if (polling || document.hidden) { return; }
      if (!box || box.hasAttribute("data-live-ended")) {
        if (liveBox.hasAttribute("data-live-watch") && !box) { polling = true; watchCommunity(); }
        return;
      }
      polling = true;
      ctx.request("live_version", {run_id: box.getAttribute("data-live-id")}, "GET").then(function (body) {
        if (String(body.v) !== box.getAttribute("data-live-version")) {
          return ctx.request("live_view", {run_id: box.getAttribute("data-live-id")}, "GET")
            .then(function (answer) { showLive(answer.html); });
        }
        return null;
      }).catch(function () { return null; }).then(function () { polling = false; });
    }

    function follow() {
      var box = panel(), running = (box && !box.hasAttribute("data-live-ended"))
        || (!box && liveBox.hasAttribute("data-live-watch"));
      if (running && !poller) {
        poller = window.setInterval(poll, POLL_MS);
        ticker = window.setInterval(tick, 1000);
      } else if (!running && poller) {
        window.clearInterval(poller);
        window.clearInterval(ticker);
        poller = ticker = null;
      }
      tick();
    }

    /* --- actions ---------------------------------------------------------------------------- */

    section.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !section.contains(button)) { return; }
      if (button.hasAttribute("data-open-session")) { openSession(button.getAttribute("data-open-session"), button.parentNode); }
      else if (button.hasAttribute("data-when")) { detail.textContent = ""; loadList(button.getAttribute("data-when"), 1, button.parentNode); }
      else if (button.hasAttribute("data-sessions-page")) {
        loadList(button.getAttribute("data-when-page"), button.getAttribute("data-sessions-page"), button.parentNode);
      } else if (button.hasAttribute("data-close-session")) {
        var opener = list.querySelector('[data-open-session="' + button.closest("[data-session]").getAttribute("data-session") + '"]');
        detail.textContent = "";
        if (opener) { opener.focus(); }
      } else if (button.hasAttribute("data-notices-seen")) {
        var notices = button.closest("[data-notices]");
        ctx.request("sessions_notices_seen", {up_to: notices.getAttribute("data-up-to")})
          .then(function () { notices.remove(); }, function (error) { ctx.fail(notices, error); });
      }
    });

    section.addEventListener("change", function (event) {
      var form = event.target.closest("[data-minutes-version]");
      if (!form) { return; }
      ctx.request("session_minutes", {session_id: form.elements.session_id.value, number: event.target.value}, "GET")
        .then(function (body) {
          var box = form.closest("[data-minutes-box]");
          box.innerHTML = body.html;  // server-rendered, sanitised on the server
          var select = box.querySelector("select");
          if (select) { select.focus(); }
        }, function (error) { ctx.fail(form, error); });
    });

    section.addEventListener("submit", function (event) {
      var form = event.target;
      var action = form.getAttribute("data-action");
      event.preventDefault();
      if (!action) { return; }
      var confirmKey = form.getAttribute("data-confirm");
      if (confirmKey && !window.confirm(ctx.strings[confirmKey])) { return; }
      var data = {};
      new FormData(form).forEach(function (value, key) { data[key] = value; });
      var submitter = event.submitter;
      if (submitter && submitter.name) { data[submitter.name] = submitter.value; }
      if (action === "calendar_address") { data.regenerate = true; }
      ctx.clear(form);
      ctx.submit(form, action, data, submitter || form.querySelector('[type="submit"]')).then(function (body) {
        if (body.list_html !== undefined) { list.innerHTML = body.list_html; }
        if (action.indexOf("live_") === 0) {
          showLive(body.html);
          if (action === "live_note") { var area = liveBox.querySelector("textarea"); if (area) { area.value = ""; area.focus(); } }
        } else if (body.feed_url !== undefined) {
          section.querySelector("[data-feed-url]").value = body.feed_url;
        } else if (body.html !== undefined) {
          showDetail(body.html, action !== "session_rsvp");
          if (action === "session_rsvp") {
            var pressed = detail.querySelector('[name="answer"][aria-pressed="true"]');
            if (pressed) { pressed.focus(); }
          }
        }
        ctx.say(body.message || ctx.strings.saved);
      }, function (error) { ctx.fail(form, error); });
    });

    /* The calendar address as a full address, to paste in a calendar application. */
    var feed = section.querySelector("[data-feed-url]");
    if (feed && feed.value && feed.value.charAt(0) === "/") { feed.value = window.location.origin + feed.value; }
    follow();
  };
}());

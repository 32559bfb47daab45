/* cap_xblock core: talking to the handlers and telling people what happened.
 * Every capability's script uses CapXBlock's `ctx` (request, say, fail).
 * User text is always put in the page with textContent, never as HTML. */
function CapXBlock(runtime, element, init) {
  "use strict";
  var root = element && element.jquery ? element[0] : element;
  var live = root.querySelector("[data-live]");
  var strings = (init && init.strings) || {};

  /* The server names its CSRF cookie (Django's CSRF_COOKIE_NAME). */
  var csrfCookie = (init && init.csrf_cookie) || "csrftoken";

  function csrfToken() {
    var prefix = csrfCookie + "=";
    var cookies = document.cookie ? document.cookie.split(/;\s*/) : [];
    for (var i = 0; i < cookies.length; i++) {
      if (cookies[i].indexOf(prefix) === 0) { return decodeURIComponent(cookies[i].slice(prefix.length)); }
    }
    return "";
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return values && values.hasOwnProperty(key) ? values[key] : all;
    });
  }

  /* GET with query parameters or POST with a JSON body. Resolves with the
   * JSON answer; rejects with {code, message, details} from the error contract
   * or a network error, so callers can show it where the person acted. */
  function request(name, data, method) {
    var url = init.handler_url.replace("/section_view", "/" + name);
    method = method || "POST";
    var options = {method: method, credentials: "same-origin", headers: {"Accept": "application/json"}};
    if (method === "GET") {
      var params = new URLSearchParams();
      Object.keys(data || {}).forEach(function (key) {
        if (data[key] !== undefined && data[key] !== null && data[key] !== "") { params.append(key, data[key]); }
      });
      var query = params.toString();
      if (query) { url += (url.indexOf("?") >= 0 ? "&" : "?") + query; }
    } else {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrfToken();
      options.body = JSON.stringify(data || {});
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.ok && body) { return body; }
        var error = (body && body.error) || {};
        /* The error contract's fields, and the parts some handlers draw for it (answer: "fragment"). */
        return Promise.reject(Object.assign({}, error, {
          code: error.code || "http_" + response.status,
          message: error.message || strings.network,
          status: response.status
        }));
      });
    }, function () {
      return Promise.reject({code: "network", message: strings.network, status: 0});
    });
  }

  /* The time of a save in the block's language (not the browser's), as cap_xblock/dates.py writes it; every
   * date a person reads is written by the server (decisions 21 and 23). */
  var blockLang = ((root.querySelector("[lang]") || root.closest("[lang]") || document.documentElement).lang) || "fr";
  function time(d) {
    var options = {hour: "numeric", minute: "2-digit", second: "2-digit"};
    try { return new Intl.DateTimeFormat(blockLang, options).format(d || new Date()); } catch (e) { return new Intl.DateTimeFormat(undefined, options).format(d || new Date()); }
  }
  /* A random token naming one form submission (the server's idempotency key). */
  function submissionKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* POST one submission of `form` to handler `name`. Its `button` (the form's submit button by default)
   * shows the action is under way: disabled, aria-busy, « Envoi… ». The request carries `submission_id`:
   * the same for a retry of this submission after a failure (the first attempt may have reached the
   * server), a new one after a success. A press while it is under way does nothing. Nothing typed is
   * cleared: the button comes back as it was when the answer arrives. */
  function submit(form, name, data, button) {
    button = button || form.querySelector('[type="submit"]');
    if (form.capSending) { return new Promise(function () { return null; }); }
    form.capSending = true;
    form.capKey = form.capKey || submissionKey();
    var label = button ? button.textContent : "";
    form.setAttribute("aria-busy", "true");
    if (button) {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      button.textContent = strings.sending;
    }
    function over() {
      form.capSending = false;
      form.removeAttribute("aria-busy");
      if (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
        button.textContent = label;
      }
    }
    return request(name, Object.assign({}, data, {submission_id: form.capKey})).then(function (body) {
      form.capKey = null;
      over();
      return body;
    }, function (error) {
      over();
      return Promise.reject(error);
    });
  }

  function say(message) {
    if (!live) { return; }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  /* Show an error next to where the person acted (a form or a row), and
   * in the live region for screen readers. Keeps whatever they typed. */
  function fail(place, error) {
    var message = (error && error.message) || strings.network;
    var box = place && place.querySelector(":scope > .cap-error");
    if (place && !box) {
      box = document.createElement("p");
      box.className = "cap-error";
      box.setAttribute("role", "alert");
      place.appendChild(box);
    }
    if (box) { box.textContent = message; } else { say(message); }
    return error;
  }

  function clear(place) {
    var box = place && place.querySelector(":scope > .cap-error");
    if (box) { box.remove(); }
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  var ctx = {root: root, runtime: runtime, init: init, strings: strings, request: request, submit: submit, submissionKey: submissionKey,
             say: say, fail: fail, time: time,
             clear: clear, format: format, el: el};
  if (window.CapManage && root.querySelector("[data-manage]")) { window.CapManage(ctx); }

  /* Sections: each capability's script registers CapSections[key] = function (ctx, sectionElement).
   * Sections not in the first render (data-lazy) arrive when the person opens them. */
  var loadedScripts = {};

  function loadScript(url) {
    if (loadedScripts[url]) { return loadedScripts[url]; }
    loadedScripts[url] = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { delete loadedScripts[url]; reject({code: "network", message: strings.network}); };
      document.head.appendChild(script);
    });
    return loadedScripts[url];
  }

  function startSection(section) {
    var starter = (window.CapSections || {})[section.getAttribute("data-section")];
    if (starter && !section.capStarted) { section.capStarted = true; starter(ctx, section); }
  }

  function toggleButton(key, section, opened) {
    var title = section.getAttribute("aria-label");
    var button = el("button", {type: "button", "class": opened ? "cap-button cap-small cap-close" : "cap-button",
                               text: format(opened ? strings.close_section : strings.open_section, {title: title})});
    button.setAttribute(opened ? "data-close-section" : "data-open-section", key);
    return button;
  }

  function openSection(section, focus) {
    var key = section.getAttribute("data-section");
    section.setAttribute("aria-busy", "true");
    return request("section_view", {key: key}, "GET").then(function (data) {
      Object.keys(data.strings || {}).forEach(function (name) { strings[name] = data.strings[name]; });
      return data.scripts.reduce(function (done, url) {
        return done.then(function () { return loadScript(url); });
      }, Promise.resolve()).then(function () { return data; });
    }).then(function (data) {
      section.textContent = "";
      section.appendChild(toggleButton(key, section, true));
      section.insertAdjacentHTML("beforeend", data.html);
      section.removeAttribute("data-lazy");
      section.removeAttribute("aria-busy");
      section.capStarted = false;
      startSection(section);
      root.dispatchEvent(new CustomEvent("cap:section-opened", {detail: {key: key}}));
      var heading = section.querySelector("h3");
      if (focus && heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      request("section_state", {key: key, open: true}).catch(function () { return null; });
    }, function (error) {
      section.removeAttribute("aria-busy");
      fail(section, error);
    });
  }

  function closeSection(section) {
    var key = section.getAttribute("data-section");
    var button = toggleButton(key, section, false);
    section.textContent = "";
    section.appendChild(el("h3", {"class": "cap-section-title", text: section.getAttribute("aria-label")}));
    section.appendChild(button);
    section.setAttribute("data-lazy", "");
    section.capStarted = false;
    button.focus();
    request("section_state", {key: key, open: false}).catch(function () { return null; });
  }

  root.addEventListener("click", function (event) {
    var target = event.target.closest("[data-open-section], [data-close-section], .cap-nav a, a[data-go-section]");
    if (!target || !root.contains(target)) { return; }
    var section;
    if (target.tagName === "A") {
      section = root.querySelector(target.getAttribute("href"));
      if (!section || !section.hasAttribute("data-lazy")) { return; }
      event.preventDefault();
      section.scrollIntoView();
      openSection(section, true);
    } else if (target.hasAttribute("data-open-section")) {
      openSection(target.closest("[data-section]"), true);
    } else {
      closeSection(target.closest("[data-section]"));
    }
  });

  root.querySelectorAll("[data-section]:not([data-lazy])").forEach(startSection);
  ctx.openSection = openSection;
  return ctx;
}

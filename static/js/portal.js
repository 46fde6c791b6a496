/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  // Idle-session warning: show a countdown before the server signs the session out, and let
  // "I'm still here" keep it alive without leaving the page.
  function setupIdleWarning() {
    var body = document.body;
    var timeout = parseInt(body.getAttribute("data-idle-timeout"), 10);
    var warnBefore = parseInt(body.getAttribute("data-idle-warning"), 10);
    var box = document.getElementById("idle-warning");
    if (!timeout || !box) { return; }
    var countdown = document.getElementById("idle-countdown");
    var form = box.querySelector("form");
    var deadline, warnTimer, tickTimer, returnFocus = null;

    function format(seconds) {
      var m = Math.floor(seconds / 60), s = seconds % 60;
      return m + ":" + (s < 10 ? "0" : "") + s;
    }
    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      countdown.textContent = format(left);
      if (left <= 0) {
        window.location.href = body.getAttribute("data-expired-url");
      }
    }
    function showWarning() {
      // Where the keyboard was: "Ik ben er nog" brings the focus back there, not to the top of the page.
      var active = document.activeElement;
      returnFocus = active && active !== document.body && !box.contains(active) ? active : null;
      box.hidden = false;
      tick();
      tickTimer = window.setInterval(tick, 1000);
      document.getElementById("idle-stay").focus();
    }
    function restoreFocus() {
      var target = returnFocus && document.body.contains(returnFocus) ? returnFocus : document.getElementById("main");
      returnFocus = null;
      if (target) { target.focus(); }
    }
    function restart() {
      window.clearTimeout(warnTimer);
      window.clearInterval(tickTimer);
      box.hidden = true;
      deadline = Date.now() + timeout * 1000;
      warnTimer = window.setTimeout(showWarning, Math.max(0, (timeout - warnBefore) * 1000));
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      fetch(body.getAttribute("data-keepalive-url"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        if (response.ok) { restart(); restoreFocus(); } else { window.location.href = body.getAttribute("data-expired-url"); }
      });
    });
    restart();
  }

  // Error summaries take focus so screen-reader and keyboard users hear what went wrong.
  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupIdleWarning();
    focusErrorSummary();
  });
})();

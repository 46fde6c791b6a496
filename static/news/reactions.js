/* Emoji reactions without a reload. Without JavaScript the form posts and the page comes back with a
   message; with it, fetch sends the same form, the count updates, and the polite status line says what
   happened (it never takes focus). localStorage only remembers which emoji this browser chose today (shown, not sent). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-reactions]");
  if (!form || !window.fetch) { return; }
  var status = document.querySelector("[data-reactions-status]");
  var busy = false;
  var storageKey = "news-reactions:" + form.getAttribute("action") + ":" + new Date().toISOString().slice(0, 10);

  function pressed() {
    try { return JSON.parse(window.localStorage.getItem(storageKey) || "[]"); } catch (e) { return []; }
  }
  function remember(key) {
    try {
      var keys = pressed();
      if (keys.indexOf(key) === -1) { keys.push(key); }
      window.localStorage.setItem(storageKey, JSON.stringify(keys));
    } catch (e) { /* private mode: nothing to remember */ }
  }
  function markPressed() {
    var keys = pressed();
    form.querySelectorAll("button[data-reaction]").forEach(function (button) {
      button.classList.toggle("is-chosen", keys.indexOf(button.value) !== -1);
    });
  }
  function say(text) {
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  markPressed();
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.value) { return; }
    event.preventDefault();
    if (busy) { return; }  /* not disabled: a disabled button would lose the keyboard focus */
    busy = true;
    var data = new FormData(form);
    data.set("emoji", button.value);
    fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") || ""}
    }).then(function (response) {
      return response.json().catch(function () { return {message: ""}; });
    }).then(function (result) {
      if (typeof result.count === "number") {
        var count = button.querySelector("[data-count]");
        if (count) { count.textContent = String(result.count); }
      }
      if (result.outcome === "counted" || result.outcome === "already") { remember(button.value); markPressed(); }
      say(result.message || form.getAttribute("data-error") || "");
    }).catch(function () {
      /* the network failed: fall back to the plain form (submit() does not send the clicked button) */
      var field = document.createElement("input");
      field.type = "hidden"; field.name = "emoji"; field.value = button.value;
      form.appendChild(field);
      form.submit();
    }).then(function () { busy = false; });
  });
}());

/* "Mijn aanvragen" detail page: follow the status without reloading (progressive enhancement).
   Without JavaScript the page has a "Vernieuwen" link; with it, we ask the status endpoint every
   5 seconds while the request is not final and update the aria-live region (politely). */
(function () {
  "use strict";
  var region = document.getElementById("request-status");
  if (!region || !window.fetch) { return; }
  var url = region.getAttribute("data-status-url");
  var label = region.querySelector("[data-status-label]");
  var list = region.querySelector("[data-status-history]");
  var current = region.getAttribute("data-status");
  var INTERVAL = 5000;
  var timer = null;
  // Each poll counts as activity for the idle-session check: stop before the idle warning would show,
  // so that polling never keeps a forgotten session on a shared computer alive.
  var idle = parseInt(document.body.getAttribute("data-idle-timeout"), 10) || 900;
  var warn = parseInt(document.body.getAttribute("data-idle-warning"), 10) || 120;
  var stopAt = Date.now() + Math.max(0, idle - warn - 10) * 1000;

  function renderHistory(history) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    history.forEach(function (row) {
      var item = document.createElement("li");
      var time = document.createElement("time");
      time.setAttribute("datetime", row.at);
      time.textContent = row.at_display;
      item.appendChild(time);
      item.appendChild(document.createTextNode(": " + row.label));
      if (row.note) {
        item.appendChild(document.createElement("br"));
        var note = document.createElement("span");
        note.className = "status-note";
        note.textContent = row.note;
        item.appendChild(note);
      }
      list.appendChild(item);
    });
  }

  // Ready: the same link to the document in the mailbox that the page shows after a reload.
  function showDocument(data) {
    var expected = region.querySelector("[data-expected]");
    if (expected && data.status !== "issuing" && data.status !== "awaiting_approval") { expected.remove(); }
    if (!data.document_url || region.querySelector("[data-document-link]")) { return; }
    var paragraph = document.createElement("p");
    paragraph.className = "request-document";
    var link = document.createElement("a");
    link.className = "button";
    link.setAttribute("data-document-link", "");
    link.href = data.document_url;
    link.textContent = data.document_label;
    paragraph.appendChild(link);
    label.parentNode.parentNode.insertBefore(paragraph, label.parentNode.nextSibling);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) {
        if (data.status !== current) {
          current = data.status;
          region.setAttribute("data-status", current);
          label.textContent = data.label;
          renderHistory(data.history);
          showDocument(data);
        }
        if (data.final) {
          region.setAttribute("data-final", "true");
          return;  // nothing will change any more
        }
        if (Date.now() + INTERVAL < stopAt) { timer = window.setTimeout(poll, INTERVAL); }
      })
      .catch(function () {
        // Signed out or offline: stop quietly; the "Vernieuwen" link still works.
        timer = null;
      });
  }

  if (region.getAttribute("data-final") !== "true") {
    timer = window.setTimeout(poll, INTERVAL);
  }
}());

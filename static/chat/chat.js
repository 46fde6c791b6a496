/* The chat, enhanced. Every chat page works without this file (a form that posts, a link that fetches new
   messages); with it:
   - the chat button on every page opens a non-modal panel with the chat (Esc closes it and gives the focus
     back to the button; no focus trap; full screen on small screens, where moving the focus out of the
     panel closes it so nothing focused hides behind it);
   - messages are sent without a reload and the focus stays in the text box; a refused message stays there;
   - new messages arrive by Server-Sent Events, or by polling when the stream cannot be used;
   - one polite live region (#chat-status, in the page from the start) announces new incoming messages
     only; they never take the focus.
   The same code runs the agent's conversation page (data-incoming="in"). */
(function () {
  "use strict";
  if (window.thuisloketChat) { return; }
  window.thuisloketChat = true;

  var SMALL_SCREEN = window.matchMedia ? window.matchMedia("(max-width: 41.6875rem)") : null;

  function announcer() { return document.getElementById("chat-status"); }

  function announce(texts) {
    var region = announcer();
    if (!region || !texts.length) { return; }
    region.textContent = "";
    // A short pause, so the same words twice in a row are still read out.
    window.setTimeout(function () { region.textContent = texts.join(" "); }, 150);
  }

  function parseItems(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return Array.prototype.slice.call(template.content.querySelectorAll("li[data-message-id]"));
  }

  /* ------------------------------------------------------------------ one chat (page, panel or agent) */
  function Chat(root, options) {
    this.root = root;
    this.options = options || {};
    this.list = root.querySelector("[data-chat-messages]");
    this.form = root.querySelector("[data-chat-form]");
    this.textarea = this.form ? this.form.querySelector("textarea") : null;
    this.errors = root.querySelector("[data-chat-errors]");
    this.afterInput = root.querySelector("[data-chat-after]");
    this.lastId = parseInt(root.getAttribute("data-last-id"), 10) || 0;
    this.incoming = root.getAttribute("data-incoming") || "out";
    this.streamUrl = root.getAttribute("data-stream-url");
    this.pollUrl = root.getAttribute("data-poll-url");
    this.pollSeconds = parseInt(root.getAttribute("data-poll-seconds"), 10) || 4;
    this.source = null;
    this.pollTimer = null;
    this.stopped = false;
    this.sending = false;
    if (this.form) { this.form.addEventListener("submit", this.onSubmit.bind(this)); }
    this.listen();
  }

  Chat.prototype.pollBase = function () {
    // data-poll-url ends in ".../sinds/0/": the last id replaces the 0.
    return this.pollUrl ? this.pollUrl.replace(/0\/$/, "") : null;
  };

  Chat.prototype.setLastId = function (id) {
    if (id > this.lastId) {
      this.lastId = id;
      if (this.afterInput) { this.afterInput.value = String(id); }
    }
  };

  /* Add list items that are not there yet; announce the incoming ones. Returns how many were new. */
  Chat.prototype.add = function (html) {
    if (!this.list) { return 0; }
    var self = this, texts = [], added = 0;
    var scroller = this.options.scroller;
    var atBottom = scroller ? scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80 : false;
    parseItems(html).forEach(function (item) {
      var id = parseInt(item.getAttribute("data-message-id"), 10);
      if (self.list.querySelector('li[data-message-id="' + id + '"]')) { self.setLastId(id); return; }
      self.list.appendChild(document.importNode(item, true));
      self.setLastId(id);
      added += 1;
      if (item.getAttribute("data-direction") === self.incoming && item.getAttribute("data-announce")) {
        texts.push(item.getAttribute("data-announce"));
      }
    });
    if (scroller && atBottom) { scroller.scrollTop = scroller.scrollHeight; }
    if (texts.length) {
      announce(texts);
      if (this.options.onIncoming) { this.options.onIncoming(texts.length); }
    }
    return added;
  };

  Chat.prototype.showErrors = function (html) {
    if (!this.errors) { return; }
    this.errors.innerHTML = html;
    if (this.textarea) {
      this.textarea.setAttribute("aria-invalid", "true");
      this.textarea.setAttribute("aria-describedby", this.errorId());
      this.errors.id = this.errorId();
    }
  };

  Chat.prototype.errorId = function () { return (this.textarea ? this.textarea.id : "chat") + "-send-error"; };

  Chat.prototype.clearErrors = function () {
    if (this.errors) { this.errors.innerHTML = ""; }
    if (this.textarea) {
      this.textarea.removeAttribute("aria-invalid");
      var described = (this.textarea.getAttribute("aria-describedby") || "").replace(this.errorId(), "").trim();
      if (described) { this.textarea.setAttribute("aria-describedby", described); }
      else { this.textarea.removeAttribute("aria-describedby"); }
    }
  };

  Chat.prototype.onSubmit = function (event) {
    // "Gebruik het standaardantwoord" (agents) goes to the server without JavaScript's help.
    if (event.submitter && event.submitter.name === "use_canned") { return; }
    if (!window.fetch || !window.FormData) { return; }
    event.preventDefault();
    if (this.sending) { return; }
    var self = this, form = this.form;
    var data = new FormData(form);
    data.set("after", String(this.lastId));
    this.sending = true;
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                         headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.text().then(function (html) { return { response: response, html: html }; });
      })
      .then(function (result) {
        var response = result.response;
        if (!response.headers.get("X-Chat-Fragment")) {
          // Not the chat answering (a sign-in page, say): let the browser post the form itself.
          self.sending = false;
          form.submit();
          return;
        }
        if (response.ok && response.headers.get("X-Chat-Replace")) {
          self.replace(result.html);
          return;
        }
        if (response.ok) {
          self.add(result.html);
          self.clearErrors();
          if (self.textarea) { self.textarea.value = ""; }
          var canned = form.querySelector('select[name="canned"]');
          if (canned) { canned.value = ""; }
        } else {
          self.showErrors(result.html);
        }
        if (self.textarea) { self.textarea.focus(); }
      })
      .catch(function () {
        var message = document.createElement("p");
        message.className = "error-message";
        message.setAttribute("role", "alert");
        message.textContent = form.getAttribute("data-network-error") || "";
        if (self.errors) { self.errors.innerHTML = ""; self.errors.appendChild(message); }
        if (self.textarea) { self.textarea.focus(); }
      })
      .then(function () { self.sending = false; });
  };

  /* The first message started a conversation: the server sent the whole chat; put it in place of this one. */
  Chat.prototype.replace = function (html) {
    this.stop();
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.querySelector("[data-chat]");
    if (!fresh) { window.location.reload(); return; }
    this.root.parentNode.replaceChild(fresh, this.root);
    var chat = new Chat(fresh, this.options);
    if (this.options.onReplace) { this.options.onReplace(chat); }
    if (chat.textarea) { chat.textarea.focus(); }
  };

  Chat.prototype.stop = function () {
    this.stopped = true;
    if (this.source) { this.source.close(); this.source = null; }
    if (this.pollTimer) { window.clearTimeout(this.pollTimer); this.pollTimer = null; }
  };

  /* Server-Sent Events first; polling when they fail (no EventSource, a proxy that buffers, no ASGI). */
  Chat.prototype.listen = function () {
    if (!this.list || (!this.streamUrl && !this.pollUrl)) { return; }
    if (!this.streamUrl || !window.EventSource) { this.startPolling(); return; }
    var self = this, opened = false, failures = 0;
    var source = new EventSource(this.streamUrl + "?after=" + this.lastId);
    this.source = source;
    var watchdog = window.setTimeout(function () {
      if (!opened) { self.fallBack(); }
    }, 6000);
    source.addEventListener("open", function () { opened = true; failures = 0; window.clearTimeout(watchdog); });
    source.addEventListener("message", function (event) {
      try { self.add(JSON.parse(event.data).html); } catch (error) { /* a broken event: the next poll or event */ }
    });
    source.addEventListener("error", function () {
      // The stream ends by design after a minute and the browser reconnects; give up only when that fails.
      failures += 1;
      if (source.readyState === EventSource.CLOSED || failures >= 3) { window.clearTimeout(watchdog); self.fallBack(); }
    });
  };

  Chat.prototype.fallBack = function () {
    if (this.source) { this.source.close(); this.source = null; }
    if (!this.stopped) { this.startPolling(); }
  };

  Chat.prototype.startPolling = function () {
    var self = this, base = this.pollBase();
    if (!base || this.stopped) { return; }
    function schedule() {
      if (!self.stopped) { self.pollTimer = window.setTimeout(poll, self.pollSeconds * 1000); }
    }
    function poll() {
      if (self.stopped) { return; }
      if (document.visibilityState && document.visibilityState !== "visible") { schedule(); return; }
      fetch(base + self.lastId + "/", { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.headers.get("X-Chat-Fragment") || response.status === 404) { self.stop(); return null; }
          return response.status === 200 ? response.text() : null;
        })
        .then(function (html) { if (html) { self.add(html); } })
        .catch(function () { /* offline for a moment: try again at the next turn */ })
        .then(schedule);
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && !self.stopped && self.pollTimer) {
        window.clearTimeout(self.pollTimer);
        poll();
      }
    });
    schedule();
  };

  /* ------------------------------------------------------------------ the chat button and its panel */
  function Launcher(root) {
    this.root = root;
    this.link = root.querySelector("[data-chat-link]");
    this.button = root.querySelector("[data-chat-toggle]");
    this.panel = document.getElementById(this.button.getAttribute("aria-controls"));
    this.body = this.panel.querySelector("[data-chat-panel-body]");
    this.title = this.panel.querySelector("#chat-panel-title");
    this.unread = root.querySelector("[data-chat-unread]");
    this.url = root.getAttribute("data-panel-url");
    this.loaded = false;
    this.chat = null;
    this.unreadCount = 0;
    this.link.hidden = true;
    this.button.hidden = false;
    this.button.addEventListener("click", this.toggle.bind(this));
    this.panel.querySelector("[data-chat-close]").addEventListener("click", this.close.bind(this, true));
    document.addEventListener("keydown", this.onKey.bind(this));
    document.addEventListener("focusin", this.onFocus.bind(this));
  }

  Launcher.prototype.isOpen = function () { return !this.panel.hidden; };

  Launcher.prototype.toggle = function () { if (this.isOpen()) { this.close(true); } else { this.open(); } };

  Launcher.prototype.focusInside = function () {
    var box = this.panel.querySelector("[data-chat-form] textarea");
    (box || this.title).focus();
  };

  Launcher.prototype.open = function () {
    var self = this;
    this.panel.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    document.documentElement.classList.add("chat-panel-open");
    this.setUnread(0);
    if (this.loaded) { this.focusInside(); return; }
    fetch(this.url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok || !response.headers.get("X-Chat-Fragment")) { throw new Error("no chat"); }
        return response.text();
      })
      .then(function (html) {
        self.body.innerHTML = html;
        self.loaded = true;
        var root = self.body.querySelector("[data-chat]");
        if (root) { self.start(root); }
        self.focusInside();
      })
      .catch(function () { window.location.href = self.link.href; });  // the chat page always works
  };

  Launcher.prototype.start = function (root) {
    var self = this;
    this.chat = new Chat(root, {
      scroller: this.body,
      onIncoming: function (count) { if (!self.isOpen()) { self.setUnread(self.unreadCount + count); } },
      onReplace: function (chat) { self.chat = chat; }
    });
  };

  Launcher.prototype.setUnread = function (count) {
    this.unreadCount = count;
    if (!this.unread) { return; }
    this.unread.hidden = count === 0;
    this.unread.textContent = count ? " (" + count + " " + (this.body.getAttribute("data-unread-text") || "") + ")" : "";
  };

  Launcher.prototype.close = function (returnFocus) {
    if (!this.isOpen()) { return; }
    this.panel.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    document.documentElement.classList.remove("chat-panel-open");
    if (returnFocus) { this.button.focus(); }
  };

  Launcher.prototype.onKey = function (event) {
    if (event.key !== "Escape" || !this.isOpen()) { return; }
    var active = document.activeElement;
    // From inside the panel (or its button) the focus goes back to the button; from the page it stays put.
    this.close(this.panel.contains(active) || active === this.button);
  };

  Launcher.prototype.onFocus = function (event) {
    // Full screen, the panel covers the page: focus that leaves it would be hidden, so the panel steps aside.
    if (!this.isOpen() || !SMALL_SCREEN || !SMALL_SCREEN.matches) { return; }
    if (this.panel.contains(event.target) || event.target === this.button) { return; }
    this.close(false);
  };

  /* ------------------------------------------------------------------ start */
  function init() {
    var launcher = document.querySelector("[data-chat-launcher][data-panel-url]");
    if (launcher && launcher.querySelector("[data-chat-toggle]")) { new Launcher(launcher); }
    Array.prototype.forEach.call(document.querySelectorAll("[data-chat]"), function (root) {
      if (!root.closest("[data-chat-panel-body]")) { new Chat(root); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-chat-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());

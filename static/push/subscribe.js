/* Web Push on /nieuws/volgen/: progressive enhancement of news/push/_subscribe.html.
   The browser asks for permission only after a click on a real button; the city receives only the
   subscription's opaque endpoint and keys, the chosen topics and the page language. */
(function () {
  "use strict";

  var root = document.querySelector("[data-push]");
  if (!root) { return; }
  var TOPICS_KEY = "thuisloket-push-topics";
  var noJs = root.querySelector("[data-push-nojs]");
  var controls = root.querySelector("[data-push-controls]");
  var statusBox = root.querySelector("[data-push-status]");
  var state = root.querySelector("[data-push-state]");
  var subscribeButton = root.querySelector("[data-push-subscribe]");
  var unsubscribeButton = root.querySelector("[data-push-unsubscribe]");
  var subscribeLabel = subscribeButton ? subscribeButton.textContent : "";
  var busy = false;

  function text(name) { return root.getAttribute("data-text-" + name) || ""; }

  // The one polite live region: only results of what the person did, never the state on page load.
  function say(message) {
    statusBox.textContent = "";
    statusBox.className = "";
    if (!message) { return; }
    window.setTimeout(function () {  // emptied first, so the same message is announced again
      statusBox.textContent = message;
      statusBox.className = "message";
    }, 50);
  }

  if (noJs) { noJs.hidden = true; }
  if (!controls || !root.getAttribute("data-public-key")) { return; }  // not configured: the page says so

  function isIos() {
    return /iPad|iPhone|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  }
  function isStandalone() {
    return window.navigator.standalone === true ||
      (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches);
  }
  var supported = window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window &&
    "Notification" in window;
  if (!supported) {
    say(isIos() && !isStandalone() ? text("ios") : text("unsupported"));
    return;
  }
  controls.hidden = false;

  function checkedTopics() {
    return Array.prototype.map.call(root.querySelectorAll("input[name=push-topics]:checked"),
      function (input) { return input.value; });
  }
  function restoreTopics() {
    var saved;
    try { saved = JSON.parse(window.localStorage.getItem(TOPICS_KEY) || "null"); } catch (error) { saved = null; }
    if (!Array.isArray(saved)) { return; }
    Array.prototype.forEach.call(root.querySelectorAll("input[name=push-topics]"), function (input) {
      input.checked = saved.indexOf(input.value) !== -1;
    });
  }
  function rememberTopics(topics) {
    try {
      if (topics) { window.localStorage.setItem(TOPICS_KEY, JSON.stringify(topics)); }
      else { window.localStorage.removeItem(TOPICS_KEY); }
    } catch (error) { /* private mode: the choice is simply not remembered */ }
  }

  function render(subscribed) {
    state.textContent = subscribed ? text("state-on") : text("state-off");
    subscribeButton.textContent = subscribed ? text("save") : subscribeLabel;
    unsubscribeButton.hidden = !subscribed;
    if (Notification.permission === "denied") {
      state.textContent = text("denied");
    }
  }
  function setBusy(value) {
    busy = value;
    subscribeButton.setAttribute("aria-disabled", value ? "true" : "false");
    unsubscribeButton.setAttribute("aria-disabled", value ? "true" : "false");
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }
  function sameKey(buffer, bytes) {
    if (!buffer) { return true; }  // the browser does not tell: assume it is ours
    var view = new Uint8Array(buffer);
    if (view.length !== bytes.length) { return false; }
    for (var i = 0; i < view.length; i += 1) { if (view[i] !== bytes[i]) { return false; } }
    return true;
  }

  function registration() {
    return navigator.serviceWorker.getRegistration(root.getAttribute("data-scope"));
  }
  function activeRegistration() {
    return navigator.serviceWorker.register(root.getAttribute("data-worker-url"),
      { scope: root.getAttribute("data-scope") }).then(function (reg) {
      if (reg.active) { return reg; }
      var worker = reg.installing || reg.waiting;
      return new Promise(function (resolve, reject) {
        var timer = window.setTimeout(function () { reject(new Error("service worker did not activate")); }, 15000);
        worker.addEventListener("statechange", function () {
          if (worker.state === "activated") { window.clearTimeout(timer); resolve(reg); }
          if (worker.state === "redundant") { window.clearTimeout(timer); reject(new Error("service worker failed")); }
        });
      });
    });
  }

  function post(url, body) {
    var token = root.querySelector("input[name=csrfmiddlewaretoken]");
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.error || text("error"));
          error.shown = true;  // the server's message, already translated
          throw error;
        }
        return data;
      });
    });
  }

  function requestPermission() {
    // Older Safari takes a callback instead of returning a promise.
    return new Promise(function (resolve) {
      var result = Notification.requestPermission(resolve);
      if (result && typeof result.then === "function") { result.then(resolve); }
    });
  }

  subscribeButton.addEventListener("click", function () {
    if (busy) { return; }
    var topics = checkedTopics();
    if (!topics.length) {
      say(text("no-topic"));
      root.querySelector("input[name=push-topics]").focus();
      return;
    }
    var wasSubscribed = !unsubscribeButton.hidden;
    var key = keyBytes(root.getAttribute("data-public-key"));
    setBusy(true);
    say(text("working"));
    requestPermission().then(function (permission) {  // first, while the click still counts as a user gesture
      if (permission !== "granted") {
        var error = new Error(permission === "denied" ? text("denied") : text("dismissed"));
        error.shown = true;
        throw error;
      }
      return activeRegistration();
    }).then(function (reg) {
      return reg.pushManager.getSubscription().then(function (existing) {
        if (existing && !sameKey(existing.options && existing.options.applicationServerKey, key)) {
          return existing.unsubscribe().then(function () { return null; });  // the city changed its key
        }
        return existing;
      }).then(function (existing) {
        return existing || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      });
    }).then(function (subscription) {
      return post(root.getAttribute("data-subscribe-url"), {
        subscription: subscription.toJSON(),
        topics: topics,
        language: document.documentElement.lang || "nl"
      });
    }).then(function () {
      rememberTopics(topics);
      render(true);
      say(wasSubscribed ? text("updated") : text("subscribed"));
    }).catch(function (error) {
      render(wasSubscribed);
      if (error && error.shown) { say(error.message); }
      else if (error && error.name === "NotAllowedError") { say(text("denied")); }
      else { say(text("error")); }
    }).then(function () { setBusy(false); });
  });

  unsubscribeButton.addEventListener("click", function () {
    if (busy) { return; }
    setBusy(true);
    say(text("working"));
    registration().then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (!subscription) { return null; }
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post(root.getAttribute("data-unsubscribe-url"), { endpoint: endpoint });
      });
    }).then(function () {
      rememberTopics(null);
      render(false);
      say(text("unsubscribed"));
      subscribeButton.focus();  // the button that had focus is now hidden
    }).catch(function () {
      say(text("error"));
    }).then(function () { setBusy(false); });
  });

  restoreTopics();
  registration().then(function (reg) {
    return reg ? reg.pushManager.getSubscription() : null;
  }).then(function (subscription) {
    render(Boolean(subscription));
  }).catch(function () { render(false); });
}());

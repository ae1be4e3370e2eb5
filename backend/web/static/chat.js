/*
 * The customer web chat: renders the conversation and talks to the server.
 *
 * Transport: the WebSocket /chat/ws when it is open, else POST /chat/events (same frames).
 * Every frame carries a client id, and the server answers an id only once, so a frame whose
 * answer was lost with a dropped socket is simply sent again. The page keeps a copy of what the
 * server has stored ("committed"); when a fresh history frame disagrees with it, the page
 * renders the history instead. Text from the server is always inserted as text, never as HTML.
 */
(function () {
  "use strict";

  var S = JSON.parse(document.getElementById("strings").textContent);
  var app = document.getElementById("app");
  var CSRF = app.dataset.csrf;
  var LOCALE = app.dataset.locale;
  var COMPANY = app.dataset.company;
  var MAX_MB = Number(app.dataset.maxMb) || 20;
  var MAX_FILES = 10;
  var COMMANDS = ["start", "claim", "warranty", "status", "transport", "human", "language",
    "cancel", "help"];
  var FILE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif",
    "video/mp4", "video/quicktime", "application/pdf"];
  var FILE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "heic", "heif", "mp4", "mov", "pdf"];
  var REPLY_TIMEOUT_MS = 30000;
  var BACK_TO_BOT = "g.unescalate";  // the button of a conversation handed to a person
  var TIME = new Intl.DateTimeFormat(LOCALE, { hour: "2-digit", minute: "2-digit" });
  var DAY_AND_TIME = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short" });

  var ui = {
    messages: document.getElementById("messages"),
    status: document.getElementById("status"),
    banner: document.getElementById("banner"),
    composer: document.getElementById("composer"),
    input: document.getElementById("message-input"),
    attach: document.getElementById("attach"),
    files: document.getElementById("file-input"),
    hint: document.getElementById("hint"),
    drop: document.getElementById("drop-zone"),
    staff: document.getElementById("staff-state"),
  };

  var state = {
    committed: [],          // what the server has stored, in its history format
    labels: new Map(),      // button payload -> label, to show which option was chosen
    pending: new Map(),     // client id -> bubble of a frame without an answer yet
    waiters: new Map(),     // client id -> {resolve, reject, timer} of frames sent on the socket
    inFlight: 0,
    resyncWanted: false,
    ready: false,
    beforeReady: [],        // actions taken before the first history arrived
    socket: null,
    socketOpen: false,
    socketHistorySeen: false,
    earlyNotifications: [],
    attempts: 0,
    reconnectTimer: null,
    fatal: false,
    keyboard: false,
    loadingHistory: false,
    needStart: false,
  };

  /* ---------- small helpers ---------- */

  function fill(template, params) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : match;
    });
  }

  function newId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return "m" + Array.prototype.map.call(bytes, function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function delay(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function backoff(attempt) {
    var base = Math.min(30000, 500 * Math.pow(2, attempt));
    return base / 2 + Math.random() * base / 2;
  }

  /**
   * A frame that did not get through: `fatal` when sending it again cannot help, `expired`
   * when the server no longer knows the visitor (the page must be reloaded).
   */
  class TransportError extends Error {
    constructor(message, fatal, expired) {
      super(message);
      this.fatal = !!fatal || !!expired;
      this.expired = !!expired;
    }
  }

  function isScreenButton(payload) {
    // Payloads "<screen>.<value>" belong to one step; others (global ones) stay valid.
    return /^\d+\./.test(payload);
  }

  /* ---------- status and notices ---------- */

  function setStatus(text, online) {
    ui.status.textContent = text;
    ui.status.classList.toggle("online", !!online);
  }

  function showBanner(text, kind) {
    ui.banner.textContent = text;
    ui.banner.className = "banner " + (kind || "");
    ui.banner.hidden = false;
  }

  function hideBanner() {
    if (!state.fatal) ui.banner.hidden = true;
  }

  function goneFatal() {
    state.fatal = true;
    showBanner(S.reload, "error");
  }

  function notice(text) {
    var item = element("div", "msg system");
    item.appendChild(element("p", "notice", text));
    append(item, true);
  }

  /* ---------- rendering ---------- */

  function nearBottom() {
    var list = ui.messages;
    return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  }

  function append(node, follow) {
    var stick = follow || nearBottom();
    ui.messages.appendChild(node);
    if (stick) ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function rememberLabels(buttons) {
    (buttons || []).forEach(function (row) {
      row.forEach(function (button) { state.labels.set(button.payload, button.label); });
    });
  }

  function renderButtons(rows) {
    var group = element("div", "choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", S.options);
    rows.forEach(function (row) {
      var line = element("div", "choice-row");
      row.forEach(function (button) {
        var node = element("button", "choice", button.label);
        node.type = "button";
        node.dataset.payload = button.payload;
        line.appendChild(node);
      });
      group.appendChild(line);
    });
    rovingFocus(group);
    return group;
  }

  // One Tab stop per group of options; the arrow keys (and Home, End) move between them in
  // reading order. The stop moves to the first option still enabled when others are retired.
  function rovingFocus(group) {
    function options() {
      return Array.prototype.filter.call(group.querySelectorAll("button.choice"), function (b) {
        return !b.disabled;
      });
    }
    function settle(list, index) {
      list.forEach(function (b, i) { b.tabIndex = i === index ? 0 : -1; });
    }
    function reset() {
      var list = options();
      var current = list.findIndex(function (b) { return b.tabIndex === 0; });
      settle(list, current < 0 ? 0 : current);
    }
    var steps = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    group.addEventListener("keydown", function (event) {
      var list = options();
      var at = list.indexOf(document.activeElement);
      if (at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      var next = event.key === "Home" ? 0 : event.key === "End" ? list.length - 1
        : event.key in steps ? (at + steps[event.key] + list.length) % list.length : -1;
      if (next < 0) return;
      event.preventDefault();
      settle(list, next);
      list[next].focus();
    });
    new MutationObserver(reset).observe(group, {
      subtree: true, attributes: true, attributeFilter: ["disabled"],
    });
    reset();
  }

  /* ---------- who wrote a message, and when ---------- */

  function authorOf(payload) {
    if (payload.author) return payload.author;  // a person, by the name they give customers
    if (payload.type === "notification" && payload.kind === "staff_reply") return S.staff;
    return COMPANY;
  }

  function renderMeta(author, at) {
    var meta = element("p", "meta");
    if (author) meta.appendChild(element("span", "author", author));
    var when = at ? new Date(at) : null;
    if (when && !isNaN(when.getTime())) {
      var stamp = element("time", "time", TIME.format(when));
      stamp.dateTime = when.toISOString();
      stamp.title = DAY_AND_TIME.format(when);
      meta.appendChild(stamp);
    }
    return meta;
  }

  function renderDetails(details) {
    var fold = element("details", "reasons");
    fold.appendChild(element("summary", "reasons-toggle", S.why));
    fold.appendChild(element("p", "reasons-text", details));
    return fold;
  }

  function renderOut(payload) {
    var item = element("div", "msg out" + (payload.type === "notification" ? " notification" : ""));
    if (payload.author || (payload.type === "notification" && payload.kind === "staff_reply")) {
      item.classList.add("by-person");
    }
    var bubble = element("div", "bubble");
    bubble.appendChild(renderMeta(authorOf(payload), payload.at));
    if (payload.type === "document") {
      var file = element("p", "document");
      file.appendChild(element("span", "document-icon", "📄"));
      file.appendChild(element("span", "visually-hidden", S.document + ": "));
      if (payload.url) {
        var link = element("a", "document-name", payload.filename || "");
        link.href = payload.url;
        link.setAttribute("download", payload.filename || "");
        file.appendChild(link);
      } else {
        file.appendChild(element("span", "document-name", payload.filename || ""));
      }
      bubble.appendChild(file);
      if (payload.caption) bubble.appendChild(element("p", "text", payload.caption));
    } else {
      bubble.appendChild(element("p", "text", payload.text || ""));
      if (payload.details) bubble.appendChild(renderDetails(payload.details));
    }
    item.appendChild(bubble);
    if (payload.buttons && payload.buttons.length) {
      rememberLabels(payload.buttons);
      item.appendChild(renderButtons(payload.buttons));
    }
    return item;
  }

  function describeIn(payload) {
    switch (payload.type) {
      case "text": return payload.text;
      case "choice": return state.labels.get(payload.payload) || S.optionChosen;
      // The page itself starts the conversation and switches its language: no bubble for those.
      case "command": return payload.name === "start" || payload.name === "language" ? null
        : "/" + payload.name;
      case "media": return "📎 " + fill(S.filesSent, { n: payload.count });
      case "contact": return "📞 " + S.contactShared;
      case "location": return "📍 " + S.locationShared;
      case "unsupported": return "📎 " + S.fileRejected;
      default: return null;
    }
  }

  function renderIn(text, at) {
    var item = element("div", "msg in");
    var bubble = element("div", "bubble");
    bubble.appendChild(element("span", "visually-hidden", S.you + " "));
    bubble.appendChild(element("p", "text", text));
    if (at) bubble.appendChild(renderMeta("", at));
    item.appendChild(bubble);
    return item;
  }

  function stampDelivered(bubble, at) {
    var inner = bubble && bubble.querySelector(".bubble");
    if (inner && at && !inner.querySelector(".meta")) inner.appendChild(renderMeta("", at));
  }

  function retireButtons(root) {
    var buttons = (root || ui.messages).querySelectorAll("button.choice");
    Array.prototype.forEach.call(buttons, function (button) {
      if (isScreenButton(button.dataset.payload)) {
        button.disabled = true;
        button.classList.add("stale");
      }
    });
  }

  /** Answered button groups fold into the choice made; unanswered old ones disappear. */
  function collapseAnswered(root) {
    var groups = (root || ui.messages).querySelectorAll(".choices");
    Array.prototype.forEach.call(groups, function (group) {
      var buttons = group.querySelectorAll("button.choice");
      var live = group.querySelectorAll("button.choice:not(.stale)");
      if (!buttons.length || live.length) return;
      group.classList.add(group.querySelector(".chosen") ? "answered" : "retired");
    });
  }

  function markChosen(payload) {
    var buttons = ui.messages.querySelectorAll("button.choice");
    for (var i = buttons.length - 1; i >= 0; i--) {
      if (buttons[i].dataset.payload === payload) {
        buttons[i].classList.add("chosen");
        return;
      }
    }
  }

  function lastRequest(payloads) {
    for (var i = payloads.length - 1; i >= 0; i--) {
      if (payloads[i].type === "say") return payloads[i].request || "none";
    }
    return "none";
  }

  function renderHistory(messages) {
    ui.messages.replaceChildren();
    state.committed = messages.slice();
    var lastIn = -1;
    messages.forEach(function (message, index) {
      if (message.direction === "in") lastIn = index;
    });
    messages.forEach(function (message, index) {
      var node;
      if (message.direction === "in") {
        var text = describeIn(message);
        node = text === null ? null : renderIn(text, message.at);
        if (message.type === "choice") markChosen(message.payload);
      } else {
        node = renderOut(message);
        if (index < lastIn) retireButtons(node);
      }
      if (node) ui.messages.appendChild(node);
    });
    state.pending.forEach(function (bubble) { if (bubble) ui.messages.appendChild(bubble); });
    collapseAnswered();
    applyRequest(lastRequest(messages.slice(lastIn + 1)));
    showStaffState();
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function renderReplies(replies) {
    retireButtons();
    collapseAnswered();
    var first = null;
    replies.forEach(function (reply) {
      var record = Object.assign({ direction: "out" }, reply);
      state.committed.push(record);
      var node = renderOut(record);
      ui.messages.appendChild(node);
      first = first || node;
    });
    if (first) reveal(first);
    applyRequest(lastRequest(replies));
    showStaffState();
  }

  /** A frame answered with nothing: what was shown before it is answered all the same, as the
   * history shows it after a reload; the stored history is checked once all is settled. */
  function quietAnswer() {
    retireButtons();
    collapseAnswered();
    state.resyncWanted = true;
  }

  /** Scroll to the newest message, but never past the start of `first`: a long answer is
   * read from its top (the verdict), not from its end. */
  function reveal(first) {
    var list = ui.messages;
    var start = list.scrollTop + first.getBoundingClientRect().top
      - list.getBoundingClientRect().top - 8;
    list.scrollTop = Math.max(0, Math.min(list.scrollHeight - list.clientHeight, start));
  }

  /* ---------- a person answering ---------- */

  function offersBackToBot(message) {
    return (message.buttons || []).some(function (row) {
      return row.some(function (button) { return button.payload === BACK_TO_BOT; });
    });
  }

  /** Whether the conversation is with a person now, and who answered last (from the log). */
  function staffState(messages) {
    var found = { waiting: false, author: null, wait: null };
    messages.forEach(function (m) {
      var staffReply = m.type === "notification" && m.kind === "staff_reply";
      if (m.direction === "out" && offersBackToBot(m)) {
        found = { waiting: true, author: null, wait: m.wait_minutes || null };
      } else if (staffReply && found.waiting) {
        found.author = m.author || S.staff;
      } else if (m.direction === "out" && !staffReply && m.type !== "notification") {
        found.waiting = false;  // the bot speaks again
      } else if (m.type === "notification" && m.kind === "escalation_closed") {
        found.waiting = false;
      } else if (m.direction === "in" && (m.payload === BACK_TO_BOT || m.type === "command")) {
        found.waiting = false;
      }
    });
    return found;
  }

  function showStaffState() {
    if (!ui.staff) return;
    var now = staffState(state.committed);
    var text = "";
    if (now.waiting && now.author) text = fill(S.personAnswering, { name: now.author });
    else if (now.waiting && now.wait) text = fill(S.personWillAnswerIn, { n: now.wait });
    else if (now.waiting) text = S.personWillAnswer;
    ui.staff.textContent = text;
    ui.staff.hidden = !text;
  }

  /* ---------- the composer ---------- */

  function applyRequest(request) {
    var phone = request === "phone";
    var media = request === "media";
    ui.input.inputMode = phone ? "tel" : "text";
    ui.input.setAttribute("autocomplete", phone ? "tel" : "off");
    ui.input.placeholder = phone ? S.phonePlaceholder : S.placeholder;
    ui.attach.classList.toggle("highlight", media);
    ui.composer.classList.toggle("phone", phone);
    var hint = phone ? S.phoneHint : media ? fill(S.mediaHint, { mb: MAX_MB }) : "";
    ui.hint.textContent = hint;
    ui.hint.hidden = !hint;
  }

  function resizeInput() {
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(ui.input.scrollHeight, 160) + "px";
  }

  function restoreFocus() {
    var active = document.activeElement;
    if (state.keyboard && (!active || active === document.body || active.disabled)) {
      ui.input.focus({ preventScroll: true });
    }
  }

  /* ---------- sending ---------- */

  function recordOf(frame, extra) {
    if (frame.type === "text") return { direction: "in", type: "text", text: frame.text };
    if (frame.type === "choice") return { direction: "in", type: "choice", payload: frame.payload };
    if (frame.type === "command") return { direction: "in", type: "command", name: frame.name };
    return Object.assign({ direction: "in" }, extra);
  }

  function pendingBubble(text) {
    var item = renderIn(text);
    item.classList.add("pending");
    var line = element("p", "delivery");
    line.appendChild(element("span", "delivery-text", S.sending));
    item.appendChild(line);
    return item;
  }

  function markDelivered(bubble) {
    if (!bubble) return;
    bubble.classList.remove("pending", "failed");
    var line = bubble.querySelector(".delivery");
    if (line) line.remove();
  }

  function markFailed(bubble, retry) {
    if (!bubble) return;
    bubble.classList.remove("pending");
    bubble.classList.add("failed");
    var line = bubble.querySelector(".delivery");
    line.replaceChildren(element("span", "delivery-text", S.notSent + " "));
    var again = element("button", "retry", S.retry);
    again.type = "button";
    again.addEventListener("click", function () {
      bubble.classList.remove("failed");
      bubble.classList.add("pending");
      line.replaceChildren(element("span", "delivery-text", S.sending));
      retry();
    });
    line.appendChild(again);
  }

  function whenReady(action) {
    if (state.ready) action();
    else state.beforeReady.push(action);
  }

  /** Send one frame and render its answer; `view` says how it looks while on its way. */
  function send(frame, view) {
    view = view || {};
    frame.id = frame.id || newId();
    var bubble = view.bubble || (view.text ? pendingBubble(view.text) : null);
    if (bubble && !view.bubble) append(bubble, true);
    state.pending.set(frame.id, bubble);
    state.inFlight += 1;
    return deliver(frame, view.preferHttp).then(function (replies) {
      state.pending.delete(frame.id);
      markDelivered(bubble);
      var at = replies.length ? replies[0].at : null;
      stampDelivered(bubble, at);
      state.committed.push(Object.assign(recordOf(frame, view.record), at ? { at: at } : {}));
      if (replies.length) renderReplies(replies);
      else quietAnswer();  // an answer given before, or nothing to say
      if (view.onDone) view.onDone();
      restoreFocus();
    }, function (error) {
      if (error.expired) goneFatal();
      if (view.onFail) view.onFail();
      markFailed(bubble, function () {
        state.pending.delete(frame.id);
        send(frame, Object.assign({}, view, { bubble: bubble }));
      });
      if (!bubble) state.pending.delete(frame.id);
    }).finally(function () {
      state.inFlight -= 1;
      settle();
    });
  }

  /** The replies to `frame`; on a lost connection the same frame (same id) goes again. */
  async function deliver(frame, preferHttp) {
    var lastError;
    for (var attempt = 0; attempt < 5; attempt++) {
      if (attempt) await delay(backoff(attempt));
      try {
        if (state.socketOpen && !preferHttp) return await sendOnSocket(frame);
        return await postEvent(frame);
      } catch (error) {
        if (error.fatal) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  function sendOnSocket(frame) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        state.waiters.delete(frame.id);
        reject(new TransportError("timeout"));
      }, REPLY_TIMEOUT_MS);
      state.waiters.set(frame.id, { resolve: resolve, reject: reject, timer: timer });
      try {
        state.socket.send(JSON.stringify(frame));
      } catch (error) {
        clearTimeout(timer);
        state.waiters.delete(frame.id);
        reject(new TransportError("socket"));
      }
    });
  }

  function headers(extra) {
    return Object.assign({ "X-CSRF-Token": CSRF, "Accept-Language": LOCALE }, extra || {});
  }

  async function postEvent(frame) {
    var response;
    try {
      response = await fetch("/chat/events", {
        method: "POST",
        credentials: "same-origin",
        headers: headers({ "Content-Type": "application/json" }),
        body: JSON.stringify(frame),
      });
    } catch (error) {
      throw new TransportError("network");
    }
    if (response.status === 403) throw new TransportError("forbidden", true, true);
    if (response.status === 422) throw new TransportError("bad frame", true);
    if (!response.ok) throw new TransportError("status " + response.status);
    var body = await response.json();
    return body.replies || [];
  }

  async function fetchHistory() {
    var response;
    try {
      response = await fetch("/chat/history", { credentials: "same-origin", headers: headers() });
    } catch (error) {
      throw new TransportError("network");
    }
    if (response.status === 403) throw new TransportError("forbidden", true, true);
    if (!response.ok) throw new TransportError("status " + response.status);
    return response.json();
  }

  /** After the last frame in flight is answered, check the page against the stored history. */
  function settle() {
    if (!state.resyncWanted || state.inFlight > 0) return;
    state.resyncWanted = false;
    fetchHistory().then(function (frame) { applyHistory(frame); }, function (error) {
      if (error.expired) goneFatal();
    });
  }

  /* ---------- the conversation's history ---------- */

  function applyHistory(frame) {
    var messages = frame.messages || [];
    if (!state.ready) {
      var explicit = new URLSearchParams(location.search).has("lang");
      if (frame.locale && frame.locale !== LOCALE && !explicit) {
        // Show the page in the language the conversation already speaks. An explicit ?lang=
        // is left alone: switching the conversation would also reset the step it is at.
        var url = new URL(location.href);
        url.searchParams.set("lang", frame.locale);
        location.replace(url.toString());
        return;
      }
      state.ready = true;
      renderHistory(messages);
      if (!messages.length) startConversation();
      state.beforeReady.splice(0).forEach(function (action) { action(); });
      return;
    }
    if (state.inFlight > 0) {
      state.resyncWanted = true;
      return;
    }
    if (!sameHistory(messages, state.committed)) renderHistory(messages);
    if (!messages.length && state.needStart) startConversation();
  }

  function signature(message) {
    if (!message) return "";
    var detail = message.text || message.payload || message.name || message.count || "";
    return [message.direction, message.type, message.kind || "", detail].join("|");
  }

  /** Whether the page shows what the server holds (it sends at most the latest 200). */
  function sameHistory(stored, shown) {
    return stored.length === shown.length
      && signature(stored[stored.length - 1]) === signature(shown[shown.length - 1]);
  }

  function startConversation() {
    // Over HTTP, so the first event carries the page's language as Accept-Language: the
    // conversation then starts in the language of the page, even one chosen with ?lang=.
    // The fixed id makes two tabs opened at once start the conversation only once.
    state.needStart = false;
    send({ type: "command", name: "start", id: "start" }, {
      preferHttp: true,
      onFail: function () { state.needStart = true; },  // again when the socket is back
    });
  }

  function loadHistoryOverHttp() {
    if (state.ready || state.loadingHistory) return;
    state.loadingHistory = true;
    fetchHistory().then(function (frame) {
      state.loadingHistory = false;
      if (!state.ready) applyHistory(frame);
    }, function (error) {
      state.loadingHistory = false;
      if (error.expired) goneFatal();
    });
  }

  /* ---------- the socket ---------- */

  function onFrame(frame) {
    if (frame.type === "history") {
      state.socketHistorySeen = true;
      applyHistory(frame);
      var early = state.earlyNotifications.splice(0);
      early.forEach(function (note) {
        var known = (frame.messages || []).some(function (m) {
          return m.type === "notification" && m.text === note.text && m.kind === note.kind;
        });
        if (!known) onNotification(note);
      });
    } else if (frame.type === "replies") {
      var waiter = state.waiters.get(frame.id);
      if (waiter) {
        clearTimeout(waiter.timer);
        state.waiters.delete(frame.id);
        waiter.resolve(frame.replies || []);
      } else {
        state.resyncWanted = true;  // an answer that arrived after we gave up waiting
        settle();
      }
    } else if (frame.type === "notification") {
      if (!state.socketHistorySeen || !state.ready) state.earlyNotifications.push(frame);
      else onNotification(frame);
    } else if (frame.type === "error") {
      // Frames are answered in order, so the error belongs to the oldest unanswered one.
      var oldest = state.waiters.keys().next();
      if (!oldest.done) {
        var first = state.waiters.get(oldest.value);
        clearTimeout(first.timer);
        state.waiters.delete(oldest.value);
        first.reject(new TransportError(frame.message || "error", true));
      }
    }
  }

  function onNotification(frame) {
    var record = { direction: "out", type: "notification", kind: frame.kind, text: frame.text,
      buttons: frame.buttons || [] };
    if (frame.url) {  // a letter or act sent by staff: shown as its download link
      record = { direction: "out", type: "document", filename: frame.filename || "",
        caption: frame.text, url: frame.url };
    }
    if (frame.author) record.author = frame.author;
    if (frame.at) record.at = frame.at;
    state.committed.push(record);
    append(renderOut(record), false);
    showStaffState();
  }

  function failWaiters() {
    state.waiters.forEach(function (waiter) {
      clearTimeout(waiter.timer);
      waiter.reject(new TransportError("connection lost"));
    });
    state.waiters.clear();
  }

  function connect() {
    clearTimeout(state.reconnectTimer);
    state.reconnectTimer = null;
    if (state.socket || state.fatal) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + location.host + "/chat/ws");
    } catch (error) {
      loadHistoryOverHttp();
      scheduleReconnect(false);
      return;
    }
    state.socket = socket;
    var opened = false;
    var openTimer = setTimeout(function () { if (!opened) socket.close(); }, 8000);
    socket.onopen = function () {
      opened = true;
      clearTimeout(openTimer);
      state.socketOpen = true;
      state.socketHistorySeen = false;
      state.attempts = 0;
      setStatus(S.online, true);
      hideBanner();
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      onFrame(frame);
    };
    socket.onclose = function (event) {
      clearTimeout(openTimer);
      if (state.socket !== socket) return;
      state.socket = null;
      state.socketOpen = false;
      failWaiters();
      setStatus(S.connecting, false);
      if (event.code === 4403) {
        goneFatal();
        return;
      }
      if (!state.ready) loadHistoryOverHttp();
      if (opened) showBanner(S.reconnecting, "warning");
      else if (state.ready && ui.banner.hidden) showBanner(S.limited, "info");
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (state.reconnectTimer || state.fatal) return;
    var wait = backoff(state.attempts);
    state.attempts += 1;
    state.reconnectTimer = setTimeout(connect, wait);
  }

  function reconnectNow() {
    if (state.socket || state.fatal) return;
    state.attempts = 0;
    connect();
  }

  /* ---------- files ---------- */

  function acceptable(file) {
    var type = (file.type || "").toLowerCase();
    if (FILE_TYPES.indexOf(type) >= 0) return true;
    if (type && type !== "application/octet-stream") return false;
    var extension = (file.name.split(".").pop() || "").toLowerCase();
    return FILE_EXTENSIONS.indexOf(extension) >= 0;
  }

  function chooseFiles(list) {
    var files = Array.prototype.slice.call(list || []);
    if (!files.length) return;
    var good = files.filter(function (file) {
      if (!acceptable(file)) {
        notice(fill(S.fileType, { name: file.name }));
        return false;
      }
      if (file.size > MAX_MB * 1048576) {
        notice(fill(S.fileTooLarge, { name: file.name, mb: MAX_MB }));
        return false;
      }
      return true;
    });
    if (good.length > MAX_FILES) {
      notice(fill(S.tooManyFiles, { n: MAX_FILES }));
      return;
    }
    if (good.length) whenReady(function () { upload(good); });
  }

  function uploadBubble(files) {
    var item = pendingBubble("📎 " + files.map(function (f) { return f.name; }).join(", "));
    var previews = element("div", "previews");
    files.slice(0, 4).forEach(function (file) {
      if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return;
      var image = element("img", "preview");
      image.alt = "";
      image.src = URL.createObjectURL(file);
      image.onload = function () { URL.revokeObjectURL(image.src); };
      previews.appendChild(image);
    });
    if (previews.childNodes.length) item.querySelector(".bubble").appendChild(previews);
    var progress = element("progress", "progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", S.uploading);
    item.querySelector(".bubble").appendChild(progress);
    return item;
  }

  function postFiles(files, id, progress) {
    return new Promise(function (resolve, reject) {
      var form = new FormData();
      files.forEach(function (file) { form.append("files", file, file.name); });
      var request = new XMLHttpRequest();
      request.open("POST", "/chat/upload");
      var extra = headers({ "X-Message-Id": id });
      Object.keys(extra).forEach(function (name) { request.setRequestHeader(name, extra[name]); });
      request.upload.onprogress = function (event) {
        if (event.lengthComputable && progress) {
          progress.value = Math.round(100 * event.loaded / event.total);
        }
      };
      request.onload = function () {
        if (request.status === 403) return reject(new TransportError("forbidden", true, true));
        if (request.status < 200 || request.status >= 300) {
          return reject(new TransportError("status " + request.status));
        }
        try {
          resolve(JSON.parse(request.responseText).replies || []);
        } catch (error) {
          reject(new TransportError("bad answer"));
        }
      };
      request.onerror = function () { reject(new TransportError("network")); };
      request.send(form);
    });
  }

  function upload(files, bubble, id) {
    id = id || newId();
    bubble = bubble || uploadBubble(files);
    if (!bubble.isConnected) append(bubble, true);
    var progress = bubble.querySelector("progress");
    state.pending.set(id, bubble);
    state.inFlight += 1;
    var kinds = files.map(function (file) {
      return /^video\//.test(file.type) ? "video" : file.type === "application/pdf" ? "document"
        : "photo";
    });
    postFiles(files, id, progress).then(function (replies) {
      state.pending.delete(id);
      markDelivered(bubble);
      if (progress) progress.remove();
      state.committed.push({ direction: "in", type: "media", count: files.length, kinds: kinds });
      if (replies.length) renderReplies(replies);
      else quietAnswer();
      restoreFocus();
    }, function (error) {
      if (error.expired) goneFatal();
      notice(S.uploadFailed);
      markFailed(bubble, function () {
        state.pending.delete(id);
        upload(files, bubble, id);
      });
    }).finally(function () {
      state.inFlight -= 1;
      settle();
    });
  }

  /* ---------- events ---------- */

  function onSubmit(event) {
    event.preventDefault();
    var text = ui.input.value.trim();
    if (!text) return;
    ui.input.value = "";
    resizeInput();
    var frame = { type: "text", text: text };
    var command = /^\/([a-z]+)(?:\s+([a-z]{2}))?$/i.exec(text);
    if (command && COMMANDS.indexOf(command[1].toLowerCase()) >= 0) {
      frame = { type: "command", name: command[1].toLowerCase() };
      if (command[2]) frame.argument = command[2].toLowerCase();
    }
    whenReady(function () {
      send(frame, { text: frame.type === "command" && frame.name === "start" ? null : text });
    });
  }

  function onChoice(event) {
    var button = event.target.closest("button.choice");
    if (!button || button.disabled) return;
    var group = button.closest(".choices");
    var siblings = group.querySelectorAll("button.choice");
    button.classList.add("chosen");
    Array.prototype.forEach.call(siblings, function (b) { b.disabled = true; });
    send({ type: "choice", payload: button.dataset.payload }, {
      text: button.textContent,
      onFail: function () {
        button.classList.remove("chosen");
        Array.prototype.forEach.call(siblings, function (b) {
          if (!b.classList.contains("stale")) b.disabled = false;
        });
      },
    });
  }

  function onLanguage(event) {
    var link = event.target.closest("a[data-lang]");
    if (!link || event.button > 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    var code = link.dataset.lang;
    if (code === LOCALE || !state.ready || state.fatal) {
      location.assign(link.href);
      return;
    }
    link.setAttribute("aria-busy", "true");
    // Sent without a bubble: the customer pressed a link in the header, they typed nothing.
    send({ type: "command", name: "language", argument: code }, {
      onDone: function () { location.assign(link.href); },
      onFail: function () { link.removeAttribute("aria-busy"); },
    });
  }

  function onKey(event) {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) {
      return;
    }
    event.preventDefault();
    ui.composer.requestSubmit();
  }

  function hasFiles(event) {
    var types = event.dataTransfer && event.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, "Files") >= 0;
  }

  function wire() {
    ui.composer.addEventListener("submit", onSubmit);
    ui.input.addEventListener("keydown", onKey);
    ui.input.addEventListener("input", resizeInput);
    ui.input.addEventListener("paste", function (event) {
      var files = event.clipboardData && event.clipboardData.files;
      if (files && files.length) {
        event.preventDefault();
        chooseFiles(files);
      }
    });
    ui.messages.addEventListener("click", onChoice);
    document.querySelector(".languages").addEventListener("click", onLanguage);
    ui.attach.addEventListener("click", function () { ui.files.click(); });
    ui.files.addEventListener("change", function () {
      chooseFiles(ui.files.files);
      ui.files.value = "";
    });
    var depth = 0;
    window.addEventListener("dragenter", function (event) {
      if (!hasFiles(event)) return;
      depth += 1;
      ui.drop.hidden = false;
    });
    window.addEventListener("dragleave", function () {
      depth = Math.max(0, depth - 1);
      if (!depth) ui.drop.hidden = true;
    });
    window.addEventListener("dragover", function (event) {
      if (hasFiles(event)) event.preventDefault();
    });
    window.addEventListener("drop", function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      ui.drop.hidden = true;
      chooseFiles(event.dataTransfer.files);
    });
    document.addEventListener("keydown", function () { state.keyboard = true; }, true);
    document.addEventListener("pointerdown", function () { state.keyboard = false; }, true);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState !== "visible") return;
      reconnectNow();
      if (state.ready && !state.fatal) {
        // Another tab of the same chat may have moved the conversation on meanwhile.
        state.resyncWanted = true;
        settle();
      }
    });
    window.addEventListener("online", reconnectNow);
  }

  wire();
  applyRequest("none");
  setStatus(S.connecting, false);
  if ("WebSocket" in window) connect();
  else loadHistoryOverHttp();
})();

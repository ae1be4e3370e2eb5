// The console's live parts: one WebSocket to /staff/live brings change notices ("escalation 12",
// "claim 5"); every element marked data-live="<topics>" (and data-live-key, if it shows one row)
// is re-read from the same page and swapped in place. Forms stay outside those elements, so
// nothing the staff member is typing is touched.
"use strict";
(() => {
  const regions = () => Array.from(document.querySelectorAll("[data-live][id]"));
  if (regions().length === 0) return;
  let timer = null;
  let pending = new Set();
  let delay = 1000;

  const wanted = (region, change) => {
    const topics = region.dataset.live.split(" ");
    if (change.topic === "*") return true;
    if (!topics.includes(change.topic)) return false;
    const key = region.dataset.liveKey;
    return !key || change.key === "*" || change.key === key;
  };

  async function refresh() {
    const ids = Array.from(pending);
    pending = new Set();
    if (ids.length === 0) return;
    const response = await fetch(window.location.href, { credentials: "same-origin", headers: { "X-Live": "1" } });
    if (!response.ok || response.redirected) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const id of ids) {
      const now = document.getElementById(id);
      const next = fresh.getElementById(id);
      if (now && next) now.replaceWith(document.adoptNode(next));
    }
    document.dispatchEvent(new CustomEvent("console:updated", { detail: ids }));
  }

  function schedule(changes) {
    for (const region of regions()) {
      if (changes.some((change) => wanted(region, change))) pending.add(region.id);
    }
    if (pending.size && timer === null) {
      timer = setTimeout(() => { timer = null; refresh().catch(() => {}); }, 100);
    }
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${window.location.host}/staff/live`);
    socket.addEventListener("open", () => {
      delay = 1000;
      document.documentElement.dataset.live = "on";
      schedule([{ topic: "*", key: "*" }]); // whatever changed while the page was not listening
    });
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (Array.isArray(frame.changes) && frame.changes.length) schedule(frame.changes);
    });
    socket.addEventListener("close", () => {
      document.documentElement.dataset.live = "off";
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();

/*
 * The warranty chat on any site: a launcher button that opens the customer chat in a frame.
 *
 *   <script src="https://chat.example.com/widget.js" defer></script>
 *
 * The server fills in CONFIG (the chat's address, the company's colour, the words in every
 * language). Everything is built with DOM calls and CSSOM styles, so the host page needs no
 * inline script or style of its own, and nothing here reads or touches the host page's content.
 */
(function () {
  "use strict";

  var CONFIG = /*CONFIG*/{};
  if (!CONFIG.chat || window.__warrantyChatWidget) return;
  window.__warrantyChatWidget = true;

  var PHONE_WIDTH = 520;
  var SVG = "http://www.w3.org/2000/svg";

  function pickLocale() {
    var candidates = [document.documentElement.lang, navigator.language]
      .concat(navigator.languages || []);
    for (var i = 0; i < candidates.length; i++) {
      var base = String(candidates[i] || "").slice(0, 2).toLowerCase();
      if (CONFIG.words[base]) return base;
    }
    return CONFIG.locale;
  }

  var locale = pickLocale();
  var words = CONFIG.words[locale] || CONFIG.words.en;

  function css(node, styles) {
    Object.keys(styles).forEach(function (name) { node.style.setProperty(name, styles[name]); });
    return node;
  }

  function icon(path) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "26");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var shape = document.createElementNS(SVG, "path");
    shape.setAttribute("fill", "currentColor");
    shape.setAttribute("d", path);
    svg.appendChild(shape);
    return svg;
  }

  var CHAT_ICON = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z";
  var CLOSE_ICON = "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 "
    + "17.6 5 12 10.6z";

  var root = css(document.createElement("div"), {
    position: "fixed", right: "20px", bottom: "20px", "z-index": "2147483000",
    "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  });
  root.id = "warranty-chat-widget";

  var greeting = css(document.createElement("button"), {
    position: "absolute", right: "72px", bottom: "8px", "max-width": "240px", margin: "0",
    padding: "10px 14px", border: "1px solid #d3dae3", "border-radius": "14px",
    background: "#ffffff", color: "#17202a", "font-size": "14px", "line-height": "1.35",
    "text-align": "left", "box-shadow": "0 4px 16px rgba(16, 24, 40, 0.16)", cursor: "pointer",
    "word-break": locale === "ko" ? "keep-all" : "normal", width: "max-content",
  });
  greeting.type = "button";
  greeting.className = "warranty-chat-greeting";
  greeting.textContent = words.greeting;

  var launcher = css(document.createElement("button"), {
    display: "grid", "place-items": "center", width: "60px", height: "60px", padding: "0",
    border: "0", "border-radius": "50%", background: CONFIG.color, color: "#ffffff",
    "box-shadow": "0 4px 16px rgba(16, 24, 40, 0.24)", cursor: "pointer",
  });
  launcher.type = "button";
  launcher.className = "warranty-chat-launcher";
  launcher.setAttribute("aria-label", words.open);
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "warranty-chat-panel");
  launcher.appendChild(icon(CHAT_ICON));

  var panel = css(document.createElement("div"), {
    position: "fixed", display: "none", "flex-direction": "column", overflow: "hidden",
    background: "#ffffff", "box-shadow": "0 8px 32px rgba(16, 24, 40, 0.28)",
  });
  panel.id = "warranty-chat-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", words.title);

  var bar = css(document.createElement("div"), {
    display: "flex", "align-items": "center", "justify-content": "space-between",
    "min-height": "40px", padding: "0 4px 0 14px", background: CONFIG.color, color: "#ffffff",
    "font-size": "14px", "font-weight": "600",
  });
  bar.appendChild(document.createTextNode(words.title));
  var close = css(document.createElement("button"), {
    display: "grid", "place-items": "center", width: "40px", height: "40px", padding: "0",
    border: "0", background: "transparent", color: "inherit", cursor: "pointer",
  });
  close.type = "button";
  close.className = "warranty-chat-close";
  close.setAttribute("aria-label", words.close);
  close.appendChild(icon(CLOSE_ICON));
  bar.appendChild(close);

  var frame = css(document.createElement("iframe"), {
    flex: "1 1 auto", width: "100%", border: "0", background: "#f1f4f8",
  });
  frame.title = words.title;
  frame.className = "warranty-chat-frame";
  frame.setAttribute("allow", "clipboard-write");

  panel.appendChild(bar);
  panel.appendChild(frame);

  function place() {
    var phone = window.innerWidth <= PHONE_WIDTH;
    css(panel, phone
      ? { inset: "0", width: "100%", height: "100%", "border-radius": "0" }
      : { inset: "auto", right: "20px", bottom: "92px", width: "380px",
          height: "min(640px, calc(100vh - 112px))", "border-radius": "14px" });
  }

  function open() {
    if (!frame.src) {
      frame.src = CONFIG.chat + "?embed=1&lang=" + encodeURIComponent(locale);
    }
    place();
    panel.style.display = "flex";
    greeting.style.display = "none";
    launcher.setAttribute("aria-expanded", "true");
    if (window.innerWidth <= PHONE_WIDTH) launcher.style.display = "none";
    frame.focus();
  }

  function shut() {
    panel.style.display = "none";
    launcher.style.display = "grid";
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.style.display === "flex") shut(); else open();
  });
  greeting.addEventListener("click", open);
  close.addEventListener("click", shut);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel.style.display === "flex") shut();
  });
  window.addEventListener("resize", function () { if (panel.style.display === "flex") place(); });

  function mount() {
    root.appendChild(greeting);
    root.appendChild(launcher);
    document.body.appendChild(root);
    document.body.appendChild(panel);
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();

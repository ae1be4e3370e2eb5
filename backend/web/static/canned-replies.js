// A canned reply picked in an escalation fills the reply box, where it can still be edited.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const picker of document.querySelectorAll("select[data-fills]")) {
    const box = document.getElementById(picker.dataset.fills);
    if (!box) continue;
    picker.addEventListener("change", () => {
      if (!picker.value) return;
      box.value = picker.value;
      picker.value = "";
      box.focus();
    });
  }
});

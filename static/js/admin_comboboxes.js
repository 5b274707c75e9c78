// The admin's autocompletes (select2) draw their own combobox and search box
// without names; each gets the name of the field it stands for, on every
// change form that loads this file (the article's, the topic's).
// A file of our own: the Content-Security-Policy admits no inline script.
"use strict";

(function () {
  // The field's label, or in a table its column heading.
  function nameOf(select) {
    const label = select.id && document.querySelector("label[for='" + select.id + "']");
    if (label) {
      return label.textContent.replace(/:\s*$/, "").trim();
    }
    const cell = select.closest("td");
    const table = select.closest("table");
    if (cell && table) {
      const heading = table.querySelectorAll("thead th")[cell.cellIndex];
      return heading ? heading.textContent.trim() : "";
    }
    return "";
  }

  function nameComboboxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const drawn = select.nextElementSibling;
      if (!drawn || !drawn.classList.contains("select2")) {
        return;
      }
      const name = nameOf(select);
      drawn.querySelectorAll("[role=combobox], [role=textbox], .select2-search__field").forEach(function (box) {
        if (box.getAttribute("aria-label") !== name) {
          box.removeAttribute("aria-labelledby");
          box.setAttribute("aria-label", name);
        }
      });
    });
  }

  function start() {
    const form = document.querySelector("#content-main form");
    if (!form) {
      return;
    }
    nameComboboxes();
    // select2 redraws its boxes on every choice.
    new MutationObserver(nameComboboxes).observe(form, {childList: true, subtree: true});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The topic form's live preview: as the editor changes the rule, the count of
// public pieces it matches and the first ten the page would list, asked of
// the site (topics/admin_preview.py) without saving; "Pin" and "Exclude" on a
// previewed piece put it in the pinned or excluded pieces of the form, which
// is then saved as usual. A file of our own (the Content-Security-Policy
// admits no inline script), asking only this site.
"use strict";

(function () {
  const PARTS = ["all_of", "any_of", "none_of"];

  function debounce(wait, fn) {
    let timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, wait);
    };
  }

  function field(name) {
    return document.getElementById("id_" + name);
  }

  function chosen(select) {
    return select ? Array.from(select.selectedOptions, function (o) { return o.value; }) : [];
  }

  // The pins inline's live rows (not the template row, not those ticked for
  // deletion), in the order the page will show them.
  function pinRows() {
    return Array.from(document.querySelectorAll("#pins-group tr.form-row"))
      .filter(function (row) { return !row.id.endsWith("-empty") && row.querySelector("select[name$='-article']"); })
      .filter(function (row) {
        const gone = row.querySelector("input[name$='-DELETE']");
        return !(gone && gone.checked);
      });
  }

  function pinned() {
    return pinRows()
      .map(function (row, place) {
        const order = row.querySelector("input[name$='-order']");
        return {
          id: row.querySelector("select[name$='-article']").value,
          order: order && order.value !== "" ? Number(order.value) : 0,
          place: place,
        };
      })
      .filter(function (pin) { return pin.id; })
      .sort(function (a, b) { return a.order - b.order || a.place - b.place; })
      .map(function (pin) { return pin.id; });
  }

  function ruleData() {
    const data = new URLSearchParams();
    PARTS.forEach(function (name) {
      chosen(field(name)).forEach(function (id) { data.append(name, id); });
    });
    ["min_shared", "since", "until"].forEach(function (name) {
      data.append(name, field(name) ? field(name).value.trim() : "");
    });
    chosen(field("excluded")).forEach(function (id) { data.append("excluded", id); });
    pinned().forEach(function (id) { data.append("pinned", id); });
    data.append("csrfmiddlewaretoken", document.querySelector("[name=csrfmiddlewaretoken]").value);
    return data;
  }

  function showErrors(answer, errors) {
    const list = document.createElement("ul");
    list.className = "errorlist";
    Object.keys(errors).forEach(function (name) {
      const label = name !== "__all__" && document.querySelector("label[for='id_" + name + "']");
      errors[name].forEach(function (error) {
        const item = document.createElement("li");
        item.textContent = (label ? label.textContent.replace(/:\s*$/, "") + ": " : "") + error.message;
        list.append(item);
      });
    });
    const intro = document.createElement("p");
    intro.className = "topic-preview-count";
    intro.textContent = "No preview while the rule has a problem:";
    answer.replaceChildren(intro, list);
  }

  // The admin's autocompletes are select2 boxes, which tell of a choice by a
  // jQuery event rather than a DOM one.
  function onChange(element, fn) {
    if (window.django && window.django.jQuery) {
      window.django.jQuery(element).on("change", fn);
    } else {
      element.addEventListener("change", fn);
    }
  }

  function choose(select, id, label) {
    let option = Array.from(select.options).find(function (o) { return o.value === id; });
    if (!option) {
      option = new Option(label, id, true, true);
      select.add(option);
    }
    option.selected = true;
    if (window.django && window.django.jQuery) {
      window.django.jQuery(select).trigger("change");
    } else {
      select.dispatchEvent(new Event("change", {bubbles: true}));
    }
  }

  function pin(id, label) {
    if (pinned().includes(id)) {
      return;
    }
    const orders = pinRows().map(function (row) {
      const order = row.querySelector("input[name$='-order']");
      return order && order.value !== "" ? Number(order.value) : 0;
    });
    // An empty row the editor added by hand takes the piece; else a new row.
    let row = pinRows().find(function (r) { return !r.querySelector("select[name$='-article']").value; });
    if (!row) {
      document.querySelector("#pins-group .add-row a").click();
      const rows = pinRows();
      row = rows[rows.length - 1];
    }
    const order = row.querySelector("input[name$='-order']");
    if (order) {
      order.value = orders.length ? Math.max.apply(null, orders) + 1 : 0;
    }
    choose(row.querySelector("select[name$='-article']"), id, label);
  }

  function setUp(panel) {
    const answer = panel.querySelector(".topic-preview-answer");
    let asked = 0;
    const refresh = debounce(300, function () {
      const mine = ++asked;
      panel.setAttribute("aria-busy", "true");
      fetch(panel.dataset.previewUrl, {method: "POST", body: ruleData(), credentials: "same-origin"})
        .then(function (response) {
          return response.json().then(function (body) { return {ok: response.ok, body: body}; });
        })
        .then(function (result) {
          if (mine !== asked) {
            return;  // a later change has asked again
          }
          if (result.ok) {
            // Rendered by the site's own template, escaped there.
            answer.innerHTML = result.body.html;
          } else {
            showErrors(answer, result.body.errors || {__all__: [{message: "The preview is unavailable just now."}]});
          }
        })
        .catch(function () {
          if (mine === asked) {
            answer.textContent = "The preview is unavailable just now; nothing you typed is lost.";
          }
        })
        .finally(function () {
          if (mine === asked) {
            panel.removeAttribute("aria-busy");
          }
        });
    });

    PARTS.concat(["excluded"]).forEach(function (name) {
      if (field(name)) {
        onChange(field(name), refresh);
      }
    });
    ["min_shared", "since", "until"].forEach(function (name) {
      if (field(name)) {
        field(name).addEventListener("input", refresh);
        field(name).addEventListener("change", refresh);
      }
    });
    const pins = document.getElementById("pins-group");
    if (pins) {
      pins.addEventListener("input", refresh);
      pins.addEventListener("change", refresh);
      onChange(pins, refresh);
      // A row removed with its "×" (django's inlines.js) changes the pins too.
      document.addEventListener("formset:removed", refresh);
    }

    panel.addEventListener("click", function (event) {
      const button = event.target.closest("button[data-pin], button[data-exclude]");
      if (!button) {
        return;
      }
      if (button.dataset.pin) {
        pin(button.dataset.pin, button.dataset.label);
      } else if (field("excluded")) {
        choose(field("excluded"), button.dataset.exclude, button.dataset.label);
      }
      refresh();
    });
    refresh();
  }

  function start() {
    const panel = document.querySelector(".topic-preview");
    if (panel && document.getElementById("topic_form")) {
      setUp(panel);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

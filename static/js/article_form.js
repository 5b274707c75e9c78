// The article form's writing aids: the body's live preview, word count and
// reading time; the actors the text names, each added in one click; the
// search and share preview with its warnings; and a copy of unsaved text kept
// in this browser, offered back after a closed tab or a refused save.
// A file of our own (the Content-Security-Policy admits no inline script),
// asking only this site.
"use strict";

(function () {
  const WORDS_PER_MINUTE = 230;
  const LONG_HEADLINE = 110;
  const KEPT = ["headline", "standfirst", "body"];

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

  function post(url, data) {
    const body = new URLSearchParams(data);
    body.append("csrfmiddlewaretoken", document.querySelector("[name=csrfmiddlewaretoken]").value);
    return fetch(url, {method: "POST", body: body, credentials: "same-origin"}).then(function (answer) {
      if (!answer.ok) {
        throw new Error(answer.status + " " + answer.statusText);
      }
      return answer.text();
    });
  }

  function chosenActors() {
    const select = field("actors");
    return select ? Array.from(select.selectedOptions, function (o) { return o.value; }) : [];
  }

  function setUpPreview(body) {
    const desk = body.closest(".writing-desk");
    const preview = document.getElementById(body.id + "-preview");
    const count = document.getElementById(body.id + "-count");
    function counted() {
      const words = body.value.replace(/[#*_>`\[\]()-]/g, " ").split(/\s+/).filter(Boolean).length;
      const minutes = Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
      count.textContent = words + (words === 1 ? " word" : " words") + ", about " + minutes + " min to read";
    }
    const render = debounce(300, function () {
      post(desk.dataset.previewUrl, {body: body.value}).then(function (html) {
        // Rendered and sanitized by the site's own Markdown renderer.
        preview.innerHTML = html;
      }).catch(function () {
        preview.textContent = "The preview could not be rendered just now; your text is safe.";
      });
    });
    body.addEventListener("input", function () { counted(); render(); });
    counted();
  }

  function setUpSuggestions(panel) {
    const list = panel.querySelector(".actor-suggestions-list");
    const select = field("actors");
    const refresh = debounce(400, function () {
      const data = new URLSearchParams();
      KEPT.forEach(function (name) { data.append(name, field(name) ? field(name).value : ""); });
      chosenActors().forEach(function (id) { data.append("actors", id); });
      post(panel.dataset.suggestUrl, data).then(function (html) {
        list.innerHTML = html;
      }).catch(function () {
        list.textContent = "Suggestions are unavailable just now.";
      });
    });
    KEPT.forEach(function (name) {
      if (field(name)) {
        field(name).addEventListener("input", refresh);
      }
    });
    if (select && window.django && window.django.jQuery) {
      window.django.jQuery(select).on("change", refresh);
    }
    panel.addEventListener("click", function (event) {
      const button = event.target.closest("button[data-actor]");
      if (!button || !select) {
        return;
      }
      // Into the actors field, as if chosen there: no request, no reload.
      let option = Array.from(select.options).find(function (o) { return o.value === button.dataset.actor; });
      if (!option) {
        option = new Option(button.dataset.label, button.dataset.actor, true, true);
        select.add(option);
      }
      option.selected = true;
      if (window.django && window.django.jQuery) {
        window.django.jQuery(select).trigger("change");
      } else {
        refresh();
      }
    });
    refresh();
  }

  function setUpSharePreview(box) {
    const warnings = box.querySelector(".share-warnings");
    const image = field("image");
    const imageAtLoad = image ? image.value : "";
    const url = box.querySelector("[data-share=url]");
    function show() {
      const headline = field("headline").value.trim();
      const standfirst = field("standfirst").value.trim();
      box.querySelector("[data-share=headline]").textContent = headline || "(no headline yet)";
      box.querySelector("[data-share=standfirst]").textContent = standfirst;
      if (field("slug") && field("slug").value) {
        url.textContent = url.dataset.base + field("slug").value + "/";
      }
      const problems = [];
      if (headline.length > LONG_HEADLINE) {
        problems.push("The headline has " + headline.length + " characters: search results cut it after about " + LONG_HEADLINE + ".");
      }
      if (!standfirst) {
        problems.push("No standfirst: search results and share cards will show the start of the body instead.");
      }
      const altProblem = warnings.dataset.imageAltProblem;
      if (altProblem && image && image.value === imageAtLoad) {
        problems.push("Lead image: " + altProblem);
      }
      warnings.replaceChildren.apply(warnings, problems.map(function (text) {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      }));
    }
    ["headline", "standfirst", "slug"].forEach(function (name) {
      if (field(name)) {
        field(name).addEventListener("input", show);
      }
    });
    show();
  }

  function setUpKeptText(form) {
    const bar = document.querySelector(".draft-restore");
    const match = window.location.pathname.match(/\/(\d+)\/change\/$/);
    const key = "newsroom:article:" + (match ? match[1] : "new");
    const refused = document.querySelector(".errornote, [data-conflict]") !== null;
    let kept = null;
    try {
      kept = JSON.parse(window.localStorage.getItem(key));
    } catch (error) {
      kept = null;
    }
    function current() {
      const text = {};
      KEPT.forEach(function (name) { text[name] = field(name) ? field(name).value : ""; });
      return text;
    }
    function same(a, b) {
      return KEPT.every(function (name) { return (a[name] || "") === (b[name] || ""); });
    }
    function keep(submitted) {
      const text = current();
      text.at = new Date().toISOString();
      text.submitted = submitted;
      window.localStorage.setItem(key, JSON.stringify(text));
    }
    if (kept && kept.submitted && !refused) {
      // The save it was sent with went through.
      window.localStorage.removeItem(key);
      kept = null;
    } else if (kept && refused) {
      // Refused: the form holds the text again; keep it for a reload.
      kept.submitted = false;
      window.localStorage.setItem(key, JSON.stringify(kept));
    }
    if (kept && !same(kept, current()) && bar) {
      bar.querySelector("[data-draft-when]").textContent = "at " + new Date(kept.at).toLocaleString();
      bar.hidden = false;
      bar.addEventListener("click", function (event) {
        const choice = event.target.closest("[data-draft]");
        if (!choice) {
          return;
        }
        if (choice.dataset.draft === "restore") {
          KEPT.forEach(function (name) {
            if (field(name)) {
              field(name).value = kept[name] || "";
              field(name).dispatchEvent(new Event("input", {bubbles: true}));
            }
          });
          keep(false);
        } else {
          window.localStorage.removeItem(key);
        }
        bar.hidden = true;
      });
    }
    const save = debounce(500, function () { keep(false); });
    KEPT.forEach(function (name) {
      if (field(name)) {
        field(name).addEventListener("input", save);
      }
    });
    form.addEventListener("submit", function () { keep(true); });
  }

  function start() {
    const form = document.getElementById("article_form");
    if (!form) {
      return;
    }
    const body = field("body");
    if (body && body.closest(".writing-desk")) {
      setUpPreview(body);
    }
    const panel = document.querySelector(".actor-suggestions");
    if (panel) {
      setUpSuggestions(panel);
    }
    const box = document.querySelector(".share-preview");
    if (box && field("headline")) {
      setUpSharePreview(box);
    }
    setUpKeptText(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

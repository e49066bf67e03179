// Suggestions under a search box: the ARIA 1.2 combobox pattern with a list popup
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Our own script, no dependency.
// Without JavaScript the box stays a plain search field of its GET form.
// The input carries data-suggest (the API URL) and data-suggest-text (JSON: the words shown).
(function () {
  "use strict";
  var DELAY = 150;

  function setup(input, number) {
    var text = JSON.parse(input.getAttribute("data-suggest-text"));
    var url = input.getAttribute("data-suggest");
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var items = [];
    var active = -1;
    var timer = null;
    var asked = "";

    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", text.label);
    list.className = "registry-suggestions";
    list.hidden = true;
    status.className = "fr-sr-only";
    status.setAttribute("role", "status");
    status.id = input.id + "-suggestions-status";
    input.parentNode.classList.add("registry-combobox");
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(found) {
      items = found;
      list.textContent = "";
      found.forEach(function (item, i) {
        var option = document.createElement("li");
        var kind = document.createElement("span");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-kind", item.kind);
        option.textContent = item.label + " ";
        kind.className = "registry-suggestions__kind";
        kind.textContent = text.kinds[item.kind] || "";
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { go(i); });
        list.appendChild(option);
      });
      active = -1;
      if (found.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      status.textContent = found.length ? text.count.replace("{n}", found.length) : (input.value.trim().length >= 2 ? text.none : "");
    }

    function go(index) {
      if (items[index]) { window.location.assign(items[index].url); }
    }

    function ask() {
      var q = input.value.trim();
      if (q === asked) { return; }
      asked = q;
      if (q.length < 2) { show([]); return; }
      var lang = document.documentElement.lang || "fr";
      fetch(url + "?q=" + encodeURIComponent(q) + "&lang=" + encodeURIComponent(lang), {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : { items: [] };
      }).then(function (body) {
        if (input.value.trim() === q) { show(body.items || []); }
      }).catch(function () { show([]); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var count = items.length;
      if (event.key === "ArrowDown") {
        if (list.hidden && count) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        if (count) { highlight((active + 1) % count); }
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        if (count && !list.hidden) { highlight(active <= 0 ? count - 1 : active - 1); }
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) { event.preventDefault(); go(active); }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  document.querySelectorAll("input[data-suggest]").forEach(setup);
})();

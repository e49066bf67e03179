// Shows a follow-up question only when the answer it depends on makes it relevant.
// Without JavaScript every question stays visible and the server ignores irrelevant answers.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire-form");
  if (!form) { return; }
  function value(key) {
    var input = form.elements[key];
    if (!input) { return null; }
    if (input.type === "checkbox") { return input.checked; }
    return input.value;
  }
  function holds(condition) {
    if (condition.any) { return condition.any.some(function (key) { return value(key) === true; }); }
    return condition.all.every(function (pair) { return value(pair[0]) === pair[1]; });
  }
  function refresh() {
    form.querySelectorAll("[data-depends-on]").forEach(function (element) {
      var shown = holds(JSON.parse(element.getAttribute("data-depends-on")));
      element.hidden = !shown;
    });
  }
  form.addEventListener("change", refresh);
  refresh();
})();

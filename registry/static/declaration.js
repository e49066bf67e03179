// The declaration's questionnaires.
// - MDR step: shows a follow-up question only when the answer it depends on makes it relevant.
//   Without JavaScript every question stays visible and the server ignores irrelevant answers.
// - AI Act step (docs/domain.md §7.17): the interview asks the next question as soon as one is
//   answered, and the class, its reasons and obligations follow every answer. The server renders
//   both (POST data-interview-url, nothing saved); without JavaScript "Continue" saves the
//   answers and the page shows the next question.
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
      element.hidden = !holds(JSON.parse(element.getAttribute("data-depends-on")));
    });
  }

  var url = form.getAttribute("data-interview-url");
  var questions = document.getElementById("interview-questions");
  var result = document.getElementById("interview-result");
  if (!url || !questions || !result) {
    form.addEventListener("change", refresh);
    refresh();
    return;
  }

  var latest = 0;
  // answered: the question being answered counts (a change inside it, or "Continue");
  // otherwise it is sent as "held": shown as typed, not yet answered.
  function ask(answered, moveOn) {
    var current = questions.querySelector("[data-answered=false]");
    var data = new FormData(form);
    data.delete("next_step");
    if (current && !answered) { data.append("held", current.getAttribute("data-question")); }
    var ticket = ++latest;
    var focused = document.activeElement && document.activeElement.id;
    var unfolded = Array.prototype.map.call(questions.querySelectorAll("details[open]"),
                                            function (details) { return details.id; });
    questions.setAttribute("aria-busy", "true");
    return fetch(url, { method: "POST", body: data, credentials: "same-origin",
                        headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (reply) {
        if (ticket !== latest) { return; }  // a later answer is on its way
        questions.innerHTML = reply.questions;
        result.innerHTML = reply.result;
        unfolded.forEach(function (id) {  // keep open the answers being changed
          var details = document.getElementById(id);
          if (details) { details.open = true; }
        });
        questions.removeAttribute("aria-busy");
        var next = document.getElementById("interview-current");
        if (moveOn && next) {
          next.querySelector("legend").focus();
        } else if (moveOn) {
          document.getElementById("ai-act-live").setAttribute("tabindex", "-1");
          document.getElementById("ai-act-live").focus();
        } else if (focused && document.getElementById(focused)) {
          document.getElementById(focused).focus();
        }
      })
      .catch(function () {
        questions.removeAttribute("aria-busy");
        if (moveOn) { form.requestSubmit(document.getElementById("interview-continue")); }
      });
  }

  form.addEventListener("click", function (event) {
    if (!event.target.closest("#interview-continue")) { return; }
    event.preventDefault();
    ask(true, true);
  });
  form.addEventListener("change", function (event) {
    var block = event.target.closest("[data-question]");
    var inCurrent = block && block.getAttribute("data-answered") === "false";
    // A choice answers its question; a box ticked in a checklist does not end it ("Continue").
    var answers = inCurrent && event.target.type !== "checkbox";
    ask(answers, false);
  });
})();

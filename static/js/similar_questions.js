// The full debrief: while a question is typed, the candidate's earlier questions like it appear below the box
// with the answers given then (the "asked before" of PRODUCT.md P2). Asks a small owner-scoped JSON endpoint
// (interviews:question_similar) once typing pauses; everything it shows is set as text, never as HTML.
(function () {
  "use strict";

  var WAIT_MS = 250;
  var MIN_CHARACTERS = 3;

  function panelOf(input) {
    var row = input.closest("[data-formset-row]");
    return row ? row.querySelector("[data-similar-panel]") : null;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function show(panel, questions) {
    panel.replaceChildren();
    if (!questions.length) { panel.hidden = true; return; }
    panel.appendChild(element("p", "fw-semibold mb-1", "Asked before:"));
    var list = element("ul", "mb-0");
    questions.forEach(function (question) {
      var item = element("li", "mb-1");
      item.appendChild(element("span", "fst-italic", question.text));
      var answers = element("ul", "mb-0");
      question.asked.forEach(function (asked) {
        var score = asked.score === null ? "not scored" : "score " + asked.score;
        var line = asked.company + ", " + asked.round.toLowerCase() + ", " + asked.date + ": " + score;
        answers.appendChild(element("li", "", asked.answer ? line + ". " + asked.answer : line));
      });
      item.appendChild(answers);
      list.appendChild(item);
    });
    panel.appendChild(list);
    panel.hidden = false;
  }

  function lookUp(container, input) {
    var panel = panelOf(input);
    if (!panel) { return; }
    var typed = input.value.trim();
    var sequence = (parseInt(panel.dataset.sequence || "0", 10) + 1).toString();
    panel.dataset.sequence = sequence;
    if (typed.replace(/[^\p{L}\p{N}]/gu, "").length < MIN_CHARACTERS) { show(panel, []); return; }
    var url = new URL(container.dataset.similarUrl, window.location.href);
    url.searchParams.set("q", typed);
    fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { questions: [] }; })
      .then(function (data) {
        // An answer to an earlier keystroke that arrives late is dropped.
        if (panel.dataset.sequence === sequence) { show(panel, data.questions || []); }
      })
      .catch(function () { /* offline or a hiccup: the question can still be typed and saved */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-similar-url]").forEach(function (container) {
      var timers = new WeakMap();
      container.addEventListener("input", function (event) {
        var input = event.target;
        if (!input.matches || !input.matches('input[name$="-text"]')) { return; }
        window.clearTimeout(timers.get(input));
        timers.set(input, window.setTimeout(function () { lookUp(container, input); }, WAIT_MS));
      });
    });
  });
})();

// Site-wide behaviour. Loaded on every page; no inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";

  // Pre-select the browser's own time zone on a fresh sign-up form.
  function guessTimeZone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("select[data-guess-timezone]").forEach(function (select) {
      var form = select.form;
      if (!zone || (form && form.dataset.bound === "true")) { return; }
      if (Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) {
        select.value = zone;
      }
    });
  }

  // A submit button is disabled once its form is sent, so a double click cannot create two records.
  function guardDoubleSubmit() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.dataset.submitting === "true") { event.preventDefault(); return; }
      form.dataset.submitting = "true";
      window.setTimeout(function () { form.dataset.submitting = "false"; }, 5000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    guessTimeZone();
    guardDoubleSubmit();
  });
})();

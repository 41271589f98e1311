// Follow-up pages: the Copy button of a thank-you note and the card's Print button. Loaded only where needed;
// no inline scripts (CSP).
(function () {
  "use strict";

  function copy(button) {
    var id = button.getAttribute("data-copy-target");
    var source = document.getElementById(id);
    var status = document.querySelector('[data-copy-status="' + id + '"]');
    if (!source) { return; }
    function done(ok) {
      if (status) { status.textContent = ok ? "Copied. Paste it into your message." : "Select the text of the note and copy it."; }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(function () { done(true); }, function () { done(false); });
      return;
    }
    source.classList.remove("visually-hidden");
    source.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    source.classList.add("visually-hidden");
    done(ok);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (button) { copy(button); }
    if (event.target.closest("[data-print]")) { window.print(); }
  });
})();

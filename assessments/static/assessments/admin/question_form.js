/* The question form shows only what the chosen kind of question uses.
   Panels and option fields carry data-question-kinds; the server renders the others hidden and
   still clears and validates whatever is posted. This script follows the kind select as it changes,
   including in options added after the page loaded. */
(function () {
  "use strict";
  function apply(select) {
    var kind = select.value;
    var form = select.form || document;
    form.querySelectorAll("[data-question-kinds]").forEach(function (element) {
      var kinds = element.getAttribute("data-question-kinds").split(" ");
      element.hidden = kinds.indexOf(kind) === -1;
    });
  }
  function start() {
    var select = document.getElementById("id_kind");
    if (!select) return;
    apply(select);
    select.addEventListener("change", function () { apply(select); });
    var options = document.getElementById("id_options-FORMS");
    if (options && window.MutationObserver) {
      new MutationObserver(function () { apply(select); }).observe(options, { childList: true });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

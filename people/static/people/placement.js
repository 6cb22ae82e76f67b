// Narrows the province list to the chosen country and the office list to the chosen province.
// Progressive: without this script every option is listed and the server checks the placement.
(function () {
  "use strict";

  function narrow(child, parent) {
    var value = parent.value;
    Array.prototype.forEach.call(child.options, function (option) {
      var owner = option.getAttribute("data-parent");
      var fits = !owner || !value || owner === value;
      option.hidden = !fits;
      option.disabled = !fits;
    });
    var chosen = child.options[child.selectedIndex];
    if (chosen && chosen.disabled) {
      child.value = "";
    }
  }

  document.querySelectorAll("select[data-placement-parent]").forEach(function (child) {
    var parent = child.form && child.form.elements[child.getAttribute("data-placement-parent")];
    if (!parent) {
      return;
    }
    parent.addEventListener("change", function () {
      narrow(child, parent);
      child.dispatchEvent(new Event("change"));
    });
    narrow(child, parent);
  });
})();

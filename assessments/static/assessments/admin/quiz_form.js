/* The quiz form's module and lesson choosers open inside the chosen course (a lesson's inside the
   chosen module), not at the root of the page tree. The server still refuses a module or lesson of
   another course (Quiz.clean). Chooser widgets keep their instance on `<id>-chooser`.widget. */
(function () {
  "use strict";
  function startInside(widgetId, parentIds) {
    var element = document.getElementById(widgetId + "-chooser");
    var widget = element && element.widget;
    if (!widget || typeof widget.getModalOptions !== "function" || widget.startsInsideCourse) return;
    var original = widget.getModalOptions.bind(widget);
    widget.getModalOptions = function () {
      var options = original() || {};
      for (var i = 0; i < parentIds.length; i++) {
        var input = document.getElementById(parentIds[i]);
        if (input && input.value) {
          options.parentId = input.value;
          break;
        }
      }
      return options;
    };
    widget.startsInsideCourse = true;
  }
  function startAll() {
    startInside("id_module", ["id_course"]);
    startInside("id_lesson", ["id_module", "id_course"]);
  }
  // Wagtail may set up its chooser widgets after this script has run: patch them again just
  // before a chooser opens (capture phase, so before Wagtail's own click handler).
  document.addEventListener(
    "click",
    function (event) {
      if (event.target.closest && event.target.closest("[data-chooser-action-choose]")) startAll();
    },
    true
  );
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();

/* A four-page SCORM 1.2 module: it resumes at the saved page, scores one question, and reports
 * lesson_location, suspend_data, score and lesson_status to the LMS through the SCORM 1.2 API. */
(function () {
  "use strict";

  function findAPI(win) {
    for (var depth = 0; win && depth < 10; depth++) {
      if (win.API) { return win.API; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }

  var api = findAPI(window);
  var pages = document.querySelectorAll("[data-page]");
  var state = { page: 1, answer: "" };
  var finished = false;

  function set(name, value) { if (api) { api.LMSSetValue(name, value); } }
  function commit() { if (api) { api.LMSCommit(""); } }

  function show(number) {
    state.page = Math.max(1, Math.min(pages.length, number));
    for (var i = 0; i < pages.length; i++) { pages[i].hidden = i + 1 !== state.page; }
    document.getElementById("page-number").textContent = state.page + " / " + pages.length;
    document.getElementById("previous").disabled = state.page === 1;
    document.getElementById("next").disabled = state.page === pages.length;
    set("cmi.core.lesson_location", String(state.page));
    set("cmi.suspend_data", JSON.stringify(state));
    commit();
  }

  if (api) {
    api.LMSInitialize("");
    var saved = api.LMSGetValue("cmi.suspend_data");
    try { if (saved) { state = JSON.parse(saved); } } catch (e) { state = { page: 1, answer: "" }; }
    var location = parseInt(api.LMSGetValue("cmi.core.lesson_location"), 10);
    if (location) { state.page = location; }
    if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
      set("cmi.core.lesson_status", "incomplete");
    }
  }
  if (state.answer) {
    var chosen = document.querySelector("input[value='" + state.answer + "']");
    if (chosen) { chosen.checked = true; }
  }

  document.getElementById("previous").addEventListener("click", function () { show(state.page - 1); });
  document.getElementById("next").addEventListener("click", function () { show(state.page + 1); });
  document.getElementById("check").addEventListener("click", function () {
    var chosen = document.querySelector("input[name=answer]:checked");
    if (!chosen) { return; }
    state.answer = chosen.value;
    var score = chosen.value === "register" ? 100 : 0;
    document.getElementById("feedback").textContent = score ? "ត្រឹមត្រូវ! / Correct!" : "មិនទាន់ត្រូវ។ / Not quite.";
    document.getElementById("result").textContent = "ពិន្ទុ / Score: " + score + " / 100";
    set("cmi.suspend_data", JSON.stringify(state));
    commit();
  });
  document.getElementById("finish").addEventListener("click", function () {
    if (finished || !api) { return; }
    // The score is reported when the learner finishes, so the module counts once it is done.
    var score = state.answer === "register" ? 100 : 0;
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", String(score));
    set("cmi.core.lesson_status", score >= 80 ? "passed" : "failed");
    set("cmi.core.exit", "");
    commit();
    api.LMSFinish("");
    finished = true;
    document.getElementById("result").textContent += " ✓";
  });
  window.addEventListener("pagehide", function () {
    if (!finished && api) {
      set("cmi.core.exit", "suspend");
      commit();
    }
  });

  show(state.page);
}());

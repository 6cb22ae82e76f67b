/* Quiz pages, progressively enhanced: the form works without this script (every button saves,
   then moves). With it, each choice is saved as soon as it is made and the learner is told, in
   their language, whether it reached the server; a timed quiz shows a live countdown computed
   from the seconds the server said were left (the server's deadline stays the authority). */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave-url]");
  if (form) {
    var status = form.querySelector(".save-status");
    var url = form.getAttribute("data-autosave-url");
    var dirty = false;
    var timer = null;

    var say = function (key, state) {
      if (!status) return;
      status.textContent = status.getAttribute("data-" + key) || "";
      status.setAttribute("data-state", state);
    };

    // A partly filled ordering or matching answer, or an empty text box, is not an answer yet.
    var complete = function () {
      var fields = form.querySelectorAll("input:not([type=hidden]):not([disabled]), select:not([disabled])");
      var choice = false;
      var hasChoice = false;
      for (var i = 0; i < fields.length; i++) {
        var field = fields[i];
        if (field.type === "radio" || field.type === "checkbox") {
          hasChoice = true;
          if (field.checked) choice = true;
        } else if (!field.value.trim()) {
          return false;
        }
      }
      return hasChoice ? choice : fields.length > 0;
    };

    var save = function () {
      clearTimeout(timer);
      if (!complete()) return;
      dirty = false;
      var body = new FormData(form);
      say("saving", "saving");
      var request = fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          if (response.ok) {
            say("saved", "saved");
            var slot = form.querySelector(".quiz-nav button[aria-current]");
            var nav = form.querySelector(".quiz-nav");
            if (slot && slot.classList.contains("unanswered")) {
              slot.classList.remove("unanswered");
              slot.classList.add("answered");
              var hidden = slot.querySelector(".visually-hidden");
              if (hidden && nav) hidden.textContent = " " + nav.getAttribute("data-answered-label");
              var progress = document.getElementById("quiz-progress");
              if (progress) progress.value = Number(progress.value) + 1;
            }
          } else if (response.status === 409 || response.status === 404) {
            // Submitted elsewhere or time is up: the server shows what happened.
            window.location.reload();
          } else {
            dirty = true;
            say("refused", "failed");
          }
        })
        .catch(function () {
          dirty = true;
          say("offline", "failed");
        });
      return request;
    };

    form.addEventListener("change", save);
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "INPUT" && (event.target.type === "text" || !event.target.type)) {
        dirty = true;
        clearTimeout(timer);
        timer = setTimeout(save, 1200);
      }
    });
    window.addEventListener("online", function () {
      if (dirty) save();
    });
    // Closing the tab with a typed answer not yet sent: hand it to the browser to deliver.
    window.addEventListener("pagehide", function () {
      if (dirty && complete() && navigator.sendBeacon) {
        navigator.sendBeacon(url, new FormData(form));
      }
    });
  }

  var countdown = document.querySelector(".countdown[data-seconds-left]");
  if (countdown) {
    var value = countdown.querySelector(".countdown-value");
    var ends = Date.now() + parseInt(countdown.getAttribute("data-seconds-left"), 10) * 1000;
    var estimate = document.querySelector(".time-left");
    var tick = function () {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      value.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) {
        clearInterval(interval);
        // The server grades what was saved once the deadline has passed; reloading shows the result.
        window.setTimeout(function () {
          window.location.reload();
        }, 1500);
      }
    };
    countdown.hidden = false;
    if (estimate) estimate.hidden = true;
    var interval = setInterval(tick, 1000);
    tick();
  }
})();

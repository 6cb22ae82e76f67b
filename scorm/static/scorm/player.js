/*
 * The SCORM player of a lesson: asks the server for the learner's attempt (launch), puts
 * scorm-again's API where the package looks for it (window.API for SCORM 1.2, window.API_1484_11
 * for SCORM 2004) with the saved runtime data loaded, then opens the package in the frame.
 *
 * Every LMSCommit/Commit (and the commit scorm-again makes on LMSFinish/Terminate) is posted to
 * the attempt's commit URL with the CSRF token. Commits are synchronous XHR, as SCORM expects
 * (the package may read back what it saved); the final commit falls back to fetch(keepalive)
 * when the page is being closed and the browser refuses synchronous requests.
 *
 * A package with several SCOs is played one SCO per page visit: the launch answer lists the
 * parts, the player shows them with previous/next links (`?sco=<identifier>`), and leaving for
 * another part finishes the current one like leaving the page does.
 */
(function () {
  "use strict";

  var section = document.querySelector("[data-scorm-player]");
  if (!section || window.API || window.API_1484_11) {
    return; // one SCORM player per page: the API is a single global
  }
  var status = section.querySelector("[data-scorm-status]");
  var frame = section.querySelector("[data-scorm-frame]");
  var token = (section.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var version = section.getAttribute("data-version");
  var parts = section.querySelector("[data-scorm-parts]");
  var TRUE = "true";
  var FALSE = "false";

  function say(message, kind) {
    status.textContent = message;
    status.className = "scorm-status" + (kind ? " is-" + kind : "");
  }

  function commitService(launch) {
    var failed = false;
    function answer(ok, text) {
      var data = null;
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
      if (!ok) {
        failed = true;
        say(section.getAttribute("data-message-error"), "error");
        return { result: FALSE, errorCode: 391 };
      }
      if (failed) {
        failed = false;
        say("");
      }
      if (data && data.completed) {
        say(section.getAttribute("data-message-done"), "done");
        section.setAttribute("data-completed", "true");
      } else if (data && data.sco_completed) {
        say(section.getAttribute("data-message-part-done"), "done");
        markDone(data.sco);
      }
      return { result: TRUE, errorCode: 0 };
    }
    function body(params) {
      return JSON.stringify({ session: launch.session, cmi: params && params.cmi ? params.cmi : params });
    }
    return {
      processHttpRequest: function (url, params, immediate) {
        var payload = body(params);
        try {
          var xhr = new XMLHttpRequest();
          xhr.open("POST", launch.commit_url, false);
          xhr.setRequestHeader("Content-Type", "application/json");
          xhr.setRequestHeader("X-CSRFToken", token);
          xhr.send(payload);
          return answer(xhr.status >= 200 && xhr.status < 300, xhr.responseText);
        } catch (error) {
          if (immediate && window.fetch) {
            fetch(launch.commit_url, {
              method: "POST",
              keepalive: true,
              credentials: "same-origin",
              headers: { "Content-Type": "application/json", "X-CSRFToken": token },
              body: payload,
            });
            return { result: TRUE, errorCode: 0 };
          }
          return answer(false, "");
        }
      },
      updateSettings: function () {},
    };
  }

  function partUrl(id) {
    var url = new URL(window.location.href);
    url.searchParams.set("sco", id);
    url.hash = section.id;
    return url.pathname + url.search + url.hash;
  }

  function markDone(id) {
    var item = parts.querySelector('[data-sco="' + CSS.escape(id) + '"]');
    if (item && !item.querySelector(".badge")) {
      var badge = document.createElement("span");
      badge.className = "badge badge-done";
      badge.textContent = section.getAttribute("data-label-done");
      item.appendChild(document.createTextNode(" "));
      item.appendChild(badge);
    }
  }

  function link(id, text, rel) {
    var a = document.createElement("a");
    a.href = partUrl(id);
    a.textContent = text;
    if (rel) {
      a.rel = rel;
      a.className = "button";
    }
    return a;
  }

  function showParts(launch) {
    var scos = launch.scos || [];
    if (scos.length < 2) {
      return;
    }
    var list = parts.querySelector("ol");
    var index = 0;
    scos.forEach(function (sco, i) {
      var item = document.createElement("li");
      item.setAttribute("data-sco", sco.id);
      if (sco.id === launch.sco) {
        index = i;
        var here = document.createElement("span");
        here.setAttribute("aria-current", "step");
        here.textContent = sco.title;
        item.appendChild(here);
      } else {
        item.appendChild(link(sco.id, sco.title));
      }
      list.appendChild(item);
      if (sco.done) {
        markDone(sco.id);
      }
    });
    var steps = parts.querySelector(".scorm-steps");
    if (index > 0) {
      steps.appendChild(link(scos[index - 1].id, section.getAttribute("data-label-previous"), "prev"));
    }
    if (index < scos.length - 1) {
      steps.appendChild(document.createTextNode(" "));
      steps.appendChild(link(scos[index + 1].id, section.getAttribute("data-label-next"), "next"));
    }
    parts.hidden = false;
  }

  function start(launch) {
    showParts(launch);
    var settings = { autocommit: false, logLevel: 4, lmsCommitUrl: false };
    if (!launch.preview) {
      settings.lmsCommitUrl = launch.commit_url;
      settings.httpService = commitService(launch);
    }
    var api;
    if (version === "2004") {
      api = new window.Scorm2004API(settings);
      api.loadFromJSON(launch.cmi || {});
      window.API_1484_11 = api;
    } else {
      api = new window.Scorm12API(settings);
      api.loadFromJSON(launch.cmi || {});
      window.API = api;
    }
    if (launch.preview) {
      say(section.getAttribute("data-message-preview"));
    } else if (launch.completed) {
      say(section.getAttribute("data-message-done"), "done");
      section.setAttribute("data-completed", "true");
    } else if (launch.sco_completed) {
      say(section.getAttribute("data-message-part-done"), "done");
    } else {
      say("");
    }
    frame.src = launch.content_url;
    frame.hidden = false;
  }

  var wanted = new URLSearchParams(window.location.search).get("sco") || "";
  fetch(section.getAttribute("data-launch-url"), {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": token, Accept: "application/json" },
    body: new URLSearchParams({ sco: wanted }),
  })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(start)
    .catch(function () {
      say(section.getAttribute("data-message-failed"), "error");
    });
})();

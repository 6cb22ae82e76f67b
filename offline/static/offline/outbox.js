/* The outbox of PES Learning (loaded by app.js when there is no connection or something waits).
   What a learner does without a connection is kept in IndexedDB ("pes-outbox"; it survives closing
   the browser or restarting the phone) and sent, oldest first, when the connection returns:
   "Mark as complete", a quiz answer (each choice, with when it was chosen), a quiz's submission and a
   check-in code (with when it was typed). Each action carries an identity (Idempotency-Key), so
   sending it twice changes nothing on the server (offline.views). The server's rules still decide:
   an action refused (a quiz closed meanwhile) stays on the device, marked "not sent" with the
   server's reason, until the learner removes it. The status area (offline/status.html) lists what
   is waiting and what was refused on every page. */
(function () {
  "use strict";
  const status = document.getElementById("offline-status");
  if (!status || !("indexedDB" in window)) {
    return;
  }
  const user = status.dataset.user;
  const lang = document.documentElement.lang;
  const summary = status.querySelector("[data-testid=outbox-summary]");
  const list = status.querySelector("[data-testid=outbox-list]");

  function store(mode, work) {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open("pes-outbox", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("actions", { keyPath: "key" });
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const transaction = db.transaction("actions", mode);
        const result = work(transaction.objectStore("actions"));
        transaction.oncomplete = () => {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        transaction.onerror = () => reject(transaction.error);
      };
    });
  }

  // In the order the learner did them, on this device (the clock may go back; the counter does not).
  function nextSequence() {
    const last = Number(localStorage.getItem("pes-outbox-seq") || 0);
    const seq = Math.max(Date.now(), last + 1);
    localStorage.setItem("pes-outbox-seq", String(seq));
    return seq;
  }

  async function actions() {
    const all = ((await store("readonly", (s) => s.getAll())) || []).filter((action) => action.user === user);
    return all.sort((a, b) => (a.seq || 0) - (b.seq || 0));
  }

  function text(template, values) {
    return Object.keys(values).reduce((result, name) => result.replace("{" + name + "}", values[name]), template);
  }

  function describe(action) {
    let line = action.label || action.url;
    if (action.answer) {
      line += " — " + text(status.dataset.answer, { answer: action.answer });
    }
    return line;
  }

  async function show() {
    const all = user ? await actions() : [];
    const waiting = all.filter((action) => !action.refused);
    const parts = [];
    if (!navigator.onLine) {
      parts.push(status.dataset.offline);
    }
    if (waiting.length) {
      parts.push(status.dataset.waiting.replace("{count}", new Intl.NumberFormat(lang).format(waiting.length)));
    }
    summary.textContent = parts.join(" ");
    list.replaceChildren(
      ...all.map((action) => {
        const item = document.createElement("li");
        item.dataset.kind = action.kind || "complete";
        item.dataset.state = action.refused ? "refused" : "waiting";
        item.textContent = describe(action) + " — ";
        const state = document.createElement("strong");
        state.textContent = action.refused ? text(status.dataset.refused, { reason: action.refused }) : status.dataset.pending;
        item.append(state);
        if (action.refused) {
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "button secondary small";
          remove.textContent = status.dataset.remove;
          remove.addEventListener("click", async () => {
            await store("readwrite", (s) => s.delete(action.key));
            show();
          });
          item.append(" ", remove);
        }
        return item;
      })
    );
    localStorage.setItem("pes-outbox-" + user, String(all.length)); // app.js loads this file while it is not 0
    status.dataset.waitingCount = String(waiting.length);
    status.dataset.refusedCount = String(all.length - waiting.length);
    status.hidden = parts.length === 0 && all.length === 0;
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function reasonOf(response) {
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const reason = doc.querySelector("main .error-card p, main p");
    return reason ? reason.textContent.trim() : String(response.status);
  }

  let sending = false;
  async function send() {
    if (sending || !navigator.onLine || !user) {
      return;
    }
    sending = true;
    try {
      for (const action of (await actions()).filter((a) => !a.refused)) {
        const body = new URLSearchParams(action.fields || []);
        body.set("lang", action.lang || lang);
        body.set("sent_at", String(Date.now()));
        let response;
        try {
          response = await fetch(action.url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Idempotency-Key": action.key, "X-CSRFToken": csrfToken() },
            body,
          });
        } catch (error) {
          break; // still no connection: try again at the next "online"
        }
        if (response.ok) {
          await store("readwrite", (s) => s.delete(action.key));
        } else if (response.status >= 400 && response.status < 500 && response.status !== 403) {
          // The rules refused it: keep it where the learner sees it, with the reason.
          action.refused = await reasonOf(response);
          await store("readwrite", (s) => s.put(action));
        } else {
          break; // a server error or a stale token: keep it for the next try
        }
      }
    } finally {
      sending = false;
      await show();
      if (attempt) {
        await restoreAnswers(); // what happened to this question's answer shows beside it
      }
    }
  }

  async function queue(action) {
    Object.assign(action, { key: crypto.randomUUID(), user, lang, seq: nextSequence(), page: location.pathname, at: new Date().toISOString() });
    await store("readwrite", (s) => s.put(action));
    show();
    return action;
  }

  function note(testid, message) {
    const element = document.createElement("p");
    element.className = "badge badge-progress";
    element.dataset.testid = testid;
    element.setAttribute("role", "status");
    element.textContent = message;
    return element;
  }

  function heading() {
    const h1 = document.querySelector("main h1");
    return h1 ? h1.textContent.trim() : document.title;
  }

  /* Lessons: "Mark as complete". */
  const lesson = document.querySelector("[data-testid=offline-lesson]");

  /* Quizzes: the question form of an attempt (assessments/attempt.html) and its confirmation page. */
  const questionForm = document.querySelector("form.question-form[data-autosave-url]");
  const attemptMatch = questionForm && new URL(questionForm.action).pathname.match(/\/attempts\/([0-9a-f-]{36})\/$/);
  const attempt = attemptMatch ? attemptMatch[1] : null;
  const position = questionForm ? questionForm.querySelector("input[name=position]").value : null;

  function answerFields(form) {
    return [...new FormData(form).entries()].filter(([name, value]) => name !== "csrfmiddlewaretoken" && name !== "position" && typeof value === "string");
  }

  function answered(fields) {
    return fields.some(([, value]) => value.trim());
  }

  // What the learner chose, in words: kept beside the answer so it stays readable if it is refused.
  function answerInWords(form) {
    const words = [];
    form.querySelectorAll(".question input, .question select").forEach((field) => {
      if ((field.type === "radio" || field.type === "checkbox") && field.checked) {
        words.push(field.closest("label").textContent.trim());
      } else if (field.tagName === "SELECT" && field.value) {
        const label = form.querySelector("label[for='" + field.id + "']");
        words.push((label ? label.textContent.trim() + ": " : "") + field.selectedOptions[0].textContent.trim());
      } else if (field.type === "text" || (field.tagName === "INPUT" && !field.type)) {
        if (field.value.trim()) words.push(field.value.trim());
      }
    });
    return words.join("; ");
  }

  let lastQueued = "";
  function sayOnQuestion(message, state) {
    const line = questionForm.querySelector(".save-status");
    line.textContent = message;
    line.dataset.state = state;
  }

  async function queueAnswer() {
    const fields = answerFields(questionForm);
    const serialised = JSON.stringify(fields);
    if (!answered(fields) || serialised === lastQueued) {
      return;
    }
    lastQueued = serialised;
    const quiz = heading();
    await queue({
      kind: "answer",
      url: "/offline/attempts/" + attempt + "/answer.json",
      attempt,
      position,
      fields: [...fields, ["position", position], ["chosen_at", String(Date.now())]],
      label: text(status.dataset.labelAnswer, { name: quiz, n: new Intl.NumberFormat(lang).format(Number(position)) }),
      answer: answerInWords(questionForm),
    });
    sayOnQuestion(status.dataset.queued, "queued");
    const slot = questionForm.querySelector(".quiz-nav button[aria-current]");
    if (slot) {
      slot.classList.replace("unanswered", "answered");
    }
  }

  // Answers waiting or refused for this attempt show on its question pages as the learner left them.
  async function restoreAnswers() {
    const mine = (await actions()).filter((a) => a.kind === "answer" && a.attempt === attempt);
    mine.forEach((action) => {
      const slot = questionForm.querySelector("[data-testid=go-" + action.position + "]");
      if (slot) slot.classList.replace("unanswered", "answered");
    });
    const newest = mine.filter((a) => a.position === position).pop();
    if (!newest) {
      if (lastQueued) {
        // Queued on this page and now sent.
        const line = questionForm.querySelector(".save-status");
        sayOnQuestion(line.dataset.saved, "saved");
      }
      return;
    }
    const fields = newest.fields.filter(([name]) => name !== "position" && name !== "chosen_at");
    questionForm.querySelectorAll(".question input, .question select").forEach((field) => {
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = fields.some(([name, value]) => name === field.name && value === field.value);
      } else {
        const found = fields.find(([name]) => name === field.name);
        field.value = found ? found[1] : "";
      }
    });
    lastQueued = JSON.stringify(answerFields(questionForm));
    if (newest.refused) {
      sayOnQuestion(text(status.dataset.refused, { reason: newest.refused }), "refused");
    } else {
      sayOnQuestion(status.dataset.queued, "queued");
    }
  }

  const submitForm = document.querySelector("[data-testid=submit-confirmation] form");
  const checkinForm = document.querySelector("form.checkin-form");

  // Capturing listeners: without a connection the outbox answers first, and quiz.js (which would
  // try the network) never sees the event.
  document.addEventListener(
    "change",
    (event) => {
      if (navigator.onLine || !attempt || event.target.form !== questionForm) {
        return;
      }
      event.stopPropagation();
      queueAnswer();
    },
    true
  );
  // Typing: the answer is queued when the field is left (change) or the learner moves on.
  document.addEventListener(
    "input",
    (event) => {
      if (!navigator.onLine && attempt && event.target.form === questionForm) {
        event.stopPropagation();
      }
    },
    true
  );

  document.addEventListener(
    "submit",
    async (event) => {
      const form = event.target;
      if (navigator.onLine) {
        return;
      }
      if (lesson && form.classList.contains("complete-form")) {
        event.preventDefault();
        await queue({ kind: "complete", url: lesson.dataset.complete, label: text(status.dataset.labelComplete, { title: heading() }) });
        form.replaceWith(note("queued", status.dataset.queued));
      } else if (attempt && form === questionForm) {
        event.preventDefault();
        event.stopPropagation();
        const go = event.submitter ? event.submitter.value : "save";
        await queueAnswer();
        const total = questionForm.querySelectorAll(".quiz-nav li").length;
        const here = Number(position);
        let target = here;
        if (go === "submit") {
          location.href = questionForm.action + "submit/";
          return;
        } else if (go === "previous") {
          target = Math.max(1, here - 1);
        } else if (go === "next") {
          target = Math.min(total, here + 1);
        } else if (/^\d+$/.test(go)) {
          target = Number(go);
        }
        if (target !== here) {
          location.href = questionForm.action + "?q=" + target + "#question";
        }
      } else if (submitForm && form === submitForm) {
        event.preventDefault();
        const uuid = new URL(form.action).pathname.match(/\/attempts\/([0-9a-f-]{36})\/submit\/$/)[1];
        const quiz = document.querySelector("[data-testid=submit-confirmation] strong").textContent.trim();
        await queue({ kind: "submit", url: "/offline/attempts/" + uuid + "/submit.json", attempt: uuid, label: text(status.dataset.labelSubmit, { name: quiz }) });
        form.replaceWith(note("queued", status.dataset.queued));
      } else if (checkinForm && form === checkinForm) {
        event.preventDefault();
        const code = form.querySelector("input[name=code]").value.trim();
        if (!code) {
          return;
        }
        await queue({
          kind: "checkin",
          url: "/offline/check-in.json",
          fields: [["code", code], ["entered_at", String(Date.now())]],
          label: text(status.dataset.labelCheckin, { code }),
        });
        form.replaceWith(note("queued", status.dataset.queued));
      }
    },
    true
  );

  window.addEventListener("online", send);
  window.addEventListener("offline", show);
  (attempt ? restoreAnswers() : Promise.resolve()).then(show).then(send);
})();

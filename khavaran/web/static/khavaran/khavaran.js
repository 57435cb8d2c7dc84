/* Khavaran workspace script (served as a static file: the CSP allows no inline script).
 *
 * Cite while reading: the reader selects text inside #source-text; we send the selection's
 * start and end as offsets in Unicode code points into the source's text (the server's
 * Python str indexes), plus the selected words so the server can check the span.
 * The browser counts UTF-16 units; counting with the string iterator ([...s]) turns them into
 * code points, so characters outside the BMP count once, as they do in Python.
 */
(function () {
  "use strict";

  function codePoints(text) {
    var n = 0;
    for (var _ of text) { n += 1; }  // eslint-disable-line no-unused-vars
    return n;
  }

  // Offset, in code points, of (node, offset) from the start of container's text.
  function offsetIn(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function currentSpan(container) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
      return null;
    }
    var start = offsetIn(container, range.startContainer, range.startOffset);
    var end = offsetIn(container, range.endContainer, range.endOffset);
    return end > start ? { start: start, end: end, quote: range.toString() } : null;
  }

  // The span of `quote` in the container's text, whitespace matched loosely (a passage pasted
  // from elsewhere breaks its lines elsewhere); the quote sent is the text's own words.
  function findQuote(container, quote) {
    var words = quote.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) { return null; }
    var escaped = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var pattern = new RegExp(escaped.join("\\s+"), "gu");
    var text = container.textContent;
    var first = pattern.exec(text);
    if (!first) { return null; }
    var again = pattern.exec(text) !== null;
    var start = codePoints(text.slice(0, first.index));
    return { start: start, end: start + codePoints(first[0]), quote: first[0], many: again };
  }

  function setUpCiting() {
    var container = document.getElementById("source-text");
    var button = document.getElementById("cite-button");
    if (!container || !button || !container.dataset.excerptUrl) { return; }
    var shown = document.getElementById("cite-selection");
    var panel = document.getElementById("cite-panel");
    var status = document.getElementById("cite-status");
    var box = document.getElementById("cite-quote");
    var citeBox = document.getElementById("cite-box");
    var span = null;

    function choose(found, message) {
      span = found;
      button.disabled = !span;
      citeBox.classList.toggle("has-span", !!span);
      if (span) { shown.textContent = span.quote; }
      shown.hidden = !span;
      if (status && message !== undefined) { status.textContent = message; }
    }

    document.addEventListener("selectionchange", function () {
      var found = currentSpan(container);
      if (found) { choose(found, box ? box.dataset.selected : ""); }
    });
    if (box) {
      box.addEventListener("input", function () {
        var found = findQuote(container, box.value);
        if (!box.value.trim()) { choose(null, ""); return; }
        var message = !found ? box.dataset.notFound
          : (found.many ? box.dataset.foundMany : box.dataset.found);
        // Shown beside the text, not selected in it: selecting would take the typing away.
        choose(found, message);
      });
    }
    button.addEventListener("click", function () {
      if (!span) { return; }
      var body = new URLSearchParams({ start: span.start, end: span.end, quote: span.quote });
      fetch(container.dataset.excerptUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" }
      }).then(function (response) { return response.text(); }).then(function (html) {
        panel.innerHTML = html;  // server-rendered, escaped template
        if (window.htmx) { window.htmx.process(panel); }
        // A keyboard reader goes on from what was made: the first link, or the refusal.
        var next = panel.querySelector("a, [role=alert]");
        if (next) {
          if (!next.matches("a")) { next.setAttribute("tabindex", "-1"); }
          next.focus();
        }
      });
    });
  }

  // Text typed in either script reads in its own direction: a Latin name on a Persian page
  // is left-aligned with its punctuation in place (and Persian on an English page).
  var TEXT_INPUTS = "input:not([type]), input[type=text], input[type=search], " +
    "input[type=email], input[type=url], input[type=tel], textarea";

  function typeInOwnDirection(root) {
    root.querySelectorAll(TEXT_INPUTS).forEach(function (input) {
      if (!input.hasAttribute("dir")) { input.setAttribute("dir", "auto"); }
    });
  }

  // One-time tokens (web/once.py): each POST form gets its page's seed and its number, so the
  // same page brought back by Back sends the same token and is refused the second time. The
  // seed is kept in the history entry: Back may show the page from memory or fetch it again
  // (a new seed from the server), the entry's seed is the same either way.
  var formsNumbered = 0;
  var pageSeed = null;

  function onceSeed() {
    if (pageSeed) { return pageSeed; }
    var state = window.history.state;
    var meta = document.querySelector('meta[name="once-seed"]');
    if (state && typeof state.onceSeed === "string") {
      pageSeed = state.onceSeed;
    } else if (meta) {
      pageSeed = meta.getAttribute("content");
      var kept = Object.assign({}, state || {}, { onceSeed: pageSeed });
      window.history.replaceState(kept, "");
    }
    return pageSeed;
  }

  function numberForms(root) {
    var seed = onceSeed();
    if (!seed) { return; }
    var forms = root.matches && root.matches("form") ? [root] : root.querySelectorAll("form");
    Array.prototype.forEach.call(forms, function (form) {
      var post = (form.getAttribute("method") || "").toLowerCase() === "post" ||
        form.hasAttribute("hx-post");
      if (!post || form.querySelector('input[name="_once"]')) { return; }
      formsNumbered += 1;
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = "_once";
      field.value = seed + "." + formsNumbered;
      form.appendChild(field);
    });
  }

  // A second click on Save while the first is on its way sends nothing more.
  function sendFormsOnce() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.hasAttribute("hx-post") || (form.method || "").toLowerCase() !== "post") { return; }
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
      // A form whose answer is a download leaves the page in place: it may be sent again.
      window.setTimeout(function () { delete form.dataset.sending; }, 5000);
    });
    // Back brings the page as it was left: let its forms be sent (the server decides).
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form[data-sending]").forEach(function (form) {
        delete form.dataset.sending;
      });
    });
  }

  // Upload progress: htmx sends the form by XHR and reports its progress events.
  function setUpUploadProgress() {
    document.body.addEventListener("htmx:xhr:progress", function (event) {
      var bar = document.getElementById("upload-progress");
      if (!bar || !event.detail.lengthComputable) { return; }
      bar.hidden = false;
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    });
  }

  // A form sent with mistakes: its error summary takes the focus (a screen reader says the
  // form was not saved and what is wrong); a link in it moves to its field, not just there.
  function focusErrorSummary(root) {
    var summary = root.querySelector ? root.querySelector("[data-error-summary]") : null;
    if (!summary && root.matches && root.matches("[data-error-summary]")) { summary = root; }
    if (!summary) { return; }
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) { return; }
        event.preventDefault();
        field.scrollIntoView({ block: "center" });
        field.focus();
      });
    });
  }

  // The session's idle timeout (WCAG 2.2.1). A dialog warns before it ends and keeps it with
  // one button (a POST to the keep-alive address); once it has ended, the page keeps what was
  // typed and sends no form until the reader has signed in again (in a new tab) and chosen
  // Continue, which sends the form they had tried to send. The end time is shared by the
  // tabs (localStorage): a page used in one tab keeps the others from warning.
  // A page is its account's (body's data-account, the keep-alive's `account`): when the
  // session is now another account's (a shared computer), it sends nothing it held and keeps
  // the old CSRF token (the server refuses what it sends), and says so.
  var SESSION_ENDS = "khavaran.sessionEndsAt";

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) {
      return c.indexOf(name + "=") === 0;
    })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  // Where the browser keeps no localStorage, this tab keeps the time alone.
  var kept = {};

  function stored(key) {
    try {
      var value = window.localStorage.getItem(key);
      if (value !== null) { return Number(value) || 0; }
    } catch (e) { /* storage refused */ }
    return kept[key] || 0;
  }

  function store(key, value) {
    kept[key] = value;
    try { window.localStorage.setItem(key, String(value)); } catch (e) { /* storage refused */ }
  }

  function setUpSessionWarning() {
    var dialog = document.getElementById("session-warning");
    if (!dialog || typeof dialog.showModal !== "function") { return null; }
    var warnMs = Number(dialog.dataset.warnSeconds) * 1000;
    var ageMs = Number(dialog.dataset.sessionAge) * 1000;
    var title = document.getElementById("session-warning-title");
    var text = document.getElementById("session-warning-text");
    var status = document.getElementById("session-warning-status");
    var extend = dialog.querySelector("[data-session-extend]");
    var signIn = dialog.querySelector("[data-session-sign-in]");
    var resume = dialog.querySelector("[data-session-resume]");
    var reload = dialog.querySelector("[data-session-reload]");
    var account = document.body.dataset.account || "";
    var timer = null;
    var ended = false;
    var returnTo = null;
    var held = null;  // the form the reader tried to send after the end, and its button
    var foreign = false;  // the session is another account's

    // "ending", "ended" or "other" (another account signed in): past "ending", nothing is sent.
    function show(state) {
      ended = state !== "ending";
      title.textContent = title.dataset[state];
      text.textContent = text.dataset[state];
      extend.hidden = ended;
      resume.hidden = !ended;
      signIn.hidden = state !== "ended";
      reload.hidden = state !== "other";
      status.textContent = "";
      if (!dialog.open) {
        returnTo = document.activeElement;
        dialog.showModal();
      }
      ({ ending: extend, ended: signIn, other: reload })[state].focus();
    }

    function close() {
      if (!dialog.open) { return; }
      dialog.close();
      if (returnTo && document.contains(returnTo)) { returnTo.focus(); }
    }

    function schedule() {
      window.clearTimeout(timer);
      if (ended) { return; }
      var left = stored(SESSION_ENDS) - Date.now();
      if (left <= 0) { show("ended"); return; }
      if (left <= warnMs) {
        if (!dialog.open) { show("ending"); }
        timer = window.setTimeout(schedule, left);
        return;
      }
      close();  // another tab kept the session
      timer = window.setTimeout(schedule, Math.min(left - warnMs, 2147483647));
    }

    function endsIn(seconds) {
      store(SESSION_ENDS, Date.now() + seconds * 1000);
      schedule();
    }

    // The CSRF cookie is renewed by signing in again: the page's forms send its new value,
    // once the session is known to be this page's account's.
    function useToken(token) {
      document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
        input.value = token;
      });
      var meta = document.querySelector('meta[name="csrf-token"]');
      if (meta) { meta.setAttribute("content", token); }
      document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token }));
    }

    // Answers the time left, and `ours`: whether the session is this page's account's.
    function keepAlive() {
      var token = cookie(dialog.dataset.csrfCookie) || csrfToken();
      return fetch(dialog.dataset.keepAlive, {
        method: "POST", credentials: "same-origin", redirect: "manual",
        headers: { "X-CSRFToken": token, "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok || response.type === "opaqueredirect") {
          foreign = false;
          throw new Error("signed out");
        }
        return response.json();
      }).then(function (answer) {
        answer.ours = account !== "" && answer.account === account;
        foreign = !answer.ours;
        if (answer.ours) { useToken(token); }
        return answer;
      });
    }

    // What was typed stays, unsent; the other account's tabs keep their (renewed) time.
    function otherAccount(answer) {
      store(SESSION_ENDS, Date.now() + answer.seconds_left * 1000);
      show("other");
    }

    extend.addEventListener("click", function () {
      keepAlive().then(function (answer) {
        if (!answer.ours) { otherAccount(answer); return; }
        close();
        endsIn(answer.seconds_left);
      }, function () { ended = false; store(SESSION_ENDS, 0); show("ended"); });
    });
    resume.addEventListener("click", function () {
      keepAlive().then(function (answer) {
        if (!answer.ours) { otherAccount(answer); return; }
        var form = held;
        held = null;
        ended = false;
        close();
        endsIn(answer.seconds_left);
        if (form && document.contains(form.form)) {
          form.form.requestSubmit(form.submitter && form.submitter.form === form.form
            ? form.submitter : undefined);
        }
      }, function () { status.textContent = status.dataset.notYet; });
    });
    reload.addEventListener("click", function () { window.location.reload(); });
    // Escape keeps the session, as the button does; once ended, it closes the dialog.
    dialog.addEventListener("cancel", function (event) {
      if (!ended) { event.preventDefault(); extend.click(); }
    });
    // Nothing is sent once the session has ended: it would be refused, and what was typed lost.
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var action = form.getAttribute("action") || "";
      if (action === "/logout/") { store(SESSION_ENDS, 0); return; }
      // The language switch needs no session.
      if (action === "/language/") { return; }
      if (!ended && stored(SESSION_ENDS) > Date.now()) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      held = { form: form, submitter: event.submitter };
      show(foreign ? "other" : "ended");
    }, true);
    // The server says so too (sessions.py answers htmx 401 when the session has ended).
    document.body.addEventListener("khavaranSessionEnded", function (event) {
      var form = event.target.closest ? event.target.closest("form") : null;
      held = form ? { form: form } : held;
      store(SESSION_ENDS, 0);
      ended = false;
      show("ended");
    });
    // A request that reached the server renewed the session (at most a minute ago).
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful) {
        var renewed = Date.now() + ageMs - 60000;
        if (renewed > stored(SESSION_ENDS)) { endsIn((renewed - Date.now()) / 1000); }
      }
    });
    window.addEventListener("storage", function (event) {
      if (event.key === SESSION_ENDS) { schedule(); }
    });
    // This page's answer came with the session's time left: the freshest word on it.
    endsIn(Number(dialog.dataset.secondsLeft));
    return dialog;
  }

  // Bring a cited passage into view when the page is opened from a citation.
  function focusExcerpt() {
    var focused = document.querySelector("mark.focus");
    if (focused) { focused.scrollIntoView({ block: "center" }); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    typeInOwnDirection(document);
    numberForms(document);
    sendFormsOnce();
    setUpCiting();
    setUpUploadProgress();
    focusExcerpt();
    focusErrorSummary(document);
    setUpSessionWarning();
    // What htmx swaps in (a form with its errors, a review panel) is set up the same way.
    document.body.addEventListener("htmx:load", function (event) {
      typeInOwnDirection(event.target);
      numberForms(event.target);
      if (event.target !== document.body) { focusErrorSummary(event.target); }
    });
  });
})();

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
    // What htmx swaps in (a form with its errors, a review panel) is set up the same way.
    document.body.addEventListener("htmx:load", function (event) {
      typeInOwnDirection(event.target);
      numberForms(event.target);
    });
  });
})();

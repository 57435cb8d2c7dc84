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

  function setUpCiting() {
    var container = document.getElementById("source-text");
    var button = document.getElementById("cite-button");
    if (!container || !button || !container.dataset.excerptUrl) { return; }
    var shown = document.getElementById("cite-selection");
    var panel = document.getElementById("cite-panel");
    var span = null;
    document.addEventListener("selectionchange", function () {
      var found = currentSpan(container);
      if (found) { span = found; }
      button.disabled = !span;
      if (span) { shown.textContent = span.quote; shown.hidden = false; }
    });
    button.addEventListener("click", function () {
      if (!span) { return; }
      var body = new URLSearchParams({ start: span.start, end: span.end, quote: span.quote });
      fetch(container.dataset.excerptUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" }
      }).then(function (response) { return response.text(); }).then(function (html) {
        panel.innerHTML = html;  // server-rendered, escaped template
        if (window.htmx) { window.htmx.process(panel); }
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
    setUpCiting();
    setUpUploadProgress();
    focusExcerpt();
  });
})();

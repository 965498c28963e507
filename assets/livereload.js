// clause serve: reloads the page when a rebuild touched it, swaps stylesheets when only CSS
// changed, and shows build errors over the page until they are fixed. Served only by
// `clause serve --watch`, never written by `clause build`.
(function () {
  "use strict";
  var overlay = null;
  function here() {
    var p = decodeURIComponent(location.pathname);
    return p.endsWith("/") ? p + "index.html" : p;
  }
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "clause-error-overlay";
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20, 0, 0, 0.92)"; s.color = "#ffdede"; s.padding = "2rem";
      s.font = "14px/1.5 ui-monospace, monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "clause: the last change does not build; the last good pages are shown.\n\n" + text;
  }
  function clearError() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("clause-reload", Date.now().toString());
      links[i].href = url.toString();
    }
  }
  var events = new EventSource("/__clause/events");
  events.onmessage = function (message) {
    var e = JSON.parse(message.data);
    if (e.type === "error") { showError(e.text); }
    else if (e.type === "ok") { clearError(); }
    else if (e.type === "css") { clearError(); swapStyles(); }
    else if (e.type === "reload") {
      clearError();
      if (e.paths.indexOf(here()) >= 0) { location.reload(); }
    }
  };
})();

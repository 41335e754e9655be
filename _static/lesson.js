/* Keyboard access to code blocks and tables that scroll sideways.
 *
 * A listing or a table wider than its box scrolls inside it.  Someone using
 * the keyboard can only scroll it once it can take the focus, so every such
 * box gets tabindex="0", and loses it again when it fits.  A ResizeObserver
 * checks each box whenever its size changes: on load, when the window is
 * resized (on a phone far more listings scroll), and when a collapsed
 * solution or a hidden tab is opened.
 */
(function () {
  "use strict";

  function update(box) {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", "0");
    } else if (box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
    }
  }

  function start() {
    var boxes = document.querySelectorAll("div.highlight > pre, div.wy-table-responsive");
    boxes.forEach(update);
    if ("ResizeObserver" in window) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { update(entry.target); });
      });
      boxes.forEach(function (box) { observer.observe(box); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

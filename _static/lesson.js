/* Keyboard access to code blocks and tables that scroll sideways.
 *
 * A listing or a table wider than its box scrolls inside it.  Someone using
 * the keyboard can only scroll it once it can take the focus, so every such
 * box gets tabindex="0", and loses it again when it fits.  A ResizeObserver
 * checks each box whenever its size changes: on load, when the window is
 * resized (on a phone far more listings scroll), and when a collapsed
 * solution or a hidden tab is opened.
 *
 * The theme wraps each table in div.wy-table-responsive from its own script,
 * at a moment we cannot count on, so a MutationObserver also picks up boxes
 * that appear after the page was first scanned.
 */
(function () {
  "use strict";

  var BOXES = "div.highlight > pre, div.wy-table-responsive";

  function update(box) {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", "0");
    } else if (box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
    }
  }

  function start() {
    var resized = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { update(entry.target); });
    }) : null;

    function watch(box) {
      update(box);
      if (resized) {
        resized.observe(box);
      }
    }

    document.querySelectorAll(BOXES).forEach(watch);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.ELEMENT_NODE && node.matches(BOXES)) {
            watch(node);
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

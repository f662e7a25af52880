/* The inbox from the keyboard: ArrowDown/ArrowUp (or j/k) move between the
   applications of the list, Home/End to the first/last, Enter opens the one
   in focus (it is a link). Without JavaScript, Tab goes through the links. */
(function () {
  "use strict";
  function links(table) {
    return Array.prototype.slice.call(table.querySelectorAll("tbody tr td:first-child a"));
  }
  function onKey(event) {
    var table = event.currentTarget, items = links(table);
    var index = items.indexOf(document.activeElement);
    if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var next = null;
    switch (event.key) {
      case "ArrowDown": case "j": next = Math.min(index + 1, items.length - 1); break;
      case "ArrowUp": case "k": next = Math.max(index - 1, 0); break;
      case "Home": next = 0; break;
      case "End": next = items.length - 1; break;
      default: return;
    }
    event.preventDefault();
    items[next].focus();
  }
  function init() {
    var table = document.querySelector("table.istanze-inbox");
    if (table) {
      table.addEventListener("keydown", onKey);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

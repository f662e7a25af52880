/* TinyMCE 8 draws its editing frame without a title (axe frame-title): name
   each frame after the label of its field, as soon as it appears. */
(function () {
  "use strict";
  function nameFrames() {
    document.querySelectorAll("iframe.tox-edit-area__iframe:not([title])").forEach(function (frame) {
      var id = (frame.id || "").replace(/_ifr$/, "");
      var label = id && document.querySelector('label[for="' + id + '"]');
      var text = label ? label.textContent.replace(/\s+/g, " ").trim() : "";
      var fallback = document.documentElement.lang === "en" ? "Rich text editor" : "Editor di testo formattato";
      frame.setAttribute("title", text || fallback);
    });
  }
  new MutationObserver(nameFrames).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", nameFrames);
})();

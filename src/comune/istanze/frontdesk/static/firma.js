/* Signature pad of the front desk (comune.istanze): the citizen draws on a
 * <canvas>; the form posts it as a PNG data URL. Without JavaScript the
 * section stays hidden and the scan upload is the way. */
(function () {
  "use strict";
  var canvas = document.getElementById("firma-canvas");
  if (!canvas || !canvas.getContext) { return; }
  var section = canvas.closest("section");
  var form = document.getElementById("firma-form");
  var field = document.getElementById("firma_disegnata");
  var ctx = canvas.getContext("2d");
  var drawing = false, inked = false;
  section.hidden = false;
  ctx.lineWidth = 2.5;
  ctx.lineCap = "round";
  ctx.strokeStyle = "#000";

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return {
      x: (event.clientX - box.left) * canvas.width / box.width,
      y: (event.clientY - box.top) * canvas.height / box.height
    };
  }
  canvas.addEventListener("pointerdown", function (event) {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    var p = point(event);
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    var p = point(event);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    inked = true;
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    canvas.addEventListener(name, function () { drawing = false; });
  });
  document.getElementById("firma-cancella").addEventListener("click", function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    inked = false;
  });
  form.addEventListener("submit", function (event) {
    if (!inked) {
      event.preventDefault();
      window.alert("Fai firmare il cittadino nel riquadro prima di salvare.");
      return;
    }
    field.value = canvas.toDataURL("image/png");
  });
})();

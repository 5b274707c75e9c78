// The image form's preview: click it to set the focal point, which the two
// number fields (the keyboard's way to set it) then hold. A new upload is
// drawn from the chosen file, so it shows before anything is sent.
(function () {
  "use strict";

  function setUp() {
    const x = document.getElementById("id_focal_x");
    const y = document.getElementById("id_focal_y");
    const canvas = document.getElementById("focal-point-preview");
    if (!x || !y || !canvas) {
      return;
    }
    const context = canvas.getContext("2d");
    const maxWidth = Number(canvas.dataset.maxWidth);
    let picture = null;

    function draw() {
      if (!picture) {
        return;
      }
      const scale = Math.min(1, maxWidth / picture.width);
      canvas.width = Math.round(picture.width * scale);
      canvas.height = Math.round(picture.height * scale);
      context.drawImage(picture, 0, 0, canvas.width, canvas.height);
      const cx = Number(x.value) * canvas.width;
      const cy = Number(y.value) * canvas.height;
      for (const [colour, width, radius] of [["#fff", 5, 14], ["#a4161a", 3, 14]]) {
        context.strokeStyle = colour;
        context.lineWidth = width;
        context.beginPath();
        context.arc(cx, cy, radius, 0, 2 * Math.PI);
        context.stroke();
      }
    }

    function show(loaded) {
      picture = loaded;
      canvas.hidden = false;
      draw();
    }

    canvas.addEventListener("click", function (event) {
      const box = canvas.getBoundingClientRect();
      x.value = ((event.clientX - box.left) / box.width).toFixed(3);
      y.value = ((event.clientY - box.top) / box.height).toFixed(3);
      draw();
    });
    x.addEventListener("input", draw);
    y.addEventListener("input", draw);

    if (canvas.dataset.src) {
      const stored = new Image();
      stored.addEventListener("load", function () { show(stored); });
      stored.src = canvas.dataset.src;
    }
    const upload = document.getElementById("id_upload");
    if (upload) {
      upload.addEventListener("change", function () {
        if (!upload.files.length) {
          return;
        }
        createImageBitmap(upload.files[0]).then(show, function () {
          // Not a picture the browser reads: the server will say why.
          picture = null;
          canvas.hidden = true;
        });
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

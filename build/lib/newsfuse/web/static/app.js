// newsfuse web app: annotation toggles and upload progress. Served by the app itself.
"use strict";
document.querySelectorAll("input.toggle").forEach(function (box) {
  box.addEventListener("change", function () {
    document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
  });
});
var form = document.getElementById("add-form");
if (form && window.XMLHttpRequest && window.FormData) {
  form.addEventListener("submit", function (event) {
    var files = document.getElementById("files").files;
    if (!files || files.length === 0) { return; }  // plain submit for URLs only
    event.preventDefault();
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      status.textContent = "Uploading…";
    });
    xhr.addEventListener("load", function () {
      status.textContent = "Processing done.";
      document.open(); document.write(xhr.responseText); document.close();
    });
    xhr.addEventListener("error", function () { status.textContent = "Upload failed."; });
    xhr.send(new FormData(form));
  });
}

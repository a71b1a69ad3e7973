// consult serve: drag and drop upload with a progress bar per file, and a
// notice when the workspace changed under the page. No inline script; the
// page works without this file (plain form upload).
"use strict";
(function () {
  var site = document.body.getAttribute("data-site");
  var head = document.body.getAttribute("data-head");

  // The workspace changed under this page?
  if (site && site !== "/c/" && head !== null) {
    setInterval(function () {
      fetch(site + "/head", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (h) {
          if (h !== null && h.trim() !== head) {
            var n = document.getElementById("changed");
            if (n) { n.hidden = false; }
          }
        })
        .catch(function () {});
    }, 10000);
  }

  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var zone = document.getElementById("drop");
  var input = document.getElementById("files");
  var list = document.getElementById("progress");
  var csrf = form.querySelector("input[name=csrf]").value;

  function row(file) {
    var li = document.createElement("li");
    var name = document.createElement("span");
    name.className = "fname";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    var note = document.createElement("span");
    note.className = "fnote";
    li.appendChild(name); li.appendChild(bar); li.appendChild(note);
    list.appendChild(li);
    return { bar: bar, note: note };
  }

  function sendOne(file, batch, ui) {
    return new Promise(function (resolve, reject) {
      var data = new FormData();
      data.append("csrf", csrf);
      if (batch) { data.append("batch", batch); }
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "fetch");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { ui.bar.value = Math.round(100 * e.loaded / e.total); }
      };
      xhr.onload = function () {
        if (xhr.status === 200) {
          ui.bar.value = 100; ui.note.textContent = "✓";
          resolve(xhr.responseText.trim());
        } else {
          ui.note.textContent = xhr.status === 413 ? "✗ 413" : "✗ " + xhr.status;
          ui.note.className = "fnote error";
          reject(xhr.status);
        }
      };
      xhr.onerror = function () { ui.note.textContent = "✗"; reject(0); };
      xhr.send(data);
    });
  }

  function upload(files) {
    if (!files.length) { return; }
    list.textContent = "";
    var rows = Array.prototype.map.call(files, row);
    var batch = "";
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (f, i) {
      chain = chain.then(function () {
        return sendOne(f, batch, rows[i]).then(function (token) { batch = token; });
      });
    });
    chain.then(function () {
      var reading = document.getElementById("reading");
      if (reading) { reading.hidden = false; }
      window.location = form.getAttribute("data-preview") + "/" + batch;
    }).catch(function () {});
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    upload(input.files);
  });
  ["dragenter", "dragover"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) { upload(e.dataTransfer.files); });
})();

/*
 * The admin's import and export pages (django-import-export) under our CSP: no inline
 * handlers. Replaces import-export's guess_format.js and export_selectable_fields.js.
 * - Import: choosing a file picks the matching format (the label starts with CSV or XLSX).
 * - Export: "Alles selecteren" (un)checks every column; with several resources only the
 *   chosen resource's columns are shown.
 */
(function () {
  "use strict";

  function guessFormat(fileInput) {
    var files = fileInput.files;
    if (!files || !files.length) return;
    var extension = files[0].name.split(".").pop().trim().toLowerCase();
    fileInput.form.querySelectorAll("select[name=format]").forEach(function (select) {
      for (var i = 0; i < select.options.length; i++) {
        var first = select.options[i].text.trim().split(" ")[0].toLowerCase();
        if (first === extension) {
          select.selectedIndex = i;
          return;
        }
      }
    });
  }

  function showResource(index) {
    document.querySelectorAll("[resource-index]").forEach(function (row) {
      row.hidden = row.getAttribute("resource-index") !== String(index);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=file][name=import_file]").forEach(function (input) {
      input.addEventListener("change", function () { guessFormat(input); });
    });

    document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
      toggle.addEventListener("change", function () {
        var rows = toggle.form.querySelectorAll(".selectable-field-export-row");
        rows.forEach(function (row) {
          if (row.hidden) return;
          row.querySelectorAll("input[type=checkbox]").forEach(function (box) {
            box.checked = toggle.checked;
          });
        });
      });
    });

    var resource = document.getElementById("id_resource");
    if (resource && document.querySelector("[resource-index]")) {
      showResource(resource.tagName === "SELECT" ? resource.value : 0);
      resource.addEventListener("change", function () { showResource(resource.value); });
    }
  });
})();

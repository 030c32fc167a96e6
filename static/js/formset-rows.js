/* "Add a row" for a Django formset. The page works without this file: the formset always
 * renders a few empty extra rows. With it, a button (hidden until this file runs) copies the
 * formset's empty form from a <template> and raises TOTAL_FORMS, so any number of rows fits
 * (Delft's agreement has eight signatories). No inline scripts: the CSP forbids them.
 *
 * Markup: <button data-formset-add="PREFIX" hidden>, <div id="PREFIX-rows">,
 * <template id="PREFIX-empty-row"> with __prefix__ (form index) and __number__ (index + 1),
 * optionally <p id="PREFIX-status" aria-live="polite"> to announce the new row. */
(function () {
  "use strict";

  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var rows = document.getElementById(prefix + "-rows");
    var template = document.getElementById(prefix + "-empty-row");
    var status = document.getElementById(prefix + "-status");
    if (!total || !rows || !template) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("select, input, textarea");
      if (first) {
        first.focus();
      }
      if (status) {
        status.textContent = button.getAttribute("data-added-text") || "";
      }
    });
  });
})();

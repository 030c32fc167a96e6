// Accessible names the Django admin leaves out (axe: "label", "aria-input-field-name"):
// - fields in tabular inlines have a column heading but no <label>: name them after it;
// - an autocomplete box (select2) is a combobox named by its current value only, which is
//   empty when nothing is chosen: name it after the field's label.
// Runs again when rows are added or select2 builds a box (MutationObserver).
(function () {
  "use strict";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").replace(/[:*]\s*$/, "").trim() : "";
  }

  function columnHeading(cell) {
    var table = cell.closest("table");
    var index = Array.prototype.indexOf.call(cell.parentElement.children, cell);
    var row = table && table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    return row && row.cells[index] ? text(row.cells[index]) : "";
  }

  function nameOf(field) {
    var label = field.id && document.querySelector('label[for="' + field.id + '"]');
    if (label && text(label)) return "";  // already labelled
    var cell = field.closest(".tabular td");
    return cell ? columnHeading(cell) : "";
  }

  function labelFields(root) {
    root.querySelectorAll(".tabular td input:not([type=hidden]), .tabular td select, .tabular td textarea")
      .forEach(function (field) {
        if (field.hasAttribute("aria-label") || field.hasAttribute("aria-labelledby")) return;
        var name = nameOf(field);
        if (name) field.setAttribute("aria-label", name);
      });
    root.querySelectorAll('.select2-selection[role="combobox"]:not([data-labelled])').forEach(function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      if (!select || !select.id) return;
      box.setAttribute("data-labelled", "");
      var label = document.querySelector('label[for="' + select.id + '"]');
      var rendered = box.querySelector('[role="textbox"]');
      if (label) {
        // "Pharos-adviseur, <the chosen value>": the label first, then what is chosen.
        label.id = label.id || select.id + "-label";
        box.setAttribute("aria-labelledby", label.id + (rendered ? " " + rendered.id : ""));
        if (rendered) rendered.setAttribute("aria-labelledby", label.id);
      } else {
        var name = select.getAttribute("aria-label") || nameOf(select);
        if (name) {
          box.setAttribute("aria-label", name);
          if (rendered) rendered.setAttribute("aria-label", name);
        }
      }
    });
  }

  function labelSearchFields(root) {
    // A multiple choice's typing field; select2 draws it anew after every change.
    root.querySelectorAll(".select2-selection .select2-search__field:not([aria-label])").forEach(function (search) {
      var container = search.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
      if (label) search.setAttribute("aria-label", text(label));
    });
  }

  function hideMouseOnlyParts(root) {
    // The "×" that clears all choices sits loose in the choices' list (not a list item) and
    // is a mouse shortcut only (the keyboard uses Backspace): keep it out of the list.
    root.querySelectorAll(".select2-selection__clear:not([aria-hidden])").forEach(function (x) {
      x.setAttribute("aria-hidden", "true");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var run = function () {
      labelFields(document);
      labelSearchFields(document);
      hideMouseOnlyParts(document);
    };
    run();
    new MutationObserver(run)
      .observe(document.body, { childList: true, subtree: true });
  });
})();

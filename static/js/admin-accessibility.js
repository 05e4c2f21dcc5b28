// Names the admin's own markup leaves out (axe: aria-input-field-name, label). A deferred script: its
// ready handler is registered after autocomplete.js's, so it runs once the boxes are built.
"use strict";
const nameUnnamedFields = () => {
  // An autocomplete box (select2) is named after its selected value only, so an empty one has no
  // name at all: give its combobox and text the field's label.
  document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
    const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    const container = select.nextElementSibling;
    if (!label || !container) return;
    const name = label.textContent.replace(/:\s*$/, "").trim();
    container.querySelectorAll('.select2-selection[role="combobox"], .select2-selection__rendered').forEach((part) => {
      part.setAttribute("aria-label", name);
    });
  });
  // A field in a table — edited in the change list (list_editable) or in a tabular inline — has no
  // label of its own: name it after its column and its row.
  document.querySelectorAll("#result_list, .inline-related.tabular table").forEach((table) => {
    const headers = Array.from(table.querySelectorAll("thead th"), (th) =>
      (th.querySelector(".text") || th).textContent.replace(/\s+/g, " ").trim(),
    );
    table.querySelectorAll("tbody tr").forEach((row, index) => {
      const first = row.querySelector("th, td.original p") || row.querySelector("td.field-name input");
      const rowName = (first && (first.value || first.textContent.trim())) || String(index + 1);
      Array.from(row.children).forEach((cell, column) => {
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((field) => {
          if (!field.labels?.length && !field.hasAttribute("aria-label")) {
            field.setAttribute("aria-label", `${headers[column] || ""}: ${rowName}`);
          }
        });
      });
    });
  });
};
if (window.django && window.django.jQuery) {
  window.django.jQuery(nameUnnamedFields);
} else {
  nameUnnamedFields();
}

// The appeal workspace: Insert buttons append an argument (or the authority's record) to the
// editor in the browser instead of posting it (draft-autosave.js then saves it); the side panels fold away on a phone so the editor
// is near the top. Without this file the buttons post the editor's text and it is saved server-side.
(function () {
  "use strict";

  function append(textarea, addition) {
    var text = textarea.value.replace(/\n+$/, "");
    textarea.value = (text ? text + "\n\n" : "") + addition.replace(/^\s+|\s+$/g, "") + "\n";
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    textarea.scrollTop = textarea.scrollHeight;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-insert-source]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-insert-source"));
    var textarea = document.getElementById(button.getAttribute("data-insert-target"));
    if (!source || !textarea) return; // fall back to the server-side insert
    event.preventDefault();
    append(textarea, source.content ? source.content.textContent : source.textContent);
    // draft-autosave.js saves an insertion at once, like the server-side Insert does.
    textarea.dispatchEvent(new CustomEvent("ruqsat:inserted", { bubbles: true }));
  });

  if (window.matchMedia && window.matchMedia("(max-width: 991.98px)").matches) {
    document.querySelectorAll("details[data-collapse-narrow]").forEach(function (panel) {
      panel.removeAttribute("open");
    });
  }
})();

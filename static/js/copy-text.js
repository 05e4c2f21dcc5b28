// Copy buttons: `data-copy-target` names the element whose text is copied (the calendar address).
// Hidden until this file runs, since without it they could do nothing; the address stays selectable.
(function () {
  "use strict";

  function say(button, attribute) {
    var status = document.querySelector('[data-copy-status="' + button.getAttribute("data-copy-target") + '"]');
    if (status) status.textContent = button.getAttribute(attribute) || "";
  }

  function copyBySelection(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return document.execCommand && document.execCommand("copy");
  }

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy-target"));
      if (!source) return;
      var text = source.textContent.trim();
      var copied = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(text)
        : Promise.reject(new Error("no clipboard"));
      copied
        .catch(function () {
          if (!copyBySelection(source)) throw new Error("not copied");
        })
        .then(
          function () {
            say(button, "data-copied-text");
          },
          function () {
            say(button, "data-copy-failed-text");
          }
        );
    });
  });
})();

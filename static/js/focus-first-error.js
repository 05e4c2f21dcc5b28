// A form that comes back with errors comes back at the top of a long page: move the focus (and so the
// view, and a screen reader) to the first field in error, or to the form's error message when no
// field is marked. Nothing happens when the page already put the focus somewhere (autofocus), or when
// the page has no form in error. Without JavaScript the page works the same, from its top.
(function () {
  "use strict";

  function focusFirstError() {
    if (document.activeElement && document.activeElement !== document.body) return;
    var field = document.querySelector(
      "form .is-invalid:not([type=hidden]), form [aria-invalid=true]:not([type=hidden])"
    );
    if (field && typeof field.focus === "function") {
      field.focus();
      field.scrollIntoView({ block: "center" });
      return;
    }
    var message = document.querySelector("form .alert-danger");
    if (message) {
      if (!message.hasAttribute("tabindex")) message.setAttribute("tabindex", "-1");
      message.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirstError);
  } else {
    focusFirstError();
  }
})();

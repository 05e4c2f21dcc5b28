// The appeal draft saves on its own (issue 13 §4): two seconds after typing stops, and at once after
// an Insert, through the API's versioned PUT (appeals/{id}/draft/) — the same save as the Save button.
// A 409 means someone saved meanwhile: autosave stops for good on this page, the text stays in the
// editor, and Save shows the conflict screen (nothing is overwritten). Leaving the page with text not
// yet saved asks first. Without this file the page works as before: the Save button posts the form.
(function () {
  "use strict";

  var AFTER_TYPING_MS = 2000;
  var RETRY_OFFLINE_MS = 10000;

  var form = document.getElementById("draft-form");
  if (!form || !form.hasAttribute("data-autosave-url") || !window.fetch) return;
  var textarea = form.querySelector("textarea[name=text]");
  var version = form.querySelector("input[name=version]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var status = form.querySelector("[data-autosave-status]");
  var heading = document.getElementById("draft-heading");
  if (!textarea || !version || !csrf) return;

  // A page that shows a conflict or an error carries text not saved yet: it is resolved by hand.
  var enabled = !form.hasAttribute("data-unsaved");
  var savedText = enabled ? textarea.value : null;
  var timer = null;
  var inFlight = false;
  var pending = false;
  var leaving = false;

  function say(state) {
    if (status) status.textContent = status.getAttribute("data-" + state + "-text") || "";
  }

  function unsaved() {
    return textarea.value !== savedText;
  }

  function schedule(delay) {
    if (!enabled) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function saved(text, body) {
    savedText = text;
    version.value = body.version;
    if (heading && heading.hasAttribute("data-heading-template")) {
      heading.textContent = heading.getAttribute("data-heading-template").replace("%v", body.version);
    }
    say(unsaved() ? "unsaved" : "saved");
  }

  function save() {
    if (!enabled || !unsaved()) return;
    if (inFlight) {
      pending = true;
      return;
    }
    inFlight = true;
    var text = textarea.value;
    say("saving");
    fetch(form.getAttribute("data-autosave-url"), {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf.value },
      body: JSON.stringify({ text: text, version: parseInt(version.value, 10) }),
    })
      .then(function (response) {
        if (response.status === 200) {
          return response.json().then(function (body) {
            saved(text, body);
          });
        }
        // 409: someone saved meanwhile. Anything else (a 400, a lost session): the Save button
        // posts the form and the page says why. Either way, never retry over someone's words.
        enabled = false;
        say(response.status === 409 ? "conflict" : "failed");
      })
      .catch(function () {
        say("offline");
        schedule(RETRY_OFFLINE_MS);
      })
      .then(function () {
        inFlight = false;
        if (pending) {
          pending = false;
          schedule(0);
        }
      });
  }

  textarea.addEventListener("input", function () {
    if (!enabled) return;
    say("unsaved");
    schedule(AFTER_TYPING_MS);
  });
  textarea.addEventListener("ruqsat:inserted", function () {
    if (!enabled) return;
    say("inserted");
    schedule(0);
  });

  // Posting the draft form (or the conflict screen's "Keep both") is itself a save: no question then.
  document.addEventListener("submit", function (event) {
    if (event.target === form || event.target.hasAttribute("data-saves-draft")) leaving = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || !unsaved()) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers show the dialog only when this is set
  });
})();

// The application form proposes while the person types (issue 13 §5): the authority of the lead
// group's city when the group changes, and "Ends at" as "Starts at" plus the event type's usual
// length. A value the person chose or typed is never replaced. Without this file the server makes
// the same proposals (permits.forms.ApplicationForm).
(function () {
  "use strict";

  function field(name) {
    return document.querySelector(".application-form [name=" + name + "]");
  }

  function readJSON(element, attribute) {
    try {
      return JSON.parse(element.getAttribute(attribute) || "{}");
    } catch (error) {
      return {};
    }
  }

  var group = field("organization");
  var authority = field("authority");
  if (group && authority && group.hasAttribute("data-proposed-authority")) {
    var proposals = readJSON(group, "data-proposed-authority");
    var authorityChosen = false;
    authority.addEventListener("change", function () {
      authorityChosen = true;
    });
    group.addEventListener("change", function () {
      var proposed = proposals[group.value];
      if (!authorityChosen && proposed) authority.value = String(proposed);
    });
  }

  var type = field("event_type");
  var starts = field("starts_at");
  var ends = field("ends_at");
  if (type && starts && ends && type.hasAttribute("data-usual-minutes")) {
    var minutes = readJSON(type, "data-usual-minutes");
    var endsProposed = !ends.value;
    ends.addEventListener("input", function () {
      endsProposed = !ends.value;
    });

    function pad(number) {
      return String(number).padStart(2, "0");
    }

    function propose() {
      var match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(starts.value);
      var length = minutes[type.value] || minutes.other;
      if (!endsProposed || !match || !length) return;
      // Wall-clock arithmetic in UTC terms: the browser's own zone (and its DST) plays no part.
      var end = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5]) + length * 60000);
      ends.value =
        end.getUTCFullYear() + "-" + pad(end.getUTCMonth() + 1) + "-" + pad(end.getUTCDate()) +
        "T" + pad(end.getUTCHours()) + ":" + pad(end.getUTCMinutes());
    }

    starts.addEventListener("change", propose);
    type.addEventListener("change", propose);
  }
})();

// The Audit Log, following: entries appended to the log appear at the top as they come.
// The page works without this script; it only adds the live updates.
(function () {
  "use strict";
  var list = document.querySelector("[data-live]");
  var status = document.querySelector(".live-status");
  if (!list || !window.EventSource) {
    return;
  }
  var say = function (text) {
    if (status) {
      status.textContent = text;
    }
  };
  var source = new EventSource(list.getAttribute("data-live"));
  source.onopen = function () {
    say("Following: new entries appear at the top.");
  };
  source.onerror = function () {
    say("Following: connection lost, trying again…");
  };
  source.addEventListener("entry", function (event) {
    // The server made the entry's markup, escaping everything the log holds.
    var head = list.querySelector(".head");
    head.insertAdjacentHTML("afterend", event.data);
    var none = document.querySelector("p.none");
    if (none) {
      none.remove();
    }
    document.body.setAttribute("data-live-entries", String(Number(document.body.getAttribute("data-live-entries") || 0) + 1));
  });
})();

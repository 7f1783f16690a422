/* Academy: a SCORM 1.2 package's adapter. It reports the course's status and score to the LMS
   through the SCORM 1.2 API (window.API of a parent or opener window) and does nothing when no
   LMS provides one. It listens to the portal's learning events ("academy:completed",
   "academy:scored" on document). */
(function () {
  "use strict";

  var script = document.currentScript;
  var course = script && script.getAttribute("data-ac-scorm-course");

  /* The standard search: up the parents (a bounded number of steps), then the opener's. */
  function findIn(win) {
    for (var steps = 0; win && steps < 10; steps += 1) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
      } catch (error) {
        return null; /* a window of another origin: not the LMS's */
      }
      if (win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }

  function findAPI() {
    var api = findIn(window);
    if (!api) {
      try {
        if (window.opener) api = findIn(window.opener);
      } catch (error) {
        api = null;
      }
    }
    return api;
  }

  var api = course ? findAPI() : null;
  if (!api) return;

  function call(name, a, b) {
    try {
      return String(api[name].apply(api, Array.prototype.slice.call(arguments, 1)));
    } catch (error) {
      return "false";
    }
  }

  /* "true", or "false" with error 101 when the previous page of the same launch left the session open. */
  var started = call("LMSInitialize", "") === "true" || call("LMSGetLastError") === "101";
  if (!started) return;
  var FINAL = { passed: true, completed: true, failed: true };
  var status = call("LMSGetValue", "cmi.core.lesson_status");

  function setStatus(value) {
    status = value;
    call("LMSSetValue", "cmi.core.lesson_status", value);
  }

  if (!FINAL[status]) {
    setStatus("incomplete");
    call("LMSCommit", "");
  }

  document.addEventListener("academy:completed", function (event) {
    var detail = event.detail || {};
    if (detail.course !== course || !detail.courseComplete || status === "passed" || status === "completed") return;
    setStatus("completed");
    call("LMSCommit", "");
  });

  document.addEventListener("academy:scored", function (event) {
    var detail = event.detail || {};
    if (detail.course !== course || typeof detail.score !== "number") return;
    call("LMSSetValue", "cmi.core.score.min", "0");
    call("LMSSetValue", "cmi.core.score.max", "100");
    call("LMSSetValue", "cmi.core.score.raw", String(Math.max(0, Math.min(100, Math.round(detail.score)))));
    if (status !== "passed") setStatus(detail.passed ? "passed" : "failed");
    call("LMSCommit", "");
  });

  /* Following a link to another page of the package keeps the launch going: only commit. */
  var within = 0;
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target && event.target.closest && event.target.closest("a[href]");
      if (!link || link.target) return;
      var base = new URL(".", script.src).href;
      if (link.href.indexOf(base) === 0) within = Date.now();
    },
    true
  );

  window.addEventListener("pagehide", function () {
    call("LMSCommit", "");
    if (Date.now() - within > 3000) call("LMSFinish", "");
  });
})();

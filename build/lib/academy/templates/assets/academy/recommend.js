/*
 * Academy recommendation quiz: decides on the quiz page, remembers the result, features it on
 * the home page until the learner retakes the quiz.
 *
 * Every text the learner reads is in the page's HTML (escaped by the templates); the rules
 * arrive as JSON of ids, and the recommended tiles are the page's own elements, shown or cloned,
 * never built from stored text. The result lives in localStorage under its own key per audience
 * site, apart from the progress store. Runs inside Material's document$ so it survives instant
 * navigation.
 */
(function () {
  "use strict";

  var VERSION = 1;

  function storageKey(audience) {
    return "academy:" + audience + ":recommend";
  }

  /* The stored result, or null: storage is the learner's and may hold anything. */
  function readResult(audience) {
    try {
      var data = JSON.parse(window.localStorage.getItem(storageKey(audience)) || "null");
      if (data && data.version === VERSION && Array.isArray(data.collections) && data.answers && typeof data.answers === "object") {
        return data;
      }
    } catch (error) {
      /* unreadable or blocked storage: no result */
    }
    return null;
  }

  function writeResult(audience, result) {
    try {
      window.localStorage.setItem(storageKey(audience), JSON.stringify(result));
      return true;
    } catch (error) {
      return false;
    }
  }

  function clearResult(audience) {
    try {
      window.localStorage.removeItem(storageKey(audience));
    } catch (error) {
      /* blocked storage holds nothing to clear */
    }
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* The first rule whose every question has one of its answers; "otherwise" when none does. */
  function decide(rules, answers) {
    for (var index = 0; index < rules.rules.length; index += 1) {
      var rule = rules.rules[index];
      var hit = Object.keys(rule.when).every(function (question) {
        return own(answers, question) && rule.when[question].indexOf(answers[question]) >= 0;
      });
      if (hit) return rule.key;
    }
    return rules.otherwise ? "otherwise" : null;
  }

  /* ---------- the quiz page ---------- */

  function setupQuiz(root, audience) {
    var form = root.querySelector("[data-ac-quiz-form]");
    var data = root.querySelector("[data-ac-quiz-rules]");
    if (!form || !data) return;
    var rules = JSON.parse(data.textContent);
    var result = root.querySelector("[data-ac-quiz-result]");
    var tiles = root.querySelector("[data-ac-quiz-tiles]");
    var error = root.querySelector("[data-ac-quiz-error]");
    var status = root.querySelector("[data-ac-quiz-status]");

    function answers() {
      var chosen = {};
      rules.questions.forEach(function (question) {
        var checked = form.querySelector('input[type="radio"][name="' + CSS.escape(question.id) + '"]:checked');
        if (checked) chosen[question.id] = checked.value;
      });
      return chosen;
    }

    function outcomeTiles(key) {
      var outcome = root.querySelector('[data-ac-outcome="' + CSS.escape(key) + '"]');
      return outcome ? Array.prototype.slice.call(outcome.querySelectorAll(".ac-tile")) : [];
    }

    function show(key) {
      var found = outcomeTiles(key);
      tiles.replaceChildren.apply(
        tiles,
        found.map(function (tile) {
          return tile.cloneNode(true);
        })
      );
      result.hidden = false;
      return found.map(function (tile) {
        return tile.getAttribute("data-ac-collection");
      });
    }

    function restore(saved) {
      var known = rules.questions.every(function (question) {
        return own(saved.answers, question.id) && question.answers.indexOf(saved.answers[question.id]) >= 0;
      });
      if (!known) return false; /* the quiz changed since: ask again */
      rules.questions.forEach(function (question) {
        var value = saved.answers[question.id];
        form.querySelectorAll('input[type="radio"][name="' + CSS.escape(question.id) + '"]').forEach(function (radio) {
          radio.checked = radio.value === value;
        });
      });
      var key = decide(rules, saved.answers);
      if (key === null) return false;
      /* The rules may have changed since: keep what they recommend now, for the home page too. */
      var collections = show(key);
      writeResult(audience, { version: VERSION, answers: saved.answers, outcome: key, collections: collections });
      return true;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = answers();
      var missing = rules.questions.filter(function (question) {
        return !own(chosen, question.id);
      });
      if (missing.length) {
        error.textContent = "Please answer every question: " + missing.length + " still open.";
        var first = form.querySelector('[data-ac-quiz-question="' + CSS.escape(missing[0].id) + '"] input');
        if (first) first.focus();
        return;
      }
      error.textContent = "";
      var key = decide(rules, chosen);
      if (key === null) return;
      var collections = show(key);
      var saved = writeResult(audience, { version: VERSION, answers: chosen, outcome: key, collections: collections });
      status.textContent = saved ? "" : "Your browser does not allow saving, so the home page cannot feature this.";
      result.focus();
    });

    root.querySelectorAll("[data-ac-quiz-retake]").forEach(function (button) {
      button.addEventListener("click", function () {
        clearResult(audience);
        form.reset();
        tiles.textContent = "";
        result.hidden = true;
        var first = form.querySelector('input[type="radio"]');
        if (first) first.focus();
      });
    });

    var saved = readResult(audience);
    if (saved && !restore(saved)) clearResult(audience);
  }

  /* ---------- the home page ---------- */

  function paintHome(root, audience) {
    var section = root.querySelector("[data-ac-recommended]");
    if (!section) return;
    var list = section.querySelector("[data-ac-recommended-list]");
    var invite = root.querySelector("[data-ac-quiz-invite]");
    var saved = readResult(audience);
    var wanted = saved ? saved.collections : [];
    var shown = 0;
    /* Tiles in the order recommended; an id this site does not hold shows nothing. */
    wanted.forEach(function (id) {
      var tile = typeof id === "string" ? list.querySelector('[data-ac-collection="' + CSS.escape(id) + '"]') : null;
      if (!tile || !tile.hidden) return;
      tile.hidden = false;
      list.appendChild(tile);
      shown += 1;
    });
    section.hidden = shown === 0;
    if (invite) invite.hidden = shown > 0;
    section.querySelectorAll("[data-ac-quiz-retake]").forEach(function (link) {
      link.addEventListener("click", function () {
        clearResult(audience);
      });
    });
  }

  function setup() {
    document.querySelectorAll("[data-ac-root]").forEach(function (root) {
      var audience = root.getAttribute("data-ac-audience");
      if (root.hasAttribute("data-ac-quiz-page")) setupQuiz(root, audience);
      paintHome(root, audience);
    });
  }

  /* Material's document$ (which instant navigation needs) never emits on a page opened from disk. */
  if (window.location.protocol !== "file:" && typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

/*
 * Academy xAPI statements: what a learner does, sent as xAPI 1.0.3 statements to the LRS the
 * audience names (audiences/<id>.yml, "xapi:"). Loaded only on sites of such audiences.
 *
 * The learner is the account name the audience says where to read (a cookie the hosting SSO
 * sets, or a query parameter, kept for the tab's session); none found, nothing is sent, and the
 * console says so once. Statements wait in localStorage until the LRS accepts them: a failed
 * request keeps them for the next try (the next statement, a later page, a timer, "online").
 * Their ids make a repeated send harmless (an LRS keeps one statement per id).
 *
 * Verbs: initialized (a page opened), completed (a lesson; its course when every lesson is
 * done), answered (a knowledge check), passed / failed (a final assessment against its pass
 * mark), terminated (the page left). Activity ids: the site's URL + "xapi/courses/<course>"
 * (+ "/lessons/<lesson>" or "/checks/<check>"), from the stable ids; other pages: their URL.
 */
(function () {
  "use strict";

  var ADL = "http://adlnet.gov/expapi/verbs/";
  var TYPES = {
    course: "http://adlnet.gov/expapi/activities/course",
    lesson: "http://adlnet.gov/expapi/activities/lesson",
    assessment: "http://adlnet.gov/expapi/activities/assessment",
    check: "http://adlnet.gov/expapi/activities/cmi.interaction",
    page: "http://activitystrea.ms/schema/1.0/page",
  };
  var VERSION = "1.0.3";
  var QUEUE_LIMIT = 500;
  var BATCH = 50;
  /* An account name as sent: one line of text, not absurdly long. */
  var ACCOUNT_NAME = /^[^\u0000-\u001f\u007f]{1,256}$/;

  var said = {};
  var current = null;
  var flushing = false;
  var again = false;
  var retryTimer = null;
  var retryDelay = 2000;

  function once(key, text) {
    if (said[key]) return;
    said[key] = true;
    window.console.info("Academy xAPI: " + text);
  }

  /* ---------- the learner ---------- */

  function cookie(name) {
    var found = null;
    document.cookie.split(";").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at < 0 || pair.slice(0, at).trim() !== name) return;
      try {
        found = decodeURIComponent(pair.slice(at + 1).trim());
      } catch (error) {
        found = null;
      }
    });
    return found;
  }

  /* The actor the audience configures, or null: never a guess. */
  function learner(audience, settings) {
    var actor = settings.actor;
    var name = null;
    if (actor.from === "cookie") {
      name = cookie(actor.name);
    } else if (actor.from === "query") {
      var key = "academy:" + audience + ":xapi-learner";
      name = new URL(window.location.href).searchParams.get(actor.name);
      try {
        if (name) window.sessionStorage.setItem(key, name);
        else name = window.sessionStorage.getItem(key);
      } catch (error) {
        /* no session storage: the parameter counts on this page only */
      }
    }
    name = typeof name === "string" ? name.trim() : "";
    if (!ACCOUNT_NAME.test(name)) return null;
    return { objectType: "Agent", account: { homePage: actor.homePage, name: name } };
  }

  /* ---------- the queue in localStorage ---------- */

  function queueKey(audience) {
    return "academy:" + audience + ":xapi-queue";
  }

  function readQueue(audience) {
    try {
      var queue = JSON.parse(window.localStorage.getItem(queueKey(audience)) || "[]");
      return Array.isArray(queue) ? queue : [];
    } catch (error) {
      return [];
    }
  }

  function writeQueue(audience, queue) {
    try {
      window.localStorage.setItem(queueKey(audience), JSON.stringify(queue.slice(-QUEUE_LIMIT)));
    } catch (error) {
      /* storage full or blocked: what was sent is sent */
    }
  }

  function drop(audience, sent) {
    var ids = {};
    sent.forEach(function (statement) {
      ids[statement.id] = true;
    });
    writeQueue(
      audience,
      readQueue(audience).filter(function (statement) {
        return !ids[statement.id];
      })
    );
  }

  function retryLater(session) {
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      flush(session);
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  /* POST the oldest waiting statements; on success the next ones, on failure keep them. */
  function flush(session, keepalive) {
    if (flushing && !keepalive) {
      again = true;
      return;
    }
    var batch = readQueue(session.audience).slice(0, BATCH);
    if (!batch.length) return;
    flushing = true;
    var headers = { "Content-Type": "application/json", "X-Experience-API-Version": VERSION };
    window
      .fetch(session.settings.endpoint.replace(/\/?$/, "/") + "statements", {
        method: "POST",
        mode: "cors",
        credentials: session.settings.auth === "cookie" ? "include" : "omit",
        headers: headers,
        body: JSON.stringify(batch),
        keepalive: Boolean(keepalive),
      })
      .then(function (response) {
        if (response.ok || response.status === 409) {
          drop(session.audience, batch);
          retryDelay = 2000;
          if (readQueue(session.audience).length) again = true;
        } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
          drop(session.audience, batch);
          once("refused", "the LRS refused " + batch.length + " statement(s) (HTTP " + response.status + "); they are dropped.");
        } else {
          throw new Error("HTTP " + response.status);
        }
      })
      .catch(function () {
        once("waiting", "the LRS did not accept statements; they wait in this browser and are sent when it answers again.");
        retryLater(session);
      })
      .then(function () {
        flushing = false;
        if (again) {
          again = false;
          flush(session);
        }
      });
  }

  /* ---------- statements ---------- */

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (byte) {
      return (byte < 16 ? "0" : "") + byte.toString(16);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function activity(id, type, name) {
    var definition = { type: TYPES[type] };
    if (name) definition.name = { "en-US": name };
    return { objectType: "Activity", id: id, definition: definition };
  }

  /* Activity ids of the stable course, lesson and check ids, under the site's published URL. */
  function activityIds(site) {
    var base = site.replace(/\/?$/, "/") + "xapi/courses/";
    return {
      course: function (course) {
        return base + encodeURIComponent(course);
      },
      lesson: function (course, lesson) {
        return base + encodeURIComponent(course) + "/lessons/" + encodeURIComponent(lesson);
      },
      check: function (course, check) {
        return base + encodeURIComponent(course) + "/checks/" + encodeURIComponent(check);
      },
    };
  }

  function send(session, verb, object, extra) {
    var statement = {
      id: uuid(),
      actor: session.actor,
      verb: { id: ADL + verb, display: { "en-US": verb } },
      object: object,
      timestamp: new Date().toISOString(),
      context: { platform: "Academy", contextActivities: { grouping: [activity(session.settings.site, "page")] } },
    };
    if (extra && extra.result) statement.result = extra.result;
    if (extra && extra.parent) statement.context.contextActivities.parent = [extra.parent];
    var language = document.documentElement.getAttribute("lang");
    if (language) statement.context.language = language;
    var queue = readQueue(session.audience);
    queue.push(statement);
    writeQueue(session.audience, queue);
    flush(session, extra && extra.keepalive);
  }

  function isAssessment(root) {
    var script = root.querySelector("script[data-ac-checks]");
    try {
      return Boolean(script && JSON.parse(script.textContent).assessment);
    } catch (error) {
      return false;
    }
  }

  /* The page's own activity: its lesson, its course, or the page's published URL. */
  function pageActivity(root, settings, ids) {
    var course = root.getAttribute("data-ac-course-page");
    var box = root.querySelector("[data-ac-complete]");
    var lesson = box && box.getAttribute("data-ac-complete");
    var heading = root.querySelector("h1");
    var title = heading ? heading.textContent.trim() : document.title;
    if (course && lesson && lesson !== "_overview") {
      var type = isAssessment(root) ? "assessment" : "lesson";
      return { object: activity(ids.lesson(course, lesson), type, title), parent: activity(ids.course(course), "course") };
    }
    if (course) return { object: activity(ids.course(course), "course", title) };
    var siteRoot = new URL(".", new URL(root.getAttribute("data-ac-catalog"), window.location.href)).href;
    var here = window.location.href.split(/[?#]/)[0];
    var path = here.indexOf(siteRoot) === 0 ? here.slice(siteRoot.length) : "";
    return { object: activity(settings.site.replace(/\/?$/, "/") + path, "page", title) };
  }

  function duration(started) {
    return "PT" + Math.max(0, (Date.now() - started) / 1000).toFixed(2) + "S";
  }

  function terminate(keepalive) {
    if (!current) return;
    var session = current;
    current = null;
    send(session, "terminated", session.page.object, {
      parent: session.page.parent,
      keepalive: keepalive,
      result: { duration: duration(session.started) },
    });
  }

  /* ---------- what the learner does (events of academy.js and checks.js) ---------- */

  function onCompleted(event) {
    var session = current;
    var detail = event.detail || {};
    if (!session || !detail.course) return;
    var course = activity(session.ids.course(detail.course), "course");
    if (detail.lesson && detail.lesson !== "_overview") {
      send(session, "completed", activity(session.ids.lesson(detail.course, detail.lesson), "lesson"), {
        parent: course,
        result: { completion: true },
      });
    }
    if (detail.courseComplete) send(session, "completed", course, { result: { completion: true } });
  }

  function onAnswered(event) {
    var session = current;
    var detail = event.detail || {};
    if (!session || !detail.course || !detail.check) return;
    send(session, "answered", activity(session.ids.check(detail.course, detail.check), "check"), {
      parent: activity(session.ids.lesson(detail.course, detail.lesson), "lesson"),
      result: { success: Boolean(detail.right) },
    });
  }

  function onScored(event) {
    var session = current;
    var detail = event.detail || {};
    if (!session || !detail.course || typeof detail.score !== "number") return;
    send(session, detail.passed ? "passed" : "failed", activity(session.ids.lesson(detail.course, detail.lesson), "assessment"), {
      parent: activity(session.ids.course(detail.course), "course"),
      result: {
        score: { scaled: detail.score / 100, raw: detail.score, min: 0, max: 100 },
        success: Boolean(detail.passed),
        completion: true,
      },
    });
  }

  /* ---------- one page ---------- */

  function settingsOf(root) {
    try {
      var settings = JSON.parse(root.getAttribute("data-ac-xapi"));
      return settings && settings.endpoint && settings.actor && settings.site ? settings : null;
    } catch (error) {
      return null;
    }
  }

  function setup() {
    terminate(false);
    var root = document.querySelector("[data-ac-root][data-ac-xapi]");
    var settings = root && settingsOf(root);
    if (!settings) return;
    var audience = root.getAttribute("data-ac-audience");
    var actor = learner(audience, settings);
    if (!actor) {
      var where = settings.actor.from === "cookie" ? "cookie '" : "query parameter '";
      once("anonymous", "no learner identity found (" + where + settings.actor.name + "'), so no statement is sent.");
      return;
    }
    var ids = activityIds(settings.site);
    current = { audience: audience, settings: settings, actor: actor, ids: ids, started: Date.now() };
    current.page = pageActivity(root, settings, ids);
    send(current, "initialized", current.page.object, { parent: current.page.parent });
  }

  document.addEventListener("academy:completed", onCompleted);
  document.addEventListener("academy:answered", onAnswered);
  document.addEventListener("academy:scored", onScored);
  window.addEventListener("pagehide", function () {
    terminate(true);
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) setup();
  });
  window.addEventListener("online", function () {
    if (current) flush(current);
  });

  /* Material's document$ (instant navigation) emits once per page; a page from disk has none. */
  if (window.location.protocol !== "file:" && typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

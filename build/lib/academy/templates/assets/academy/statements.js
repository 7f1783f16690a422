/*
 * Academy xAPI statements: what a learner does, sent as xAPI 1.0.3 statements to the LRS the
 * audience names (audiences/<id>.yml, "xapi:"). Loaded only on sites with "xapi:" or "cmi5: true".
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
 *
 * On sites with "cmi5: true", a page launched by an LMS with the cmi5 launch parameters follows
 * the cmi5 launch sequence instead (see "cmi5" below); the session lasts the tab, across pages.
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

  function readQueue(key) {
    try {
      var queue = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(queue) ? queue : [];
    } catch (error) {
      return [];
    }
  }

  function writeQueue(key, queue) {
    try {
      window.localStorage.setItem(key, JSON.stringify(queue.slice(-QUEUE_LIMIT)));
    } catch (error) {
      /* storage full or blocked: what was sent is sent */
    }
  }

  function drop(key, sent) {
    var ids = {};
    sent.forEach(function (statement) {
      ids[statement.id] = true;
    });
    writeQueue(
      key,
      readQueue(key).filter(function (statement) {
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

  /* POST the oldest waiting statements to the session's LRS; on success the next ones, on
     failure keep them. A session's "lrs" says where: url, queue (its localStorage key), headers. */
  function flush(session, keepalive) {
    if (flushing && !keepalive) {
      again = true;
      return;
    }
    var lrs = session.lrs;
    var batch = readQueue(lrs.queue).slice(0, BATCH);
    if (!batch.length) return;
    flushing = true;
    var headers = { "Content-Type": "application/json", "X-Experience-API-Version": VERSION };
    Object.keys(lrs.headers).forEach(function (name) {
      headers[name] = lrs.headers[name];
    });
    window
      .fetch(lrs.url + "statements", {
        method: "POST",
        mode: "cors",
        credentials: lrs.credentials,
        headers: headers,
        body: JSON.stringify(batch),
        keepalive: Boolean(keepalive),
      })
      .then(function (response) {
        if (response.ok || response.status === 409) {
          drop(lrs.queue, batch);
          retryDelay = 2000;
          if (readQueue(lrs.queue).length) again = true;
        } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
          drop(lrs.queue, batch);
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

  function enqueue(session, statement, keepalive) {
    var queue = readQueue(session.lrs.queue);
    queue.push(statement);
    writeQueue(session.lrs.queue, queue);
    flush(session, keepalive);
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
    enqueue(session, statement, extra && extra.keepalive);
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

  /* ---------- cmi5: a course launched by an LMS as an assignable unit ---------- */

  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVE_ON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var LAUNCH = ["endpoint", "fetch", "actor", "registration", "activityId"];
  var cmi5 = null;
  var leavingWithin = 0;

  /* The launch parameters of the address, or null unless all five are there and the actor reads. */
  function launchParameters() {
    var params = new URL(window.location.href).searchParams;
    var launch = {};
    for (var index = 0; index < LAUNCH.length; index += 1) {
      var value = params.get(LAUNCH[index]);
      if (!value) return null;
      launch[LAUNCH[index]] = value;
    }
    try {
      launch.actor = JSON.parse(launch.actor);
    } catch (error) {
      return null;
    }
    return launch.actor && typeof launch.actor === "object" ? launch : null;
  }

  function cmi5Key(audience) {
    return "academy:" + audience + ":cmi5";
  }

  function saveCmi5(session) {
    try {
      window.sessionStorage.setItem(cmi5Key(session.audience), JSON.stringify(session.state));
    } catch (error) {
      /* the session lasts this page */
    }
  }

  function savedCmi5(audience) {
    try {
      return JSON.parse(window.sessionStorage.getItem(cmi5Key(audience)) || "null");
    } catch (error) {
      return null;
    }
  }

  function cmi5Session(audience, state) {
    return {
      audience: audience,
      state: state,
      lrs: {
        url: state.endpoint.replace(/\/?$/, "/"),
        queue: "academy:" + audience + ":cmi5-queue",
        headers: { Authorization: "Basic " + state.token },
        credentials: "omit",
      },
    };
  }

  /* A cmi5-defined statement: the AU as object, the LMS's context template, the registration. */
  function sendCmi5(session, verb, result, moveOn, keepalive) {
    var state = session.state;
    var context = JSON.parse(JSON.stringify(state.context || {}));
    context.registration = state.registration;
    context.contextActivities = context.contextActivities || {};
    var category = (context.contextActivities.category || []).slice();
    category.push({ objectType: "Activity", id: CMI5 });
    if (moveOn) category.push({ objectType: "Activity", id: MOVE_ON });
    context.contextActivities.category = category;
    var statement = {
      id: uuid(),
      actor: state.actor,
      verb: { id: ADL + verb, display: { "en-US": verb } },
      object: { objectType: "Activity", id: state.activityId },
      timestamp: new Date().toISOString(),
      context: context,
    };
    if (result) statement.result = result;
    state.sent[verb] = true;
    saveCmi5(session);
    enqueue(session, statement, keepalive);
  }

  /* Fetch the token (the fetch URL answers once), read LMS.LaunchData, then "initialized". */
  function launchCmi5(audience, launch, course) {
    return window
      .fetch(launch.fetch, { method: "POST", mode: "cors", credentials: "omit" })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (!answer || typeof answer["auth-token"] !== "string") throw new Error("the fetch URL gave no auth-token");
        var state = {
          endpoint: launch.endpoint,
          token: answer["auth-token"],
          actor: launch.actor,
          registration: launch.registration,
          activityId: launch.activityId,
          course: course,
          sent: {},
          started: Date.now(),
        };
        var query = "stateId=LMS.LaunchData&activityId=" + encodeURIComponent(launch.activityId) + "&agent=" + encodeURIComponent(JSON.stringify(launch.actor)) + "&registration=" + encodeURIComponent(launch.registration);
        return window
          .fetch(launch.endpoint.replace(/\/?$/, "/") + "activities/state?" + query, {
            mode: "cors",
            credentials: "omit",
            headers: { Authorization: "Basic " + state.token, "X-Experience-API-Version": VERSION },
          })
          .then(function (response) {
            if (!response.ok) throw new Error("LMS.LaunchData: HTTP " + response.status);
            return response.json();
          })
          .then(function (data) {
            state.context = data.contextTemplate || {};
            state.launchMode = data.launchMode || "Normal";
            state.masteryScore = typeof data.masteryScore === "number" ? data.masteryScore : null;
            state.returnURL = data.returnURL || null;
            var session = cmi5Session(audience, state);
            sendCmi5(session, "initialized");
            return session;
          });
      })
      .catch(function (error) {
        once("cmi5", "the cmi5 launch failed (" + error.message + "); no statement is sent.");
        return null;
      });
  }

  /* The launch of this page, or the session this tab holds from a launch on an earlier page. */
  function startCmi5(audience, root) {
    var launch = launchParameters();
    var saved = savedCmi5(audience);
    var same = saved && launch && saved.registration === launch.registration && saved.activityId === launch.activityId;
    if (saved && !saved.sent.terminated && (!launch || same)) {
      cmi5 = cmi5Session(audience, saved);
      flush(cmi5);
      return;
    }
    if (!launch) return;
    cmi5 = { audience: audience, state: { sent: {} } }; /* launching: plain statements stay off */
    launchCmi5(audience, launch, root.getAttribute("data-ac-course-page")).then(function (session) {
      cmi5 = session;
    });
  }

  function isUnit(session, course) {
    return Boolean(session && session.state.token && session.state.course === course);
  }

  function cmi5Completed(detail) {
    var session = cmi5;
    if (!isUnit(session, detail.course) || !detail.courseComplete) return;
    if (session.state.launchMode !== "Normal" || session.state.sent.completed) return;
    sendCmi5(session, "completed", { completion: true, duration: duration(session.state.started) }, true);
  }

  function cmi5Scored(detail) {
    var session = cmi5;
    if (!isUnit(session, detail.course) || session.state.launchMode !== "Normal" || session.state.sent.passed) return;
    var scaled = detail.score / 100;
    var mastery = session.state.masteryScore;
    var passed = mastery === null ? Boolean(detail.passed) : scaled >= mastery;
    if (!passed && session.state.sent.failed) return;
    var result = { score: { scaled: scaled, raw: detail.score, min: 0, max: 100 }, success: passed, duration: duration(session.state.started) };
    sendCmi5(session, passed ? "passed" : "failed", result, passed);
  }

  function cmi5Terminate() {
    var session = cmi5;
    if (!session || !session.state.token || session.state.sent.terminated) return;
    sendCmi5(session, "terminated", { duration: duration(session.state.started) }, false, true);
  }

  /* A link within the site keeps the session; leaving it (another site, the LMS, closing) ends it. */
  function within(event) {
    var link = event.target && event.target.closest && event.target.closest("a[href]");
    var root = document.querySelector("[data-ac-root]");
    if (!link || !root) return;
    var site = new URL(".", new URL(root.getAttribute("data-ac-catalog"), window.location.href)).href;
    if (link.href.indexOf(site) === 0) leavingWithin = Date.now();
  }

  /* ---------- what the learner does (events of academy.js and checks.js) ---------- */

  function onCompleted(event) {
    var detail = event.detail || {};
    if (!detail.course) return;
    if (cmi5) return cmi5Completed(detail);
    var session = current;
    if (!session) return;
    var course = activity(session.ids.course(detail.course), "course");
    if (detail.lesson && detail.lesson !== "_overview") {
      send(session, "completed", activity(session.ids.lesson(detail.course, detail.lesson), detail.assessment ? "assessment" : "lesson"), {
        parent: course,
        result: { completion: true },
      });
    }
    if (detail.courseComplete) send(session, "completed", course, { result: { completion: true } });
  }

  function onAnswered(event) {
    var session = current;
    var detail = event.detail || {};
    if (cmi5 || !session || !detail.course || !detail.check) return;
    send(session, "answered", activity(session.ids.check(detail.course, detail.check), "check"), {
      parent: activity(session.ids.lesson(detail.course, detail.lesson), detail.assessment ? "assessment" : "lesson"),
      result: { success: Boolean(detail.right) },
    });
  }

  function onScored(event) {
    var detail = event.detail || {};
    if (!detail.course || typeof detail.score !== "number") return;
    if (cmi5) return cmi5Scored(detail);
    var session = current;
    if (!session) return;
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
      return settings && settings.site ? settings : null;
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
    if (settings.cmi5 && !cmi5) startCmi5(audience, root);
    if (cmi5 || !settings.endpoint || !settings.actor) return;
    var actor = learner(audience, settings);
    if (!actor) {
      var where = settings.actor.from === "cookie" ? "cookie '" : "query parameter '";
      once("anonymous", "no learner identity found (" + where + settings.actor.name + "'), so no statement is sent.");
      return;
    }
    var ids = activityIds(settings.site);
    current = { audience: audience, settings: settings, actor: actor, ids: ids, started: Date.now() };
    current.lrs = {
      url: settings.endpoint.replace(/\/?$/, "/"),
      queue: "academy:" + audience + ":xapi-queue",
      headers: {},
      credentials: settings.auth === "cookie" ? "include" : "omit",
    };
    current.page = pageActivity(root, settings, ids);
    send(current, "initialized", current.page.object, { parent: current.page.parent });
  }

  document.addEventListener("academy:completed", onCompleted);
  document.addEventListener("academy:answered", onAnswered);
  document.addEventListener("academy:scored", onScored);
  document.addEventListener("click", within, true);
  window.addEventListener("pagehide", function () {
    terminate(true);
    if (Date.now() - leavingWithin > 3000) cmi5Terminate();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) setup();
  });
  window.addEventListener("online", function () {
    if (current) flush(current);
    if (cmi5 && cmi5.state.token) flush(cmi5);
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

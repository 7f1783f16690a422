/*
 * Academy portal: catalog filters, progress, badges, "my learning", export and import.
 * Completions and assessment scores are announced as "academy:*" events on document.
 *
 * Every page works without this script; it only enhances. Progress lives in localStorage under
 * a key namespaced by the audience site, keyed by stable course and lesson ids. The script runs
 * inside Material's document$ so it survives instant navigation.
 */
(function () {
  "use strict";

  /* 2: "checks" keeps each knowledge check's attempts and score; files of version 1 still import.
     3: "digests" keeps the content digest of each lesson when it was completed, so a lesson that
     changed since is pointed out; files of versions 1 and 2 still import (without digests). */
  var VERSION = 3;
  var catalogCache = {};

  /* ---------- progress store ---------- */

  function storageKey(audience) {
    return "academy:" + audience + ":progress";
  }

  function emptyProgress() {
    return { version: VERSION, lessons: {}, checks: {}, digests: {} };
  }

  function readProgress(audience) {
    try {
      var data = JSON.parse(window.localStorage.getItem(storageKey(audience)) || "null");
      if (data && typeof data === "object" && data.lessons && typeof data.lessons === "object" && !Array.isArray(data.lessons)) {
        if (!isPlainObject(data.checks)) data.checks = {};
        if (!isPlainObject(data.digests)) data.digests = {};
        data.version = VERSION;
        return data;
      }
    } catch (error) {
      /* unreadable or blocked storage: start empty */
    }
    return emptyProgress();
  }

  function writeProgress(audience, progress) {
    try {
      window.localStorage.setItem(storageKey(audience), JSON.stringify(progress));
      return true;
    } catch (error) {
      return false;
    }
  }

  function lessonKey(course, lesson) {
    return course + "/" + lesson;
  }

  /* A lesson's content digest as the build writes it (catalog.json, data-ac-digest). */
  var DIGEST = /^[0-9a-f]{16}$/;

  /* Completed when its text was other than it is now: the learner has not read this version. */
  function isUpdated(progress, key, digest) {
    var seen = progress.digests[key];
    return Boolean(progress.lessons[key] && DIGEST.test(digest || "") && DIGEST.test(seen || "") && seen !== digest);
  }

  /* Record (or forget) the version of the lesson the learner completed. */
  function noteDigest(progress, key, digest) {
    if (progress.lessons[key] && DIGEST.test(digest || "")) progress.digests[key] = digest;
    else delete progress.digests[key];
  }

  function lessonIds(element) {
    var ids = (element.getAttribute("data-ac-lessons") || "").split(" ").filter(Boolean);
    return ids.length ? ids : ["_overview"];
  }

  function coursePercent(progress, course, lessons) {
    var done = 0;
    lessons.forEach(function (lesson) {
      if (progress.lessons[lessonKey(course, lesson)]) done += 1;
    });
    return Math.round((100 * done) / lessons.length);
  }

  function collectionPercent(progress, courses, lessonsOf) {
    if (!courses.length) return 0;
    var sum = 0;
    courses.forEach(function (course) {
      sum += coursePercent(progress, course, lessonsOf(course));
    });
    return Math.round(sum / courses.length);
  }

  /* ---------- catalog data (catalog.json) ---------- */

  function loadCatalog(url) {
    if (!catalogCache[url]) {
      catalogCache[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("catalog.json: " + response.status);
        return response.json();
      });
    }
    return catalogCache[url];
  }

  function lessonsFromCatalog(catalog) {
    var map = {};
    catalog.courses.forEach(function (course) {
      var ids = course.lessons.map(function (lesson) {
        return lesson.id;
      });
      map[course.id] = ids.length ? ids : ["_overview"];
    });
    return function (course) {
      return map[course] || ["_overview"];
    };
  }

  function siteUrl(root, path) {
    return new URL(path, new URL(root.getAttribute("data-ac-catalog"), window.location.href)).href;
  }

  /* ---------- rendering helpers ---------- */

  function showProgress(box, percent) {
    if (!box) return;
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-ac-progress-label]");
    if (bar) bar.value = percent;
    if (label) label.textContent = percent === 100 ? "Complete" : percent + "% complete";
    box.hidden = false;
    box.classList.toggle("ac-progress--done", percent === 100);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The course's initials on its tone, as the catalog's cards draw them: decorative, the title says the same. */
  function cardHead(course) {
    var head = element("div", "ac-card__head");
    var icon = element("span", "ac-card__icon ac-card__icon--tone-" + course.icon_tone, course.icon);
    icon.setAttribute("aria-hidden", "true");
    head.appendChild(icon);
    return head;
  }

  function fact(key, term, value) {
    var item = element("div", "ac-facts__item ac-facts__item--" + key);
    item.appendChild(element("dt", "", term));
    item.appendChild(element("dd", "", value));
    return item;
  }

  /* A catalog card's facts: its taxonomy values in the card's order, its duration and number of lessons. */
  function cardFacts(course, taxonomies) {
    var facts = element("dl", "ac-facts");
    course.labels.forEach(function (group) {
      facts.appendChild(fact(group.id, taxonomies[group.id].label, group.values.join(", ")));
    });
    if (course.duration) facts.appendChild(fact("duration", "Duration", course.duration_label));
    if (course.lessons.length) facts.appendChild(fact("lessons", "Lessons", String(course.lessons.length)));
    return facts;
  }

  /* A course's card drawn from catalog.json, like the catalog's, linking the course. */
  function linkCard(root, catalog, course, percent) {
    var item = element("li", "ac-card ac-card--compact");
    var inner = element("article", "ac-card__inner");
    inner.appendChild(cardHead(course));
    var title = element("h3", "ac-card__title");
    var link = element("a", "", course.title);
    link.href = siteUrl(root, course.url);
    title.appendChild(link);
    inner.appendChild(title);
    inner.appendChild(element("p", "ac-card__description", course.description));
    inner.appendChild(cardFacts(course, catalog.taxonomies));
    var box = element("div", "ac-progress");
    box.setAttribute("data-ac-progress", "");
    var bar = element("progress", "ac-progress__bar");
    bar.max = 100;
    bar.setAttribute("aria-label", "Progress of " + course.title);
    var label = element("span", "ac-progress__label");
    label.setAttribute("data-ac-progress-label", "");
    box.appendChild(bar);
    box.appendChild(label);
    inner.appendChild(box);
    item.appendChild(inner);
    showProgress(box, percent);
    return item;
  }

  /* ---------- progress on cards, courses, lessons, collections ---------- */

  function paintCards(root, progress) {
    root.querySelectorAll(".ac-card[data-ac-course]").forEach(function (card) {
      var course = card.getAttribute("data-ac-course");
      var percent = coursePercent(progress, course, lessonIds(card));
      if (percent > 0) showProgress(card.querySelector("[data-ac-progress]"), percent);
      card.classList.toggle("ac-card--done", percent === 100);
    });
    root.querySelectorAll("[data-ac-tick]").forEach(function (tick) {
      var key = tick.getAttribute("data-ac-tick");
      var done = Boolean(progress.lessons[key]);
      tick.classList.toggle("ac-tick--done", done);
      var item = tick.parentElement;
      var state = item && item.querySelector("[data-ac-lesson-state]");
      if (state) state.textContent = done ? "Completed" : "";
      var updated = item && item.querySelector("[data-ac-lesson-updated]");
      if (updated) updated.hidden = !isUpdated(progress, key, item.getAttribute("data-ac-digest"));
    });
  }

  function paintCoursePage(root, progress) {
    var course = root.getAttribute("data-ac-course-page");
    if (!course) return;
    paintCourseStart(root, progress, course);
    document.querySelectorAll(".ac-course-nav [data-ac-tick]").forEach(function (tick) {
      tick.classList.toggle("ac-tick--done", Boolean(progress.lessons[tick.getAttribute("data-ac-tick")]));
    });
  }

  /* The course overview's ring and its one button: "Start" with nothing done, "Resume" at the
     first unfinished lesson, "Review" (the first lesson again) once every lesson is done. */
  function paintCourseStart(root, progress, course) {
    var ring = root.querySelector("[data-ac-ring]");
    var start = root.querySelector("[data-ac-start]");
    var items = root.querySelectorAll(".ac-lessons__item[data-ac-lesson]");
    if (!ring || !start || !items.length) return;
    var open = null;
    var done = 0;
    items.forEach(function (item) {
      if (progress.lessons[lessonKey(course, item.getAttribute("data-ac-lesson"))]) done += 1;
      else if (!open) open = item;
    });
    var total = items.length;
    var percent = Math.round((100 * done) / total);
    ring.style.setProperty("--ac-ring-percent", String(percent));
    ring.setAttribute("aria-label", done + " of " + total + " lessons complete");
    ring.querySelector("[data-ac-ring-value]").textContent = percent + "%";
    ring.classList.toggle("ac-ring--done", done === total);
    ring.hidden = false;
    var target = done === 0 || !open ? items[0] : open;
    start.textContent = done === 0 ? "Start" : open ? "Resume" : "Review";
    start.setAttribute("href", target.querySelector("a").getAttribute("href"));
  }

  function paintCollections(root, progress, lessonsOf) {
    var scopes = root.querySelectorAll("[data-ac-collection][data-ac-courses]");
    var own = root.matches("[data-ac-collection][data-ac-courses]") ? [root] : [];
    own.concat(Array.prototype.slice.call(scopes)).forEach(function (scope) {
      var courses = (scope.getAttribute("data-ac-courses") || "").split(" ").filter(Boolean);
      var percent = collectionPercent(progress, courses, lessonsOf);
      var box = scope === root ? root.querySelector(".ac-collection__header [data-ac-progress]") : scope.querySelector("[data-ac-progress]");
      if (percent > 0 || scope === root) showProgress(box, percent);
      var earned = scope.querySelector("[data-ac-earned]");
      if (earned) earned.hidden = percent !== 100;
      var image = scope.querySelector("[data-ac-badge-image]");
      if (image) image.classList.toggle("ac-badge__image--earned", percent === 100);
    });
    if (root.hasAttribute("data-ac-path")) return;
    var path = root.querySelector("[data-ac-path]");
    if (path) {
      var next = null;
      path.querySelectorAll(".ac-card").forEach(function (card) {
        card.classList.remove("ac-card--next");
        if (!next && !card.classList.contains("ac-card--done")) next = card;
      });
      if (next) next.classList.add("ac-card--next");
      paintPathNext(root, next, path.querySelectorAll(".ac-card").length, progress);
    }
  }

  /* A path's "Next step": its first unfinished course, or, once all are done, the badge and
     what to take next. */
  function paintPathNext(root, card, total, progress) {
    var section = root.querySelector("[data-ac-next]");
    var finished = root.querySelector("[data-ac-finished]");
    if (!section || !finished) return;
    section.hidden = !card;
    finished.hidden = Boolean(card);
    if (!card) return;
    var cards = Array.prototype.slice.call(card.parentElement.children);
    var title = card.querySelector(".ac-card__title a");
    var link = section.querySelector("[data-ac-next-course]");
    link.textContent = title.textContent;
    link.setAttribute("href", title.getAttribute("href"));
    section.querySelector("[data-ac-next-step]").textContent = "Step " + (cards.indexOf(card) + 1) + " of " + total;
    var duration = card.querySelector(".ac-facts__item--duration dd");
    section.querySelector("[data-ac-next-duration]").textContent = duration ? " \u00b7 " + duration.textContent : "";
    var button = section.querySelector("[data-ac-next-button]");
    button.setAttribute("href", title.getAttribute("href"));
    var started = coursePercent(progress, card.getAttribute("data-ac-course"), lessonIds(card)) > 0;
    button.textContent = started ? "Continue this course" : "Start this course";
  }

  function paintBadges(root, progress, lessonsOf) {
    var earned = 0;
    var badges = root.querySelectorAll("[data-ac-badge]");
    badges.forEach(function (badge) {
      var courses = (badge.getAttribute("data-ac-courses") || "").split(" ").filter(Boolean);
      var done = collectionPercent(progress, courses, lessonsOf) === 100;
      badge.classList.toggle("ac-badge--earned", done);
      var state = badge.querySelector("[data-ac-badge-state]");
      if (state) state.textContent = done ? "Earned" : "Not earned yet";
      var links = badge.querySelector("[data-ac-earned]");
      if (links) links.hidden = !done;
      if (done) earned += 1;
    });
    var count = root.querySelector("[data-ac-badge-count]");
    if (count) {
      count.textContent = "You have earned " + earned + " of " + badges.length + " badges.";
      count.hidden = false;
    }
  }

  function earnedBadges(catalog, progress) {
    var lessonsOf = lessonsFromCatalog(catalog);
    return catalog.collections.filter(function (collection) {
      return collection.badge && collectionPercent(progress, collection.courses, lessonsOf) === 100;
    });
  }

  /* ---------- what the learner did, told to other scripts (statements.js) ---------- */

  /* One DOM event per learning event, on document: "academy:completed" (a lesson, and whether
     its course is now complete) and "academy:scored" (a final assessment fully answered). */
  function announce(name, detail) {
    document.dispatchEvent(new CustomEvent("academy:" + name, { detail: detail }));
  }

  function announceCompleted(root, progress, course, lesson, assessment) {
    announce("completed", { course: course, lesson: lesson, assessment: Boolean(assessment), courseComplete: coursePercent(progress, course, lessonIds(root)) === 100 });
  }

  /* ---------- lesson "mark complete" ---------- */

  function lessonEntry(catalog, course, lesson) {
    var entry = null;
    catalog.courses.forEach(function (item) {
      if (item.id !== course) return;
      item.lessons.forEach(function (candidate) {
        if (candidate.id === lesson) entry = candidate;
      });
    });
    return entry;
  }

  function pageLink(root, title, url) {
    var link = element("a", "", title);
    link.href = siteUrl(root, url);
    return link;
  }

  /* One line per badge the course counts towards: earned, or how many of its courses are done. */
  function badgeProgress(root, target, catalog, progress, course) {
    var lessonsOf = lessonsFromCatalog(catalog);
    catalog.collections.forEach(function (collection) {
      if (!collection.badge || collection.courses.indexOf(course) < 0) return;
      var done = collection.courses.filter(function (id) {
        return coursePercent(progress, id, lessonsOf(id)) === 100;
      }).length;
      var total = collection.courses.length;
      var line = element("span", "ac-complete__badge");
      var label = collection.badge.label + " badge";
      line.appendChild(document.createTextNode(done === total ? label + " earned: " : label + ": " + done + " of " + total + " courses of "));
      line.appendChild(pageLink(root, collection.title, collection.url));
      line.appendChild(document.createTextNode(" complete."));
      target.appendChild(line);
    });
  }

  /* After the last lesson, or once every lesson is done: the course's end and its badges; on the
     last lesson of an unfinished course, the first lesson still open instead. */
  function paintCourseEnd(root, target, catalog, progress, course, last) {
    var open = lessonsFromCatalog(catalog)(course).filter(function (lesson) {
      return !progress.lessons[lessonKey(course, lesson)];
    });
    target.textContent = "";
    target.hidden = open.length > 0 && !last;
    if (target.hidden) return;
    if (open.length) {
      var entry = lessonEntry(catalog, course, open[0]);
      target.appendChild(document.createTextNode(plural(open.length, "lesson", "lessons") + " of this course still open. Next: "));
      if (entry) target.appendChild(pageLink(root, entry.title, entry.url));
      return;
    }
    target.appendChild(element("strong", "", "Course complete."));
    badgeProgress(root, target, catalog, progress, course);
  }

  /* The lesson's completion control, in its header and at its foot; both show one state. The
     status goes to the box the learner used, so a screen reader hears it once. */
  function setupComplete(root, audience, refresh) {
    var boxes = root.querySelectorAll("[data-ac-complete]");
    if (!boxes.length) return;
    if (boxes[0].hasAttribute("data-ac-complete-by-checks")) {
      setupCompleteByChecks(root, audience, refresh, boxes);
      return;
    }
    var course = root.getAttribute("data-ac-course-page");
    var key = lessonKey(course, boxes[0].getAttribute("data-ac-complete") || "_overview");
    var last = !root.querySelector("[data-ac-next-lesson]");
    var catalogUrl = root.getAttribute("data-ac-catalog");

    function show() {
      var progress = readProgress(audience);
      var done = Boolean(progress.lessons[key]);
      boxes.forEach(function (box) {
        var button = box.querySelector("[data-ac-complete-button]");
        button.textContent = done ? "Completed: mark as not done" : "Mark lesson complete";
        button.setAttribute("aria-pressed", done ? "true" : "false");
        button.classList.toggle("ac-complete__button--done", done);
        box.querySelector("[data-ac-complete-next]").hidden = !done;
        box.hidden = false;
      });
      if (!done) return;
      loadCatalog(catalogUrl).then(function (catalog) {
        boxes.forEach(function (box) {
          paintCourseEnd(root, box.querySelector("[data-ac-course-end]"), catalog, progress, course, last);
        });
      });
    }

    function toggle(box) {
      var progress = readProgress(audience);
      var previous = JSON.parse(JSON.stringify(progress));
      if (progress.lessons[key]) delete progress.lessons[key];
      else progress.lessons[key] = new Date().toISOString();
      noteDigest(progress, key, root.getAttribute("data-ac-digest"));
      var saved = writeProgress(audience, progress);
      show();
      refresh();
      boxes.forEach(function (other) {
        other.querySelector("[data-ac-complete-state]").textContent = "";
      });
      var state = box.querySelector("[data-ac-complete-state]");
      if (!saved) {
        state.textContent = "Your browser does not allow saving progress.";
        return;
      }
      state.textContent = progress.lessons[key] ? "Lesson marked complete." : "Lesson marked not done.";
      if (!progress.lessons[key]) return;
      announceCompleted(root, progress, course, key.slice(course.length + 1));
      loadCatalog(catalogUrl).then(function (catalog) {
        var had = earnedBadges(catalog, previous).map(function (collection) {
          return collection.id;
        });
        earnedBadges(catalog, progress).forEach(function (collection) {
          if (had.indexOf(collection.id) < 0) {
            state.textContent = "Lesson marked complete. You earned the " + collection.badge.label + " badge!";
          }
        });
      });
    }

    boxes.forEach(function (box) {
      box.querySelector("[data-ac-complete-button]").addEventListener("click", function () {
        toggle(box);
      });
    });
    show();
  }

  /* A lesson with knowledge checks: no button; it completes when its checks' score reaches the
     pass mark, and each answer is kept (attempts, score) in the progress store. */
  function setupCompleteByChecks(root, audience, refresh, boxes) {
    if (!window.AcademyChecks) return;
    var course = root.getAttribute("data-ac-course-page");
    var key = lessonKey(course, boxes[0].getAttribute("data-ac-complete"));
    var last = !root.querySelector("[data-ac-next-lesson]");
    var catalogUrl = root.getAttribute("data-ac-catalog");

    function stored(checkKey) {
      var entry = readProgress(audience).checks[checkKey];
      return isPlainObject(entry) ? entry : null;
    }

    function store(checkKey, entry) {
      var progress = readProgress(audience);
      progress.checks[checkKey] = entry;
      writeProgress(audience, progress);
    }

    function describe(summary, done) {
      var what = summary.assessment ? "this final assessment" : "the knowledge checks on this page";
      if (done && summary.passed) return "Lesson complete: you answered " + summary.score + "% of " + what + " right.";
      if (done) return "Lesson complete. Your latest score on " + what + " is " + summary.score + "% (" + summary.passMark + "% needed).";
      if (!summary.answered) return "Answer " + what + " to complete the lesson: " + summary.passMark + "% right needed.";
      return "Score " + summary.score + "%: " + summary.right + " of " + summary.total + " right; " + summary.passMark + "% needed. Try again the questions you missed.";
    }

    function changed(summary, answered) {
      var progress = readProgress(audience);
      var previous = JSON.parse(JSON.stringify(progress));
      if (summary.passed && !progress.lessons[key]) {
        progress.lessons[key] = new Date().toISOString();
        noteDigest(progress, key, root.getAttribute("data-ac-digest"));
        writeProgress(audience, progress);
      }
      var done = Boolean(progress.lessons[key]);
      if (answered && summary.assessment && summary.answered === summary.total) {
        announce("scored", { course: course, lesson: key.slice(course.length + 1), score: summary.score, passMark: summary.passMark, passed: summary.passed });
      }
      if (answered && done && !previous.lessons[key]) announceCompleted(root, progress, course, key.slice(course.length + 1), summary.assessment);
      boxes.forEach(function (box) {
        box.querySelector("[data-ac-complete-state]").textContent = describe(summary, done);
        box.querySelector("[data-ac-complete-next]").hidden = !done;
        box.classList.toggle("ac-complete--done", done);
        box.hidden = false;
      });
      refresh();
      if (!done) return;
      loadCatalog(catalogUrl).then(function (catalog) {
        boxes.forEach(function (box) {
          paintCourseEnd(root, box.querySelector("[data-ac-course-end]"), catalog, progress, course, last);
        });
        if (!answered || previous.lessons[key]) return;
        var had = earnedBadges(catalog, previous).map(function (collection) {
          return collection.id;
        });
        earnedBadges(catalog, progress).forEach(function (collection) {
          if (had.indexOf(collection.id) < 0) {
            boxes[boxes.length - 1].querySelector("[data-ac-complete-state]").textContent += " You earned the " + collection.badge.label + " badge!";
          }
        });
      });
    }

    window.AcademyChecks.setup(root, store, stored, changed);
  }

  /* A lesson that changed since the learner completed it says so, until they have read it again. */
  function updatedKey(root) {
    var box = root.querySelector("[data-ac-complete]");
    return box ? lessonKey(root.getAttribute("data-ac-course-page"), box.getAttribute("data-ac-complete") || "_overview") : null;
  }

  function paintUpdated(root, progress) {
    var notice = root.querySelector("[data-ac-updated]");
    var key = updatedKey(root);
    if (notice && key) notice.hidden = !isUpdated(progress, key, root.getAttribute("data-ac-digest"));
  }

  function setupUpdated(root, audience, refresh) {
    var notice = root.querySelector("[data-ac-updated]");
    var key = updatedKey(root);
    if (!notice || !key) return;
    notice.querySelector("[data-ac-reviewed]").addEventListener("click", function () {
      var progress = readProgress(audience);
      noteDigest(progress, key, root.getAttribute("data-ac-digest"));
      writeProgress(audience, progress);
      refresh();
    });
  }

  /* ---------- home "continue learning" and "my learning" ---------- */

  function coursesByState(catalog, progress) {
    var lessonsOf = lessonsFromCatalog(catalog);
    var result = { progress: [], done: [] };
    catalog.courses.forEach(function (course) {
      var percent = coursePercent(progress, course.id, lessonsOf(course.id));
      if (percent === 100) result.done.push([course, percent]);
      else if (percent > 0) result.progress.push([course, percent]);
    });
    return result;
  }

  function paintContinue(root, progress) {
    var section = root.querySelector("[data-ac-continue]");
    if (!section) return;
    loadCatalog(root.getAttribute("data-ac-catalog")).then(function (catalog) {
      var list = section.querySelector("[data-ac-continue-list]");
      var started = coursesByState(catalog, progress).progress;
      list.textContent = "";
      started.slice(0, 4).forEach(function (entry) {
        list.appendChild(linkCard(root, catalog, entry[0], entry[1]));
      });
      section.hidden = started.length === 0;
    });
  }

  /* Under a course's card: its completed lessons that changed since, each linked. */
  function updatedLessons(root, course, progress) {
    var changed = course.lessons.filter(function (lesson) {
      return isUpdated(progress, lessonKey(course.id, lesson.id), lesson.digest);
    });
    if (!changed.length) return null;
    var line = element("p", "ac-card__updated", "Updated since you completed it: ");
    changed.forEach(function (lesson, index) {
      if (index) line.appendChild(document.createTextNode(", "));
      line.appendChild(pageLink(root, lesson.title, lesson.url));
    });
    return line;
  }

  function paintMine(root, progress) {
    if (!root.hasAttribute("data-ac-mine")) return;
    loadCatalog(root.getAttribute("data-ac-catalog")).then(function (catalog) {
      var states = coursesByState(catalog, progress);
      ["progress", "done"].forEach(function (name) {
        var list = root.querySelector('[data-ac-mine-list="' + name + '"]');
        list.textContent = "";
        states[name].forEach(function (entry) {
          var card = linkCard(root, catalog, entry[0], entry[1]);
          var updated = updatedLessons(root, entry[0], progress);
          if (updated) card.querySelector(".ac-card__inner").appendChild(updated);
          list.appendChild(card);
        });
        root.querySelector('[data-ac-mine-empty="' + name + '"]').hidden = states[name].length > 0;
      });
      var badges = root.querySelector('[data-ac-mine-list="badges"]');
      var earned = earnedBadges(catalog, progress);
      badges.textContent = "";
      earned.forEach(function (collection) {
        var item = element("li", "ac-badge ac-badge--earned");
        var image = element("img", "ac-badge__image");
        image.src = siteUrl(root, collection.badge.image);
        image.alt = "";
        image.width = 120;
        image.height = 138;
        item.appendChild(image);
        item.appendChild(element("h3", "ac-badge__label", collection.badge.label));
        var links = element("p", "ac-badge__earned");
        links.appendChild(certificateLink(root, collection));
        if (collection.badge.claim_url) {
          links.appendChild(document.createElement("br"));
          var claim = element("a", "", "Claim a signed credential");
          claim.href = collection.badge.claim_url;
          claim.rel = "noopener";
          claim.appendChild(element("span", "ac-visually-hidden", " for " + collection.badge.label));
          links.appendChild(claim);
        }
        item.appendChild(links);
        badges.appendChild(item);
      });
      root.querySelector('[data-ac-mine-empty="badges"]').hidden = earned.length > 0;
    });
  }

  function certificateLink(root, collection) {
    var link = element("a", "", "Print your certificate");
    var url = new URL(siteUrl(root, root.getAttribute("data-ac-certificate-url") || "certificate/"));
    url.searchParams.set("collection", collection.id);
    link.href = url.href;
    link.appendChild(element("span", "ac-visually-hidden", " for " + (collection.badge ? collection.badge.label : collection.title)));
    return link;
  }

  /* ---------- certificate: a completed collection or path, from the address and this browser's progress ---------- */

  /* The latest completion among the collection's lessons: the day it was finished. */
  function finishedOn(progress, courses, lessonsOf) {
    var latest = null;
    courses.forEach(function (course) {
      lessonsOf(course).forEach(function (lesson) {
        var date = completionDate(progress.lessons[lessonKey(course, lesson)]);
        if (date && (!latest || date > latest)) latest = date;
      });
    });
    return latest;
  }

  function setupCertificate(root, audience) {
    if (!root.hasAttribute("data-ac-certificate-page")) return;
    var wanted = new URLSearchParams(window.location.search).get("collection") || "";
    var missing = root.querySelector("[data-ac-certificate-missing]");
    var problem = root.querySelector("[data-ac-certificate-problem]");
    var form = root.querySelector("[data-ac-certificate-form]");
    var sheet = root.querySelector("[data-ac-certificate]");

    function refuse(text) {
      problem.textContent = text;
      missing.hidden = false;
      form.hidden = true;
      sheet.hidden = true;
    }

    loadCatalog(root.getAttribute("data-ac-catalog")).then(
      function (catalog) {
        var collection = null;
        catalog.collections.forEach(function (candidate) {
          if (candidate.id === wanted) collection = candidate;
        });
        if (!collection) {
          refuse(wanted ? "This site has no collection or learning path with the id " + JSON.stringify(wanted) + "." : "This address names no collection or learning path: open a certificate from the badges page.");
          return;
        }
        var progress = readProgress(audience);
        var lessonsOf = lessonsFromCatalog(catalog);
        var percent = collectionPercent(progress, collection.courses, lessonsOf);
        if (percent !== 100) {
          refuse("You have not completed " + collection.title + " yet (" + percent + "% complete, as recorded in this browser), so there is no certificate to print.");
          return;
        }
        root.querySelector("[data-ac-certificate-what]").textContent = collection.title;
        var titles = {};
        catalog.courses.forEach(function (course) {
          titles[course.id] = course.title;
        });
        root.querySelector("[data-ac-certificate-courses]").textContent = "Courses: " + collection.courses.map(function (id) {
          return titles[id] || id;
        }).join(", ") + ".";
        if (collection.badge) {
          root.querySelector("[data-ac-certificate-badge]").textContent = collection.badge.label;
          root.querySelector("[data-ac-certificate-badge-line]").hidden = false;
          var image = root.querySelector("[data-ac-certificate-image]");
          image.src = siteUrl(root, collection.badge.image);
          image.hidden = false;
        }
        var finished = finishedOn(progress, collection.courses, lessonsOf);
        var lang = document.documentElement.lang || undefined;
        root.querySelector("[data-ac-certificate-date]").textContent = finished
          ? new Date(finished).toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" })
          : "an unrecorded date";
        var input = root.querySelector("[data-ac-certificate-input]");
        var name = root.querySelector("[data-ac-certificate-name]");
        function showName() {
          name.textContent = input.value.trim() || "(type your name above)";
          name.classList.toggle("ac-certificate__name--empty", !input.value.trim());
        }
        input.addEventListener("input", showName);
        form.addEventListener("submit", function (event) {
          event.preventDefault();
        });
        root.querySelector("[data-ac-print]").addEventListener("click", function () {
          window.print();
        });
        showName();
        form.hidden = false;
        sheet.hidden = false;
      },
      function () {
        refuse("This site's course list (catalog.json) could not be loaded, so the certificate cannot be checked.");
      }
    );
  }

  /* ---------- progress import: checked against the export format and this site's catalog ---------- */

  /* Strict ISO-8601 instant as written by toISOString (offsets allowed): a loose string would
     sort wrongly against stored dates and could never be shown as a date. */
  var TIMESTAMP = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

  /* The stored form of a completion date, or null: the regex alone lets 2025-02-30 through. */
  function completionDate(value) {
    if (typeof value !== "string") return null;
    var match = TIMESTAMP.exec(value);
    if (!match) return null;
    var day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    if (day.getUTCDate() !== Number(match[3])) return null;
    var time = Date.parse(value);
    return isNaN(time) ? null : new Date(time).toISOString();
  }

  /* JSON.parse gives arrays and null as "object" too; the format wants a real mapping. */
  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* A safe integer: JSON reads 1e400 as Infinity and 1e22 inexactly, neither a version. */
  function isFormatVersion(value) {
    return Number.isSafeInteger(value) && value >= 1;
  }

  /* The one sentence that says why a file is refused, or null when its envelope is sound. A newer
     version is named first: a newer format may spell the other fields differently. */
  function exportProblem(data, audience) {
    if (!isPlainObject(data)) return "That file is not a progress export (it holds no JSON object).";
    if (data.academy !== "progress") return 'That file is not a progress export (it lacks "academy": "progress").';
    if (isFormatVersion(data.version) && data.version > VERSION) {
      return "That file comes from a newer Academy (format version " + data.version + "); this site reads format version " + VERSION + " or older.";
    }
    if (typeof data.audience !== "string" || !data.audience) return "That file names no audience, so it cannot be matched to this academy site.";
    if (data.audience !== audience) return "That file holds progress of another academy site (" + data.audience + ").";
    if (!isFormatVersion(data.version)) return "That file has no valid format version (a whole number from 1).";
    if (!isPlainObject(data.lessons)) return "That file's lessons are not a mapping of course and lesson ids to completion dates.";
    if (data.checks !== undefined && !isPlainObject(data.checks)) return "That file's checks are not a mapping of course and check ids to results.";
    if (data.digests !== undefined && !isPlainObject(data.digests)) return "That file's digests are not a mapping of course and lesson ids to lesson versions.";
    return null;
  }

  /* Every key this site can show progress for, as the pages key it (lessonIds, lessonsFromCatalog).
     A null-prototype map, so "__proto__" or "constructor" in a file is unknown, not inherited. */
  function knownKeys(catalog) {
    var lessonsOf = lessonsFromCatalog(catalog);
    var known = Object.create(null);
    catalog.courses.forEach(function (course) {
      lessonsOf(course.id).forEach(function (lesson) {
        known[lessonKey(course.id, lesson)] = true;
      });
    });
    return known;
  }

  /* Merge the file's entries into progress, keeping the earliest completion of each lesson;
     returns what happened to every entry so the learner is told exactly that. */
  function mergeLessons(progress, lessons, known) {
    var result = { added: 0, already: 0, earlier: 0, unknown: 0, unknownIds: [], malformed: 0, changed: false };
    Object.keys(lessons).forEach(function (key) {
      if (!known[key]) {
        result.unknown += 1;
        if (result.unknownIds.length < NAMED_UNKNOWN) result.unknownIds.push(key);
        return;
      }
      var date = completionDate(lessons[key]);
      if (!date) {
        result.malformed += 1;
        return;
      }
      var current = progress.lessons[key];
      if (current) result.already += 1;
      else result.added += 1;
      /* Compare instants, not strings (offsets); an unreadable stored date gives way. */
      if (!current || !(Date.parse(current) <= Date.parse(date))) {
        if (current) result.earlier += 1;
        progress.lessons[key] = date;
        result.changed = true;
      }
    });
    return result;
  }

  /* The version of each completed lesson the file knows and this browser does not: with it, a
     lesson changed since shows as such here too. Files before version 3 have none. */
  function mergeDigests(progress, digests) {
    var changed = false;
    Object.keys(digests || {}).forEach(function (key) {
      if (!progress.lessons[key] || progress.digests[key] || !DIGEST.test(String(digests[key]))) return;
      progress.digests[key] = digests[key];
      changed = true;
    });
    return changed;
  }

  /* A knowledge check's result as stored, or null: whole numbers in range, a valid date or none. */
  function checkResult(value) {
    if (!isPlainObject(value)) return null;
    var attempts = value.attempts;
    var score = value.score;
    if (!Number.isSafeInteger(attempts) || attempts < 1 || !Number.isSafeInteger(score) || score < 0 || score > 100) return null;
    var answer = Array.isArray(value.answer) ? value.answer.filter(function (index) {
      return Number.isSafeInteger(index) && index >= 0 && index < 1000;
    }) : [];
    var passed = value.passed === null || value.passed === undefined ? null : completionDate(value.passed);
    if (value.passed && !passed) return null;
    return { attempts: attempts, score: score, answer: answer.slice(0, 1000), passed: passed };
  }

  /* Check results of the file's courses this site has (check ids are not listed in the catalog):
     more attempts win, and the earliest pass is kept. Returns how many were taken. */
  function mergeChecks(progress, checks, catalog) {
    var courses = Object.create(null);
    catalog.courses.forEach(function (course) {
      courses[course.id] = true;
    });
    var taken = 0;
    Object.keys(checks || {}).forEach(function (key) {
      var result = checkResult(checks[key]);
      if (!result || !courses[key.slice(0, key.indexOf("/"))] || key.indexOf("/") < 1) return;
      var current = checkResult(progress.checks[key]);
      if (current && current.attempts >= result.attempts) {
        if (result.passed && (!current.passed || Date.parse(result.passed) < Date.parse(current.passed))) current.passed = result.passed;
        progress.checks[key] = current;
        return;
      }
      if (current && current.passed && (!result.passed || Date.parse(current.passed) < Date.parse(result.passed))) result.passed = current.passed;
      progress.checks[key] = result;
      taken += 1;
    });
    return taken;
  }

  /* How many unknown ids the status names, and how much of each: enough to recognise a renamed
     or foreign course, short enough to read. */
  var NAMED_UNKNOWN = 3;
  var NAMED_LENGTH = 60;

  /* "a/b", "c" and 5 more: quoted as JSON, so an empty or odd id stays visible as what it is. */
  function namedIds(ids, count) {
    var names = ids.map(function (id) {
      return JSON.stringify(id.length > NAMED_LENGTH ? id.slice(0, NAMED_LENGTH - 1) + "\u2026" : id);
    });
    var rest = count - names.length;
    if (rest > 0) return names.join(", ") + " and " + rest + " more";
    if (names.length < 2) return names.join("");
    return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  /* One sentence: added, already there, dropped and why; zero counts are left out. */
  function importSummary(result) {
    var dropped = result.unknown + result.malformed;
    var why = [];
    if (result.unknown) why.push(result.unknown + " with ids unknown to this site: " + namedIds(result.unknownIds, result.unknown));
    if (result.malformed) why.push(result.malformed + " without a valid completion date");
    var parts = [];
    if (result.already) parts.push(plural(result.already, "completed lesson", "completed lessons") + " already there");
    if (result.earlier) parts.push(plural(result.earlier, "earlier completion date", "earlier completion dates") + " taken");
    if (dropped) parts.push(plural(dropped, "entry", "entries") + " dropped (" + why.join("; ") + ")");
    var checks = result.checks ? [plural(result.checks, "knowledge check result", "knowledge check results") + " added"] : [];
    if (result.added) {
      return ["Imported: " + plural(result.added, "completed lesson", "completed lessons") + " added"].concat(checks, parts).join(", ") + ".";
    }
    if (checks.length) return ["Imported: " + checks[0]].concat(parts).join(", ") + ".";
    if (!parts.length) return "Nothing imported: the file lists no completed lessons.";
    return (result.already ? "Nothing new imported: " : "Nothing imported: ") + parts.join(", ") + ".";
  }

  function importText(root, audience, text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return Promise.resolve("That file is not a progress export (it is not JSON).");
    }
    var problem = exportProblem(data, audience);
    if (problem) return Promise.resolve(problem);
    return loadCatalog(root.getAttribute("data-ac-catalog")).then(
      function (catalog) {
        var progress = readProgress(audience);
        var result = mergeLessons(progress, data.lessons, knownKeys(catalog));
        result.checks = mergeChecks(progress, data.checks, catalog);
        if (result.checks) result.changed = true;
        if (mergeDigests(progress, data.digests)) result.changed = true;
        /* Nothing changed means nothing to store; a refused write must not read as an import. */
        if (result.changed && !writeProgress(audience, progress)) {
          return "Your browser refused to store progress (storage full or blocked), so nothing was imported.";
        }
        return importSummary(result);
      },
      function () {
        return "This site's course list (catalog.json) could not be loaded, so nothing was imported.";
      }
    );
  }

  function setupTransfer(root, audience, refresh) {
    var exportButton = root.querySelector("[data-ac-export]");
    var importInput = root.querySelector("[data-ac-import]");
    var status = root.querySelector("[data-ac-transfer-status]");
    if (!exportButton || !importInput) return;
    var section = root.querySelector("[data-ac-transfer]");
    if (section) section.hidden = false;
    exportButton.addEventListener("click", function () {
      var progress = readProgress(audience);
      var payload = { academy: "progress", version: VERSION, audience: audience, exported: new Date().toISOString(), lessons: progress.lessons, checks: progress.checks, digests: progress.digests };
      var blob = new Blob([JSON.stringify(payload, null, 2)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "academy-progress-" + audience + ".json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      status.textContent = "Exported " + Object.keys(progress.lessons).length + " completed lessons.";
    });
    importInput.addEventListener("change", function () {
      var file = importInput.files && importInput.files[0];
      if (!file) return;
      /* Cleared at once so choosing the same file again, after a fix, fires "change" again. */
      importInput.value = "";
      file
        .text()
        .then(
          function (text) {
            return importText(root, audience, text);
          },
          function () {
            return "That file could not be read, so nothing was imported.";
          }
        )
        .then(function (message) {
          status.textContent = message;
          refresh();
        });
    });
  }

  /* ---------- filters ---------- */

  /* Only the first PAGE matching cards are in the document (more on request): hiding
     thousands of cards in place costs seconds of style recalculation in Chromium. */
  var PAGE = 60;

  /* The free-text filter's URL parameter. Material opens its search dialog on any page loaded
     with "?q=", which the catalog used before; such links are still read (see legacy_query). */
  var TEXT_PARAM = "find";
  var LEGACY_TEXT_PARAM = "q";

  /* Orders of the catalog's "Sort by" besides the recommended one (the page's own order). Each
     compares two cards; ties, and cards without the date or duration, keep the page's order. */
  var SORT_PARAM = "sort";
  var ORDERS = {
    newest: function (a, b) {
      return a.date === b.date ? 0 : !a.date ? 1 : !b.date ? -1 : a.date < b.date ? 1 : -1;
    },
    shortest: function (a, b) {
      return a.minutes === b.minutes ? 0 : a.minutes === null ? 1 : b.minutes === null ? -1 : a.minutes - b.minutes;
    },
    title: function (a, b) {
      return a.title.localeCompare(b.title, undefined, { sensitivity: "base", numeric: true });
    },
  };

  function sortCards(cards, order) {
    var compare = ORDERS[order];
    if (!compare) return cards;
    return cards.slice().sort(function (a, b) {
      return compare(a, b) || a.index - b.index;
    });
  }

  function sameNodes(current, wanted) {
    if (current.length !== wanted.length) return false;
    for (var index = 0; index < wanted.length; index += 1) {
      if (current[index] !== wanted[index]) return false;
    }
    return true;
  }

  function setupFilters(root, onRender) {
    var form = root.querySelector("[data-ac-filters]");
    var list = root.querySelector("[data-ac-cards]");
    if (!form || !list) return;
    var cards = Array.prototype.map.call(list.children, function (card, index) {
      var minutes = parseInt(card.getAttribute("data-ac-minutes") || "", 10);
      var title = card.querySelector(".ac-card__title");
      return {
        node: card,
        index: index,
        terms: (card.getAttribute("data-ac-terms") || "").split(" ").filter(Boolean),
        text: card.getAttribute("data-ac-text") || "",
        date: card.getAttribute("data-ac-date") || "",
        minutes: isNaN(minutes) ? null : minutes,
        title: title ? title.textContent.trim() : "",
      };
    });
    var sorter = root.querySelector("[data-ac-sort]");
    var more = root.querySelector("[data-ac-more]");
    /* The button's box is what hides: Material's button style would show a hidden button. */
    var moreBox = root.querySelector("[data-ac-more-box]");
    var matched = cards;
    var limit = PAGE;

    /* Cards are moved only when the list changes: a card taken out and put back between a
       learner's mouse-down and mouse-up loses the click (the text box's blur re-applies). */
    function render() {
      var wanted = matched.slice(0, limit).map(function (card) {
        return card.node;
      });
      if (!sameNodes(list.children, wanted)) list.replaceChildren.apply(list, wanted);
      if (more && moreBox) {
        moreBox.hidden = matched.length <= limit;
        more.textContent = "Show more (" + Math.max(matched.length - limit, 0) + " left)";
      }
      onRender();
    }
    var facets = Array.prototype.map.call(form.querySelectorAll("[data-ac-facet]"), function (fieldset) {
      return fieldset.getAttribute("data-ac-facet");
    });
    var counters = {};
    form.querySelectorAll("[data-ac-count]").forEach(function (node) {
      counters[node.getAttribute("data-ac-count")] = node;
    });
    var input = form.querySelector('input[type="search"]');
    var shown = root.querySelector("[data-ac-shown]");
    var empty = root.querySelector("[data-ac-empty]");
    var toggle = root.querySelector("[data-ac-filters-toggle]");
    var toggleCount = root.querySelector("[data-ac-filters-count]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = !form.classList.contains("ac-filters--open");
        form.classList.toggle("ac-filters--open", open);
        toggle.setAttribute("aria-expanded", String(open));
        if (open) input.focus();
      });
    }

    function state() {
      var selected = {};
      facets.forEach(function (facet) {
        selected[facet] = [];
      });
      form.querySelectorAll('input[type="checkbox"]:checked').forEach(function (box) {
        selected[box.name].push(box.value);
      });
      var order = sorter && ORDERS[sorter.value] ? sorter.value : "";
      return { q: input.value.trim().toLowerCase(), selected: selected, order: order };
    }

    function apply(current, pushUrl) {
      var words = current.q.split(/\s+/).filter(Boolean);
      var active = facets.filter(function (facet) {
        return current.selected[facet].length;
      });
      var wanted = {};
      active.forEach(function (facet) {
        wanted[facet] = current.selected[facet].map(function (value) {
          return facet + ":" + value;
        });
      });
      var counts = {};
      var found = [];
      sortCards(cards, current.order).forEach(function (card) {
        var textOk = words.every(function (word) {
          return card.text.indexOf(word) >= 0;
        });
        var failed = [];
        active.forEach(function (facet) {
          var hit = wanted[facet].some(function (term) {
            return card.terms.indexOf(term) >= 0;
          });
          if (!hit) failed.push(facet);
        });
        if (textOk && failed.length === 0) found.push(card);
        if (!textOk || failed.length > 1) return;
        card.terms.forEach(function (term) {
          var facet = term.slice(0, term.indexOf(":"));
          if (failed.length === 0 || failed[0] === facet) counts[term] = (counts[term] || 0) + 1;
        });
      });
      Object.keys(counters).forEach(function (term) {
        var count = counts[term] || 0;
        if (counters[term].textContent !== String(count)) counters[term].textContent = String(count);
        counters[term].parentElement.classList.toggle("ac-facet__option--empty", count === 0);
      });
      matched = found;
      limit = PAGE;
      render();
      shown.textContent = String(found.length);
      if (toggleCount) {
        /* "Filters (n)": how many filters are set, the text box counting as one. */
        var set = active.reduce(function (sum, facet) {
          return sum + current.selected[facet].length;
        }, current.q ? 1 : 0);
        toggleCount.textContent = set ? " (" + set + ")" : "";
      }
      if (empty) empty.hidden = found.length !== 0;
      if (pushUrl) writeUrl(current);
    }

    function writeUrl(current) {
      var params = new URLSearchParams(window.location.search);
      params.delete(LEGACY_TEXT_PARAM);
      params.delete(TEXT_PARAM);
      params.delete(SORT_PARAM);
      facets.forEach(function (facet) {
        params.delete(facet);
      });
      if (current.q) params.set(TEXT_PARAM, current.q);
      if (sorter && current.order) params.set(SORT_PARAM, current.order);
      facets.forEach(function (facet) {
        if (current.selected[facet].length) params.set(facet, current.selected[facet].join(","));
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      input.value = params.get(TEXT_PARAM) || params.get(LEGACY_TEXT_PARAM) || "";
      if (sorter) sorter.value = ORDERS[params.get(SORT_PARAM)] ? params.get(SORT_PARAM) : "";
      facets.forEach(function (facet) {
        var values = (params.get(facet) || "").split(",").filter(Boolean);
        form.querySelectorAll('input[type="checkbox"][name="' + facet + '"]').forEach(function (box) {
          box.checked = values.indexOf(box.value) >= 0;
        });
      });
      /* A folded facet with a value set from the address opens, so the learner sees what filters. */
      form.querySelectorAll("[data-ac-facet-fold]").forEach(function (fold) {
        if (fold.querySelector("input:checked")) fold.open = true;
      });
    }

    var timer = null;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("change", function (event) {
      /* The text box fires "change" when it loses focus; its "input" events applied it already. */
      if (event.target !== input) apply(state(), true);
    });
    input.addEventListener("input", function () {
      /* The address follows the box at once (a learner may follow a card before the list is
         filtered again, and Back must bring back what the box held); the list, 60 ms later. */
      writeUrl(state());
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        apply(state(), true);
      }, 60);
    });
    if (sorter) {
      sorter.addEventListener("change", function () {
        apply(state(), true);
      });
    }
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        apply(state(), true);
      }, 0);
    });
    root.querySelectorAll("[data-ac-clear]").forEach(function (button) {
      button.addEventListener("click", function () {
        form.reset();
      });
    });
    if (more) {
      more.addEventListener("click", function () {
        limit += PAGE;
        render();
      });
    }
    readUrl();
    apply(state(), false);
    root.acFilter = function () {
      apply(state(), true);
    };
  }

  /* ---------- wiring ---------- */

  /* Opened from disk, a link to a folder shows the folder's listing, not its page: point
     every link of this site that ends in a folder at the folder's index.html. */
  function linkIndexFilesOnDisk() {
    if (window.location.protocol !== "file:") return;
    document.querySelectorAll("a[href]").forEach(function (link) {
      var url = new URL(link.getAttribute("href"), window.location.href);
      if (url.protocol === "file:" && url.pathname.slice(-1) === "/") {
        url.pathname += "index.html";
        link.setAttribute("href", url.href);
      }
    });
  }

  /* A table wider than the screen scrolls inside Material's wrapper: a keyboard user can scroll
     it only if the wrapper takes focus, and a screen reader names what the stop is. */
  function focusableScrollingTables() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table, scrolls sideways");
    });
  }

  function setup() {
    linkIndexFilesOnDisk();
    focusableScrollingTables();
    document.querySelectorAll("[data-ac-root]").forEach(function (root) {
      var audience = root.getAttribute("data-ac-audience");
      var catalogUrl = root.getAttribute("data-ac-catalog");

      function refresh() {
        var progress = readProgress(audience);
        paintCards(root, progress);
        paintCoursePage(root, progress);
        paintContinue(root, progress);
        paintMine(root, progress);
        paintUpdated(root, progress);
        if (root.querySelector("[data-ac-badge], [data-ac-collection]") || root.hasAttribute("data-ac-collection")) {
          loadCatalog(catalogUrl).then(function (catalog) {
            var lessonsOf = lessonsFromCatalog(catalog);
            paintCollections(root, progress, lessonsOf);
            paintBadges(root, progress, lessonsOf);
          });
        }
      }

      if (root.hasAttribute("data-ac-listing")) {
        setupFilters(root, function () {
          paintCards(root, readProgress(audience));
        });
      }
      setupComplete(root, audience, refresh);
      setupTransfer(root, audience, refresh);
      setupCertificate(root, audience);
      setupUpdated(root, audience, refresh);
      refresh();
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

/*
 * Academy knowledge checks: answer, see feedback, try again; passing a lesson's checks completes it.
 *
 * The page ships no right answer: per question a salt and the SHA-256 digest of "salt:answer"
 * (the sorted indices of the right choices), each choice's feedback sealed under a key of its
 * own, and the explanation sealed under a key only the right answer gives (SHA-256 in counter
 * mode, XOR). SHA-256 is computed here, synchronously, rather than with crypto.subtle, which
 * browsers offer only in secure contexts (not on a plain-http intranet host).
 *
 * Exposes window.AcademyChecks for academy.js, which owns the progress store; each answer is
 * announced as an "academy:answered" event on document.
 */
(function () {
  "use strict";

  /* ---------- SHA-256 (FIPS 180-4) over UTF-8 ---------- */

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];

  function sha256(bytes) {
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var i = 0; i < 64; i += 1) {
        if (i < 16) {
          w[i] = view.getUint32(offset + i * 4);
        } else {
          var a = w[i - 15];
          var b = w[i - 2];
          var s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
          var s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
          w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
        }
      }
      var v = h.slice();
      for (var j = 0; j < 64; j += 1) {
        var e = v[4];
        var sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (v[7] + sum1 + ((e & v[5]) ^ (~e & v[6])) + K[j] + w[j]) | 0;
        var f = v[0];
        var sum0 = ((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10));
        var t2 = (sum0 + ((f & v[1]) ^ (f & v[2]) ^ (v[1] & v[2]))) | 0;
        v = [(t1 + t2) | 0, f, v[1], v[2], (v[3] + t1) | 0, e, v[5], v[6]];
      }
      for (var k = 0; k < 8; k += 1) h[k] = (h[k] + v[k]) | 0;
    }
    var out = new Uint8Array(32);
    var outView = new DataView(out.buffer);
    h.forEach(function (word, index) {
      outView.setUint32(index * 4, word >>> 0);
    });
    return out;
  }

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (byte) {
      return (byte < 16 ? "0" : "") + byte.toString(16);
    }).join("");
  }

  function answerText(indices) {
    return indices.slice().sort(function (a, b) {
      return a - b;
    }).join(",");
  }

  function digest(salt, indices) {
    return hex(sha256(utf8(salt + ":" + answerText(indices))));
  }

  /* The inverse of core/checks.py's seal: base64, XOR with SHA-256(key:counter) blocks. */
  function unseal(key, sealed) {
    var binary = window.atob(sealed);
    var data = new Uint8Array(binary.length);
    for (var counter = 0; counter * 32 < data.length; counter += 1) {
      var block = sha256(utf8(key + ":" + counter));
      for (var i = 0; i < 32 && counter * 32 + i < data.length; i += 1) {
        data[counter * 32 + i] = binary.charCodeAt(counter * 32 + i) ^ block[i];
      }
    }
    return new TextDecoder().decode(data).trim();
  }

  /* ---------- feedback shown as text and simple formatting only ---------- */

  var ALLOWED = { P: 1, CODE: 1, EM: 1, STRONG: 1, B: 1, I: 1, BR: 1, UL: 1, OL: 1, LI: 1, KBD: 1, SUB: 1, SUP: 1, MARK: 1 };

  /* Author HTML, parsed inert (no script runs, nothing loads), copied element by element:
     allowed tags without attributes, anything else as its text. */
  function fill(target, html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    function copy(from, to) {
      Array.prototype.forEach.call(from.childNodes, function (node) {
        if (node.nodeType === 3) {
          to.appendChild(document.createTextNode(node.nodeValue));
        } else if (node.nodeType === 1 && ALLOWED[node.tagName]) {
          copy(node, to.appendChild(document.createElement(node.tagName.toLowerCase())));
        } else if (node.nodeType === 1 && node.tagName !== "SCRIPT" && node.tagName !== "STYLE") {
          copy(node, to);
        }
      });
    }
    target.textContent = "";
    copy(parsed.body, target);
  }

  /* ---------- one check ---------- */

  function chosen(box) {
    var indices = [];
    box.querySelectorAll("input[value]").forEach(function (input) {
      if (input.checked) indices.push(Number(input.value));
    });
    return indices;
  }

  function showVerdict(box, data, indices, right) {
    box.querySelectorAll("input").forEach(function (input) {
      input.disabled = true;
    });
    box.querySelectorAll("[data-ac-feedback]").forEach(function (holder) {
      var index = Number(holder.getAttribute("data-ac-feedback"));
      var sealed = data.feedback[index];
      var text = sealed && indices.indexOf(index) >= 0 ? unseal(data.salt + ":feedback:" + index, sealed) : "";
      fill(holder, text);
      holder.hidden = !text;
      holder.parentElement.classList.toggle("ac-check__choice--chosen", indices.indexOf(index) >= 0);
    });
    var explanation = box.querySelector("[data-ac-explanation]");
    if (explanation) {
      var html = right && data.explanation ? unseal(data.salt + ":explanation:" + answerText(indices), data.explanation) : "";
      fill(explanation, html);
      explanation.hidden = !html;
    }
    box.classList.toggle("ac-check--right", right);
    box.classList.toggle("ac-check--wrong", !right);
    box.querySelector("[data-ac-check-submit]").hidden = true;
    box.querySelector("[data-ac-check-retry]").hidden = right;
    box.querySelector("[data-ac-check-result]").textContent = right
      ? "Right." + (explanation && !explanation.hidden ? " Read why below." : "")
      : "Not quite." + (box.querySelector("[data-ac-feedback]:not([hidden])") ? " Read the feedback on your answer, then try again." : " Try again.");
  }

  function reset(box) {
    box.querySelectorAll("input").forEach(function (input) {
      input.disabled = false;
      input.checked = false;
    });
    box.querySelectorAll("[data-ac-feedback], [data-ac-explanation]").forEach(function (holder) {
      holder.textContent = "";
      holder.hidden = true;
    });
    box.querySelectorAll(".ac-check__choice--chosen").forEach(function (choice) {
      choice.classList.remove("ac-check__choice--chosen");
    });
    box.classList.remove("ac-check--right", "ac-check--wrong");
    box.querySelector("[data-ac-check-submit]").hidden = false;
    box.querySelector("[data-ac-check-retry]").hidden = true;
    box.querySelector("[data-ac-check-result]").textContent = "";
  }

  /* The page's checks, wired: store(key, entry) keeps an attempt, stored(key) reads one back,
     changed(summary) hears the lesson's score after each answer. */
  function setup(root, store, stored, changed) {
    var script = root.querySelector("script[data-ac-checks]");
    if (!script) return null;
    var page;
    try {
      page = JSON.parse(script.textContent);
    } catch (error) {
      return null;
    }
    var byId = {};
    page.checks.forEach(function (data) {
      byId[data.id] = data;
    });
    var boxes = Array.prototype.filter.call(root.querySelectorAll("[data-ac-check]"), function (box) {
      return byId[box.getAttribute("data-ac-check")];
    });

    function key(box) {
      return page.course + "/" + box.getAttribute("data-ac-check");
    }

    function summary() {
      var right = boxes.filter(function (box) {
        var entry = stored(key(box));
        return entry && entry.score === 100;
      }).length;
      var score = boxes.length ? Math.round((100 * right) / boxes.length) : 0;
      var answered = boxes.filter(function (box) {
        return stored(key(box));
      }).length;
      return { right: right, total: boxes.length, answered: answered, score: score, passMark: page.passMark, passed: score >= page.passMark, assessment: page.assessment };
    }

    boxes.forEach(function (box) {
      var data = byId[box.getAttribute("data-ac-check")];
      var note = box.querySelector("[data-ac-check-nojs]");
      if (note) note.hidden = true;
      box.querySelector("[data-ac-check-actions]").hidden = false;
      reset(box);
      var submit = box.querySelector("[data-ac-check-submit]");
      var retry = box.querySelector("[data-ac-check-retry]");
      submit.addEventListener("click", function () {
        var indices = chosen(box);
        if (!indices.length) {
          box.querySelector("[data-ac-check-result]").textContent = "Choose an answer first.";
          return;
        }
        var right = digest(data.salt, indices) === data.digest;
        var previous = stored(key(box)) || { attempts: 0 };
        store(key(box), {
          attempts: (previous.attempts || 0) + 1,
          score: right ? 100 : 0,
          answer: indices,
          passed: previous.passed || (right ? new Date().toISOString() : null),
        });
        showVerdict(box, data, indices, right);
        document.dispatchEvent(new CustomEvent("academy:answered", {
          detail: { course: page.course, lesson: page.lesson, check: box.getAttribute("data-ac-check"), assessment: Boolean(page.assessment), right: right, attempts: (previous.attempts || 0) + 1 },
        }));
        (right ? box.querySelector("[data-ac-check-result]") : retry).focus();
        changed(summary(), true);
      });
      retry.addEventListener("click", function () {
        reset(box);
        var first = box.querySelector("input");
        if (first) first.focus();
      });
      /* A check answered right before shows as answered; a wrong answer starts afresh. */
      var entry = stored(key(box));
      if (entry && entry.score === 100 && Array.isArray(entry.answer)) {
        var indices = entry.answer.filter(function (index) {
          return typeof index === "number";
        });
        if (digest(data.salt, indices) === data.digest) {
          box.querySelectorAll("input[value]").forEach(function (input) {
            input.checked = indices.indexOf(Number(input.value)) >= 0;
          });
          showVerdict(box, data, indices, true);
        }
      }
    });
    changed(summary(), false);
    return summary;
  }

  window.AcademyChecks = { setup: setup, sha256Hex: function (text) {
    return hex(sha256(utf8(text)));
  }, unseal: unseal };
})();

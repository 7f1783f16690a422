"""An LRS stand-in on 127.0.0.1 and the statement rules of xAPI 1.0.3, for the statement tests.

The rules are written from the xAPI specification (Part Two, "Experience API Data", 2.4
Statement Properties and 4.1 Statement Data Types), not from our own script: a statement the
portal sends must pass them whatever the script does.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import re
import threading
import uuid
from typing import Any

IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
"""An absolute IRI: a scheme, a colon, no white space or characters IRIs exclude."""
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", re.IGNORECASE)
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
"""An ISO 8601 duration as xAPI allows it (4.6: "P…T…S")."""
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version"}
ADL_VERBS = {
    verb: f"http://adlnet.gov/expapi/verbs/{verb}"
    for verb in ("initialized", "completed", "passed", "failed", "answered", "terminated")
}
"""The ADL verbs the portal sends, by their last segment."""
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}


def _timestamp(value: Any) -> bool:
    """ISO 8601 with a time zone (2.4.7: "A timestamp SHOULD include the time zone")."""
    if not isinstance(value, str):
        return False
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None and "T" in value


def _language_map(value: Any, where: str) -> list[str]:
    if not isinstance(value, dict) or not value:
        return [f"{where} must be a language map"]
    return [f"{where}: '{tag}' is not a language tag" for tag in value if not LANGUAGE_TAG.match(tag)] + [
        f"{where}['{tag}'] must be a string" for tag, text in value.items() if not isinstance(text, str)
    ]


def _agent(actor: Any, where: str) -> list[str]:
    if not isinstance(actor, dict):
        return [f"{where} must be an object"]
    problems = []
    if actor.get("objectType", "Agent") != "Agent":
        problems.append(f"{where}.objectType must be Agent for a learner")
    found = [key for key in IFIS if key in actor]
    if len(found) != 1:
        problems.append(f"{where} must have exactly one inverse functional identifier, not {found}")
    account = actor.get("account")
    if account is not None:
        if not isinstance(account, dict) or set(account) != {"homePage", "name"}:
            problems.append(f"{where}.account must hold homePage and name, exactly")
        else:
            if not IRI.match(str(account["homePage"])):
                problems.append(f"{where}.account.homePage must be an IRL")
            if not isinstance(account["name"], str) or not account["name"]:
                problems.append(f"{where}.account.name must be a string")
    return problems


def _activity(value: Any, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where} must be an object"]
    problems = []
    if value.get("objectType", "Activity") != "Activity":
        problems.append(f"{where}.objectType must be Activity")
    if not isinstance(value.get("id"), str) or not IRI.match(value["id"]):
        problems.append(f"{where}.id must be an IRI, not {value.get('id')!r}")
    definition = value.get("definition")
    if definition is not None:
        if not isinstance(definition, dict):
            return [*problems, f"{where}.definition must be an object"]
        for key in ("name", "description"):
            if key in definition:
                problems += _language_map(definition[key], f"{where}.definition.{key}")
        if "type" in definition and not IRI.match(str(definition["type"])):
            problems.append(f"{where}.definition.type must be an IRI")
    return problems


def _result(result: Any) -> list[str]:
    if not isinstance(result, dict):
        return ["result must be an object"]
    problems = []
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            problems.append(f"result.{key} must be true or false")
    if "duration" in result and not (isinstance(result["duration"], str) and DURATION.match(result["duration"])):
        problems.append(f"result.duration must be an ISO 8601 duration, not {result['duration']!r}")
    score = result.get("score")
    if score is not None:
        scaled, raw, low, high = (score.get(key) for key in ("scaled", "raw", "min", "max"))
        if scaled is not None and not (isinstance(scaled, (int, float)) and -1 <= scaled <= 1):
            problems.append(f"result.score.scaled must be a number from -1 to 1, not {scaled!r}")
        if low is not None and high is not None and not low < high:
            problems.append("result.score.min must be less than max")
        if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
            problems.append("result.score.raw must lie between min and max")
    return problems


def _context(context: Any) -> list[str]:
    if not isinstance(context, dict):
        return ["context must be an object"]
    problems = []
    if "registration" in context and not UUID.match(str(context["registration"])):
        problems.append("context.registration must be a UUID")
    if "language" in context and not LANGUAGE_TAG.match(str(context["language"])):
        problems.append("context.language must be a language tag")
    activities = context.get("contextActivities", {})
    if not isinstance(activities, dict) or set(activities) - CONTEXT_ACTIVITY_KEYS:
        problems.append(f"context.contextActivities may hold only {sorted(CONTEXT_ACTIVITY_KEYS)}")
    else:
        for key, value in activities.items():
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                problems += _activity(item, f"context.contextActivities.{key}[{index}]")
    for key in context.get("extensions", {}) or {}:
        if not IRI.match(key):
            problems.append(f"context.extensions key {key!r} must be an IRI")
    return problems


def statement_problems(statement: Any) -> list[str]:
    """What makes ``statement`` break the xAPI 1.0.3 statement rules; empty when it keeps them."""
    if not isinstance(statement, dict):
        return ["a statement must be a JSON object"]
    problems = [f"unknown statement property {key!r}" for key in statement if key not in STATEMENT_KEYS]
    problems += [f"'{key}' is required" for key in ("actor", "verb", "object") if key not in statement]
    if "id" in statement and not UUID.match(str(statement["id"])):
        problems.append(f"id must be a UUID, not {statement['id']!r}")
    if "timestamp" in statement and not _timestamp(statement["timestamp"]):
        problems.append(f"timestamp must be ISO 8601 with a time zone, not {statement['timestamp']!r}")
    if "actor" in statement:
        problems += _agent(statement["actor"], "actor")
    verb = statement.get("verb")
    if isinstance(verb, dict):
        if not IRI.match(str(verb.get("id", ""))):
            problems.append("verb.id must be an IRI")
        if "display" in verb:
            problems += _language_map(verb["display"], "verb.display")
    elif verb is not None:
        problems.append("verb must be an object")
    if "object" in statement:
        problems += _activity(statement["object"], "object")
    if "result" in statement:
        problems += _result(statement["result"])
    if "context" in statement:
        problems += _context(statement["context"])
    return problems


class LRS:
    """Statements POSTed to ``<url>statements``, kept by id; CORS preflight answered; can be down."""

    def __init__(self, launch_data: dict | None = None) -> None:
        self.launch_data = launch_data
        """With it, a fake LMS too: ``<root>fetch`` gives a token once, the state API gives this LaunchData."""
        self.token = "dG9rZW4tb2YtdGhlLWxtcw=="
        self.fetches = 0
        self.state_requests: list[tuple[str, dict[str, str]]] = []
        self.statements: dict[str, dict] = {}
        self.posts: list[list[dict]] = []
        self.headers: list[dict[str, str]] = []
        self.down = False
        self.changed = threading.Condition()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/xapi/"
        self.fetch_url = f"http://127.0.0.1:{self.server.server_address[1]}/fetch"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self):
        lrs = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # noqa: A002 - signature of the base class
                pass

            def _cors(self) -> None:
                self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
                self.send_header("Access-Control-Allow-Methods", "POST, PUT, GET, OPTIONS")
                allowed = "Content-Type, X-Experience-API-Version, Authorization"
                self.send_header("Access-Control-Allow-Headers", allowed)
                self.send_header("Vary", "Origin")

            def do_OPTIONS(self):  # noqa: N802 - name of the base class's dispatch
                self.send_response(204)
                self._cors()
                self.end_headers()

            def _json(self, code: int, data) -> None:
                payload = json.dumps(data).encode()
                self.send_response(code)
                self._cors()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):  # noqa: N802
                path, _, query = self.path.partition("?")
                if lrs.launch_data is None or path != "/xapi/activities/state":
                    return self._json(404, {})
                with lrs.changed:
                    lrs.state_requests.append((query, dict(self.headers)))
                if self.headers.get("Authorization") != f"Basic {lrs.token}":
                    return self._json(401, {})
                self._json(200, lrs.launch_data)

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == "/fetch" and lrs.launch_data is not None:
                    with lrs.changed:
                        lrs.fetches += 1
                        first = lrs.fetches == 1
                    # cmi5 section 8.2.3: the fetch URL gives the token once; then an error.
                    return self._json(200, {"auth-token": lrs.token} if first else {"error-code": "1"})
                if lrs.launch_data is not None and self.headers.get("Authorization") != f"Basic {lrs.token}":
                    return self._json(401, {})
                if lrs.down:
                    self.send_response(503)
                    self._cors()
                    self.end_headers()
                    return
                data = json.loads(body)
                batch = data if isinstance(data, list) else [data]
                with lrs.changed:
                    lrs.posts.append(batch)
                    lrs.headers.append(dict(self.headers))
                    for statement in batch:
                        lrs.statements.setdefault(statement.get("id") or str(uuid.uuid4()), statement)
                    lrs.changed.notify_all()
                payload = json.dumps([s.get("id") for s in batch]).encode()
                self.send_response(200)
                self._cors()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler

    def received(self) -> list[dict]:
        """The statements kept, in timestamp order (then arrival)."""
        with self.changed:
            return sorted(self.statements.values(), key=lambda s: s.get("timestamp", ""))

    def wait_for(self, predicate, timeout: float = 30) -> list[dict]:
        """Wait until ``predicate(statements)`` holds; the statements then.

        Generous: it returns as soon as the statements arrive, and a loaded machine's browser
        can take seconds to answer a check and post the statements that follow."""
        with self.changed:
            ok = self.changed.wait_for(lambda: predicate(self.received()), timeout)
        statements = self.received()
        assert ok, f"the LRS did not receive what was expected; it has {[verbs(statements)]}"
        return statements

    def reset(self) -> None:
        with self.changed:
            self.statements.clear()
            self.posts.clear()
            self.headers.clear()
            self.state_requests.clear()
            self.fetches = 0
            self.down = False

    def close(self) -> None:
        self.server.shutdown()


def verbs(statements: list[dict]) -> list[str]:
    """The verbs' last path segment (``completed``), in order."""
    return [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]

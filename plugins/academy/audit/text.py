"""Words, cut into segments, of sources and of every byte of a built site.

The audit compares words, not bytes: the same sentence reaches a page's HTML, an attribute, a
JSON string of the search index and a compressed sitemap in as many spellings. Both sides are
reduced the same way (Unicode compatibility form, case folded, numbers as one word ``NUM``)
and cut into segments: a phrase is only looked for within a segment. Inline markup does not
cut a segment (a sentence with a bold word stays one); block markup, attribute values, JSON
strings, script and style bodies, and comments are segments of their own.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import html
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import brotli

from ..core.links import SRCSET_ATTRIBUTES, URL_ATTRIBUTES, attribute_urls

NUM = "\x00"
"""Every number reads as this one word: pages print counts and dates of their own."""
BREAK = "\x01"
"""Stands between segments in a list of words."""
MAX_EXPANDED = 256 * 1024 * 1024
"""Largest output a compressed file may expand to (a bigger one is reported, not read)."""

_WORD = re.compile(r"[^\W_]+")
_WORD_OR_BREAK = re.compile(r"[^\W_]+|\x01")
_INLINE = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em i img ins kbd label mark q s samp small span strong sub sup "
    "time u var wbr".split()
)
_MARKUP = re.compile(
    # ``\Z``, not ``$``: an unclosed comment or raw-text element runs to the very end, newline
    # included, which is how the reader knows it might run on past a cut (``open_ended``).
    r"<!--(?P<comment>.*?)(?:-->|\Z)"
    r"|<(?P<raw>script|style|textarea|title)\b(?P<rawattrs>[^>]*)>(?P<rawbody>.*?)(?:</(?P=raw)\s*>|\Z)"
    # Possessive: a tag that never closes fails in one pass over it, not in exponentially many.
    # An unquoted ``<`` ends a tag's attributes, so that a run of unclosed tags fails in linear time.
    r"|<(?P<tag>/?[A-Za-z][\w:.-]*+)(?P<attrs>(?:[^<>\"']++|\"[^\"]*+\"|'[^']*+')*+)>",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)""")
_MAY_OPEN = re.compile(r"<(?:[^!\s]|!-|!$|$)")
"""A ``<`` read as text that more text after it could make the start of markup (``<!doctype``
and ``a < b`` never are)."""
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_JS_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.S)
_QUOTED = re.compile(r"""["'`]""")
_DATA_URI = re.compile(r"^data:[^,;]*(;base64)?,(.*)$", re.S | re.I)
_PRINTABLE = re.compile(rb"[\x20-\x7e\x80-\xff]{4,}")
_SPACE = re.compile(r"\s")


def _one_url(text: str) -> bool:
    """Whether ``text`` could be one URL: no white space, a slash."""
    return "/" in text and _SPACE.search(text) is None


def normal(text: str) -> str:
    """Text as the audit compares it: Unicode compatibility form, case folded."""
    return text.casefold() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    """The words of plain text, compared as the audit compares them."""
    return [NUM if word.isdigit() else word for word in _WORD.findall(normal(text))]


HUMAN_ATTRIBUTES = frozenset(
    {"alt", "title", "aria-label", "aria-description", "aria-roledescription", "content", "value", "placeholder",
     "label", "summary", "abbr", "download"}
)  # fmt: skip
"""Attributes whose values people read (the rest hold structure: namespaces, paths, classes, sizes)."""


@dataclass
class Reading:
    """What a file holds for the audit: its segments of words and the URLs it refers to."""

    pieces: list[str] = field(default_factory=list)
    """Texts as read (character references decoded), each a segment, or several (blank lines cut)."""
    references: list[str] = field(default_factory=list)
    """URLs as written, relative to the file they are in."""
    site_references: list[str] = field(default_factory=list)
    """URLs of JSON documents (a search index, ``catalog.json``), relative to the site's root."""
    open_ended: bool = False
    """Whether markup read alone may read otherwise within a longer text: a ``<`` read as text,
    or a comment or raw-text element running to the end (its end may lie beyond)."""
    prose: bool = False
    """Keep only what people read of attributes (``HUMAN_ATTRIBUTES`` and ``data-*``): hidden text
    is looked for by its prose, not by the namespaces and path data any SVG shares."""

    def add_text(self, text: str) -> None:
        """Plain text: a segment per paragraph (blank lines cut)."""
        if text and not text.isspace():
            self.pieces.append(text)

    def words(self) -> list[str]:
        """Every word read, in order, ``BREAK`` between segments (read in one pass: files are many)."""
        return _words_of(self.pieces)

    def word_parts(self, size: int = 200_000) -> Iterator[list[str]]:
        """``words()`` a part at a time, each part whole segments of about ``size`` characters at most."""
        start, length = 0, 0
        for end, piece in enumerate(self.pieces):
            if length and length + len(piece) > size:
                yield _words_of(self.pieces[start:end])
                start, length = end, 0
            length += len(piece)
        yield _words_of(self.pieces[start:])


def _words_of(pieces: list[str]) -> list[str]:
    text = _BLANK_LINE.sub(BREAK, BREAK.join(piece.replace(BREAK, " ") for piece in pieces))
    return _WORD_OR_BREAK.findall(normal(text))


def read_markup(text: str, reading: Reading | None = None) -> Reading:
    """HTML, XML, SVG or text holding some: segments and references, every attribute included."""
    reading = reading or Reading()
    flow: list[str] = []

    def flush() -> None:
        if flow:
            reading.add_text(_unescape("".join(flow)))
            flow.clear()

    position = 0
    for match in _MARKUP.finditer(text):
        if match.start() > position:
            _text_piece(text[position : match.start()], flow, reading)
        position = match.end()
        tag = match.group("tag")
        if tag is not None:
            if tag.lstrip("/").lower() not in _INLINE:
                flush()
            attributes = match.group("attrs")
            if "=" in attributes:
                _read_attributes(attributes, reading)
        elif match.group("comment") is not None:
            reading.add_text(_unescape(match.group("comment")))
            reading.open_ended |= position == len(text)
        else:
            reading.open_ended |= position == len(text)
            flush()
            if "=" in match.group("rawattrs"):
                _read_attributes(match.group("rawattrs"), reading)
            _read_code(match.group("rawbody"), reading, markup=match.group("raw").lower() in ("title", "textarea"))
    if position < len(text):
        _text_piece(text[position:], flow, reading)
    flush()
    return reading


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _text_piece(piece: str, flow: list[str], reading: Reading) -> None:
    """Text between two tags: part of the flow, and a reference when it is one URL (a sitemap's <loc>)."""
    flow.append(piece)
    if "<" in piece and _MAY_OPEN.search(piece):
        reading.open_ended = True
    if "/" in piece:
        stripped = piece.strip()
        if _one_url(stripped):
            reading.references.append(_unescape(stripped))


def _read_attributes(attributes: str, reading: Reading) -> None:
    for name, raw in _ATTRIBUTE.findall(attributes):
        name = name.lower()
        value = _unescape(raw[1:-1] if raw[:1] in ("'", '"') else raw)
        if not reading.prose or name in HUMAN_ATTRIBUTES or name.startswith("data-"):
            reading.add_text(value)
        if name in URL_ATTRIBUTES or name in SRCSET_ATTRIBUTES or name == "style":
            urls = list(attribute_urls(name, value))
        elif "/" in value and _one_url(value):
            urls = [value]
        else:
            continue
        for url in urls:
            reading.references.append(url)
            if url[:5].lower() == "data:":
                _read_data_uri(url, reading)


def _read_data_uri(url: str, reading: Reading) -> None:
    match = _DATA_URI.match(url)
    if match is None:
        return
    payload = match.group(2)
    if match.group(1):
        try:
            data = base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            return
    else:
        data = payload.encode("utf-8", "replace")
    _read_bytes(data, reading, depth=1)


def _read_code(body: str, reading: Reading, *, markup: bool = False) -> None:
    """A script, style or raw-text element: JSON when it is JSON, else text with its escapes read."""
    if markup:
        reading.add_text(html.unescape(body))
        return
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if data is not None and not isinstance(data, (int, float)):
        _read_json(data, reading)
        return
    text = _JS_ESCAPE.sub(_unescape_js, body) if "\\" in body else body
    for part in _QUOTED.split(text):
        reading.add_text(part)
        if _one_url(part.strip()):
            reading.references.append(part.strip())


def _unescape_js(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2) or match.group(3)
    if code is not None:
        try:
            return chr(int(code, 16))
        except ValueError:
            return ""
    return {"n": "\n", "t": "\t", "r": "\n"}.get(match.group(4), match.group(4))


def _read_json(data: object, reading: Reading) -> None:
    """Every key and string of a JSON document, each read as markup (search indexes hold HTML)."""
    read_json_strings(json_strings(data), reading)


def read_json_strings(strings: Iterable[str], reading: Reading) -> Reading:
    """Keys and strings of a JSON document, each read as markup; one that could be a URL is taken
    as one, relative to the site's root."""
    for item in strings:
        read_markup(item, reading)
        if _one_url(item):
            reading.site_references.append(item)
    return reading


def json_strings(data: object) -> Iterator[str]:
    """Every key and string of a JSON document, in order."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                yield str(key)
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, str):
            yield item


CHUNK_CUT = 64
"""A chunk of a JSON document's strings ends after a string whose checksum this divides: about
20 entries of a search index, few enough to read again after an edit, many enough that reading
a whole index is not thousands of small searches."""


def json_chunks(data: object) -> Iterator[list[str]]:
    """The strings of a JSON document in chunks cut where the strings themselves say (after a
    string whose CRC-32 ``CHUNK_CUT`` divides, about every 64 strings), so that an edit changes
    the chunks around it and leaves the others as they were."""
    chunk: list[str] = []
    for item in json_strings(data):
        chunk.append(item)
        if zlib.crc32(item.encode("utf-8", "surrogatepass")) % CHUNK_CUT == 0:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def as_it_stands(data: bytes, name: str) -> tuple[str | None, object | None]:
    """An output file that ``read_output`` reads as it stands (neither compressed nor code),
    decoded once: its text when it is markup, or the JSON document it holds; else (None, None)."""
    if _packed(data, name) or name.endswith((".js", ".mjs", ".css")):
        return None, None  # a packed file that fails to unpack is read whole, as it stands
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, None
    return (None, _json_value(text)) if _opens_json(text) else (text, None)


def read_output(data: bytes, name: str) -> Reading:
    """What an output file holds, whatever its name says: decompressed, decoded, parsed."""
    reading = Reading()
    _read_bytes(data, reading, depth=0, name=name)
    return reading


def _read_bytes(data: bytes, reading: Reading, *, depth: int, name: str = "") -> None:
    if depth > 3:  # an archive in an archive in an archive: read its bytes as they are
        _read_binary(data, reading)
        return
    expanded = _expanded(data, name)
    if expanded is not None:
        for part in expanded:
            _read_bytes(part, reading, depth=depth + 1)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _read_binary(data, reading)
        return
    if name.endswith((".js", ".mjs", ".css")):
        _read_code(text, reading)
        return
    document = _json_value(text)
    if document is not None:
        _read_json(document, reading)
        return
    read_markup(text, reading)


def _opens_json(text: str) -> bool:
    """Whether ``text`` opens as a JSON object or array does (found without copying the text)."""
    first = _FIRST_CHARACTER.search(text)
    return first is not None and first.group() in ("{", "[")


_FIRST_CHARACTER = re.compile(r"\S")


def _json_value(text: str) -> object | None:
    """The JSON object or array ``text`` holds, or None when it holds neither."""
    if not _opens_json(text):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _packed(data: bytes, name: str) -> str | None:
    """How ``data`` says it is compressed or archived (``gzip``, ``zip``, ``zlib``, ``brotli``), or None."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if data[:2] in (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda"):
        return "zlib"
    return "brotli" if name.endswith(".br") else None


def _expanded(data: bytes, name: str) -> list[bytes] | None:
    """The contents of a compressed file or archive, or None when ``data`` is neither (or fails to unpack)."""
    packed = _packed(data, name)
    try:
        if packed == "gzip":
            return [_bounded(gzip.GzipFile(fileobj=io.BytesIO(data)))]
        if packed == "zip":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return [_bounded(archive.open(member)) for member in archive.infolist() if not member.is_dir()]
        if packed == "zlib":
            return [_bounded_zlib(data)]
        if packed == "brotli":
            return [_bounded_brotli(data)]
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, brotli.error, ValueError):
        return None
    return None


_CHUNK = 1 << 20
"""Bytes decompressed at a time: asking for the whole limit at once allocates all of it."""


def _bounded(stream) -> bytes:
    parts: list[bytes] = []
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        if total > MAX_EXPANDED:
            raise ValueError("expands beyond the audit's limit")
        parts.append(chunk)
    return b"".join(parts)


def _bounded_brotli(data: bytes) -> bytes:
    decompressor = brotli.Decompressor()
    parts = [decompressor.process(data, output_buffer_limit=_CHUNK)]
    total = len(parts[0])
    while not decompressor.is_finished() and total <= MAX_EXPANDED:
        part = decompressor.process(b"", output_buffer_limit=_CHUNK)
        if not part and decompressor.can_accept_more_data():
            break  # truncated: what there is, is read
        parts.append(part)
        total += len(part)
    if total > MAX_EXPANDED:
        raise ValueError("expands beyond the audit's limit")
    return b"".join(parts)


def _bounded_zlib(data: bytes) -> bytes:
    decompressor = zlib.decompressobj()
    expanded = decompressor.decompress(data, MAX_EXPANDED + 1)
    if len(expanded) > MAX_EXPANDED:
        raise ValueError("expands beyond the audit's limit")
    return expanded


def _read_binary(data: bytes, reading: Reading) -> None:
    """The runs of printable bytes of a binary file (text kept in images' metadata, say)."""
    for run in _PRINTABLE.findall(data):
        reading.add_text(run.decode("utf-8", "replace"))


_MD_TARGET = re.compile(r"\]\(([^)\s]*)(?:\s[^)]*)?\)")
_MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+).*$")
_MD_ATTRIBUTES = re.compile(r"\{:?\s*[^{}]*\}\s*$")
_MD_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|!!!|\?\?\?\+?|={3}|/{3,}|:\s)")
_MD_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})")
_MD_BLOCK_HEAD = re.compile(r"^\s*(?:!!!|\?\?\?\+?|={3}!?|/{3,})\s*[\w-]*\s*(?:\|\s*)?")


def read_markdown(text: str, reading: Reading | None = None) -> Reading:
    """Markdown source as it will read once rendered, cut where rendering cuts blocks.

    Link targets, attribute lists and the heads of admonitions, tabs and blocks are not text
    a reader sees: targets become references, and an admonition's quoted title stays text.
    """
    reading = reading or Reading()
    block: list[str] = []

    def flush() -> None:
        if block:
            read_markup("\n".join(block), reading)
            block.clear()

    for line in text.split("\n"):
        reference = _MD_REFERENCE.match(line)
        if reference:
            reading.references.append(reference.group(1).strip("<>"))
            continue
        reading.references.extend(match.group(1).strip("<>") for match in _MD_TARGET.finditer(line))
        line = _MD_ATTRIBUTES.sub("", _MD_TARGET.sub("]", line))
        if _MD_FENCE.match(line):
            flush()
            continue
        if not line.strip() or _MD_BLOCK_START.match(line):
            flush()
            line = _MD_BLOCK_HEAD.sub("", line)
        if line.lstrip().startswith("|"):
            flush()
            for cell in line.split("|"):
                read_markup(cell, reading)
            continue
        block.append(line)
    flush()
    return reading

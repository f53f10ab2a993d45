"""What a certificate PDF holds besides its signature: the embedded claims, any active
content, its pages and the QR codes printed on the first one."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from .pixels import qr_image_pixels
from .qr import PREFIX, read_qr_pixels

log = logging.getLogger(__name__)

CLAIMS_FORMAT = "estelam-sso-certificate/1"
CLAIMS_FILE = "claims.json"
MAX_CLAIMS_BYTES = 64 * 1024


def embedded_claims(reader: Any) -> dict[str, Any] | None:
    """claims.json from the catalog's flat /EmbeddedFiles name list, or None."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        entries = list(names)[:64]
        for name, spec in zip(entries[::2], entries[1::2], strict=False):
            if str(name) != CLAIMS_FILE:
                continue
            stream = spec.get_object()["/EF"]["/F"]
            raw = stream.data  # decoded under the reader's decode limits
            if len(raw) > MAX_CLAIMS_BYTES:
                return None
            claims = json.loads(raw.decode("utf-8"))
            if isinstance(claims, dict) and claims.get("format") == CLAIMS_FORMAT:
                return claims
            return None
    except Exception:  # any shape we did not write means "not ours"
        log.debug("no embedded claims", exc_info=True)
    return None


_BAD_ACTIONS = frozenset(("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition"))


def active_content(reader: Any) -> str | None:
    """A description of the first script or launch action found, or None."""
    if b"/JavaScript" in _raw(reader):
        return "JavaScript"
    try:
        root = reader.root
        candidates: list[Any] = [root.get("/OpenAction"), root.get("/AA")]
        names = root.get("/Names")
        if names is not None and "/JavaScript" in names:
            return "a document-level JavaScript name tree"
        for page in _pages(reader):
            candidates.append(page.get("/AA"))
            annots = page.get("/Annots")
            for annot in list(annots)[:256] if annots is not None else []:
                annot = annot.get_object()
                candidates += [annot.get("/A"), annot.get("/AA")]
        for action in candidates:
            found = _bad_action(action, depth=0)
            if found:
                return found
    except Exception as exc:  # a structure we cannot walk is not one we issued
        return f"a structure that cannot be inspected ({type(exc).__name__})"
    return None


def _raw(reader: Any) -> bytes:
    stream = reader.stream
    position = stream.tell()
    stream.seek(0)
    data = stream.read()
    stream.seek(position)
    return data


def _bad_action(action: Any, depth: int) -> str | None:
    from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject

    if action is None or depth > 8:
        return None
    action = action.get_object() if hasattr(action, "get_object") else action
    if isinstance(action, DictionaryObject):
        kind = action.get("/S")
        if kind is not None and str(kind) in _BAD_ACTIONS:
            return f"a {str(kind)[1:]} action"
        if "/JS" in action:
            return "JavaScript"
        for key in ("/Next", *(k for k in action if k in _TRIGGERS)):
            found = _bad_action(action.get(key), depth + 1)
            if found:
                return found
    elif isinstance(action, ArrayObject):
        for item in list(action)[:64]:
            if isinstance(item.get_object(), DictionaryObject) and "/S" in item.get_object():
                found = _bad_action(item, depth + 1)
                if found:
                    return found
    return None


# Additional-action triggers (/AA): document, page and annotation events.
_TRIGGERS = frozenset(
    ("/WC", "/WS", "/DS", "/WP", "/DP", "/O", "/C", "/E", "/X", "/D", "/U", "/Fo", "/Bl",
     "/PO", "/PC", "/PV", "/PI", "/K", "/F", "/V")
)  # fmt: skip


def _pages(reader: Any, limit: int = 16) -> Iterable[Any]:
    """The first pages, walked iteratively (a circular page tree cannot loop us)."""
    stack = [reader.root["/Pages"]]
    seen: set[int] = set()
    found = 0
    while stack and found < limit and len(seen) < 1024:
        node = stack.pop().get_object()
        if id(node) in seen:
            continue
        seen.add(id(node))
        kids = node.get("/Kids")
        if kids is None:
            found += 1
            yield node
        else:
            stack.extend(reversed(list(kids)[:256]))


def page_qr_texts(reader: Any) -> list[str]:
    """SSO payloads read from the small greyscale images on the first page."""
    texts: list[str] = []
    try:
        page = next(iter(_pages(reader, limit=1)))
        xobjects = page["/Resources"]["/XObject"]
        for name in list(xobjects)[:32]:
            pixels = qr_image_pixels(xobjects[name])
            if pixels is None:
                continue
            texts += [t for t in read_qr_pixels(*pixels) if t.startswith(PREFIX)]
    except Exception:  # an odd page is reported as "no readable QR", not a crash
        log.debug("no page QR", exc_info=True)
    return texts

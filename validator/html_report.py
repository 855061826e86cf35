"""``accord report --html``: the chronology as one self-contained HTML page (no network when viewed).

The data is embedded as JSON in a ``<script type="application/json">`` with ``<``, ``>`` and ``&``
escaped, and the page's script (``report_assets/app.js``, hand-written: no library earns its weight here)
renders it with ``textContent`` only; a Content-Security-Policy allows that one script and style only.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib.resources import files
from typing import Any

__all__ = ["render_html", "embed_json"]


def embed_json(data: Any) -> str:
    """JSON that cannot end its ``<script>`` element or open markup: ``<``, ``>``, ``&`` as ``\\u003c`` etc."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(data: dict[str, Any]) -> str:
    """The page for ``data`` (``validator.chronology.chronology``)."""
    assets = files("validator") / "report_assets"
    page = (assets / "page.html").read_text(encoding="utf-8")
    script = (assets / "app.js").read_text(encoding="utf-8")
    style = (assets / "app.css").read_text(encoding="utf-8")
    parts = {"{{SCRIPT_HASH}}": _digest(script), "{{STYLE_HASH}}": _digest(style), "{{STYLE}}": style,
             "{{SCRIPT}}": script, "{{DATA}}": embed_json(data)}
    out, rest = [], page
    while "{{" in rest:  # one pass: nothing inserted is scanned again
        at = rest.index("{{")
        end = rest.index("}}", at) + 2
        out += [rest[:at], parts[rest[at:end]]]
        rest = rest[end:]
    return "".join(out) + rest

"""Escape data values so that nothing in the data can become markup.

Macro output goes into Markdown before it is converted to HTML, so a value must
be safe both as HTML and as Markdown: HTML's special characters become entities,
and so do the characters Markdown or Jinja would act on (``[ ] ( ) * _ ` { } \\ ! #``
and so on). The reader sees exactly the text in the data.
"""

from markupsafe import Markup

_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "[": "&#91;",
    "]": "&#93;",
    "(": "&#40;",
    ")": "&#41;",
    "*": "&#42;",
    "_": "&#95;",
    "`": "&#96;",
    "{": "&#123;",
    "}": "&#125;",
    "\\": "&#92;",
    "!": "&#33;",
    "#": "&#35;",
    "|": "&#124;",
    "~": "&#126;",
    "=": "&#61;",
    ":": "&#58;",
    "^": "&#94;",
    "+": "&#43;",
    "%": "&#37;",
}
_TABLE = str.maketrans(_ENTITIES)


def esc(value) -> str:
    """Return ``value`` as text that HTML, Markdown and Jinja all show literally."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return str(value).translate(_TABLE)


_ATTR = str.maketrans({k: _ENTITIES[k] for k in "&<>\"'{}"})


def esc_attr(value) -> str:
    """Escape a value for a double-quoted HTML attribute (an address, an id).

    Markdown leaves the inside of an HTML tag alone, so only HTML's characters
    (and Jinja's braces) need escaping; addresses keep their ':' and '#'."""
    if value is None:
        return ""
    return str(value).translate(_ATTR)

"""The one list of macros pages may call: each a small pure function from macros/render/.

mkdocs-macros registers them (macros/__init__.py); the data check (macros/macro_calls.py)
checks every call in every page against them before the engine runs.
"""

from __future__ import annotations

from .render.area import area
from .render.area_table import area_table
from .render.case_review import case_review
from .render.contacts import area_contacts, contacts
from .render.glossary import glossary
from .render.icon_messages import icon_messages
from .render.key_messages import key_messages
from .render.link import link
from .render.partnerships import partnerships
from .render.printable_guides import printable_guides
from .render.role_page import role_page
from .render.roles_list import roles_list
from .render.share_panel import share_panel
from .render.source import source
from .render.stat import stat
from .render.stat_card import stat_card
from .render.term import term
from .render.tool_card import tool_card
from .render.tools_list import tools_list
from .render.whats_new import whats_new

MACROS = [
    area, area_table, area_contacts, case_review, contacts, glossary, icon_messages, key_messages, link,
    partnerships, printable_guides, role_page, roles_list, share_panel, source, stat, stat_card, term,
    tool_card, tools_list, whats_new,
]

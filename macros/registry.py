"""The one list of macros pages may call: each a small pure function from macros/render/.

mkdocs-macros registers them (macros/__init__.py); the data check (macros/checks/macro_calls.py)
checks every call in every page against them before the engine runs.
"""

from __future__ import annotations

from macros.render.area import area
from macros.render.area_table import area_table
from macros.render.case_review import case_review
from macros.render.contacts import area_contacts, contacts
from macros.render.glossary import glossary
from macros.render.icon_messages import icon_messages
from macros.render.key_messages import key_messages
from macros.render.link import link
from macros.render.partnerships import partnerships
from macros.render.printable_guides import printable_guides
from macros.render.role_page import role_page
from macros.render.roles_list import roles_list
from macros.render.share_panel import share_panel
from macros.render.source import source
from macros.render.stat import stat
from macros.render.stat_card import stat_card
from macros.render.term import term
from macros.render.tool_card import tool_card
from macros.render.tools_list import tools_list
from macros.render.whats_new import whats_new

MACROS = [
    area, area_table, area_contacts, case_review, contacts, glossary, icon_messages, key_messages, link,
    partnerships, printable_guides, role_page, roles_list, share_panel, source, stat, stat_card, term,
    tool_card, tools_list, whats_new,
]

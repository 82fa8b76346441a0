"""Find an entry by id, or fail naming the page, the id and the nearest known id."""

from macros.checks.suggest import nearest
from macros.data.schema import FILES as _FILES

# kind (the SiteData attribute) -> its file: 'case_reviews' -> 'case_reviews.yml'
FILES = {name.removesuffix(".yml"): name for name in _FILES}


class UnknownId(LookupError):
    """A page asked for an id that the data does not hold."""


def get(site, kind: str, entry_id: str, page: str = "a page"):
    table = getattr(site, kind)
    if entry_id in table:
        return table[entry_id]
    raise UnknownId(
        f"docs/{page} uses the id '{entry_id}', which is not in docs/_data/{FILES[kind]}. "
        f"{nearest(str(entry_id), table)} Fix the id in the page, or add the entry to the data."
    )

import html

from macros.render.glossary import glossary


def test_every_term_alphabetically_with_an_id(site_data):
    out = glossary(site_data)
    terms = sorted(site_data.glossary.values(), key=lambda t: t.term.lower())
    positions = [out.index(f'<dt id="{t.id}">') for t in terms]
    assert positions == sorted(positions) and len(positions) == len(site_data.glossary)
    for t in terms:
        assert t.definition in html.unescape(out)

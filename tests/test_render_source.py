import html

from macros.render.source import source


def test_source_gives_title_publisher_and_date(site_data):
    entry = site_data.links["working-together-2023"]
    out = html.unescape(source(site_data, entry.id))
    assert entry.title in out and entry.publisher in out and entry.published in out

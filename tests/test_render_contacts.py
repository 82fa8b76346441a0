
from macros.render.contacts import contact, contacts
from tests.helpers import LINK, make_site

AREA = {"id": "a", "name": "Area A", "short": "A", "partnership": "A Partnership", "link": "home",
        "statistics": []}


def _site(tmp_path, **contact_fields):
    c = {"id": "c", "area": "a", "service": "MASH", "source": "home", "verified_on": None, **contact_fields}
    return make_site(tmp_path, links=[LINK], areas=[AREA], contacts=[c])


def test_missing_number_sends_reader_to_partnership(tmp_path):
    out = contact(_site(tmp_path, phone=None, gap="none yet"), "c")
    assert "tel:" not in out and 'data-link-id="home"' in out and "checked number" in out


def test_unverified_number_says_check_this_number(tmp_path):
    out = contact(_site(tmp_path, phone="0300 000 0000"), "c")
    assert 'href="tel:03000000000"' in out and "Check this number" in out


def test_verified_number_shows_when_it_was_checked(tmp_path):
    out = contact(_site(tmp_path, phone="0300 000 0000", verified_on="2026-01-05"), "c")
    assert "Check this number" not in out and "5 January 2026" in out


def test_contacts_lists_every_area_route(site_data):
    out = contacts(site_data)
    for c in site_data.contacts.values():
        assert f'data-contact-id="{c.id}"' in out

import datetime as dt
import html
import re

from macros.render.contacts import area_contacts, contacts
from tests.helpers import LINK, make_site

AREA = {"id": "a", "name": "Area A", "short": "A", "partnership": "A Partnership", "link": "home",
        "statistics": []}


def _route(when: str, phone: str, **fields) -> dict:
    return {"id": f"a-{when}", "area": "a", "when": when, "service": f"Service {when}", "phone": phone,
            "hours": f"Hours {when}", "source": "home", "source_date": "undated", "checked_on": "2026-12-01",
            "checked_how": "public copy", **fields}


def _site(tmp_path, **in_hours):
    routes = [_route("in-hours", "0300 000 0001", **in_hours), _route("out-of-hours", "0300 000 0002"),
              _route("emergency", "999")]
    return make_site(tmp_path, links=[LINK], areas=[AREA], contacts=routes)


def test_an_area_shows_each_route_as_a_number_to_ring_with_its_service_and_hours(tmp_path):
    out = area_contacts(_site(tmp_path), "a")
    for phone, when in (("03000000001", "In office hours"), ("03000000002", "Out of hours"), ("999", "In immediate danger")):
        assert f'href="tel:{phone}"' in out and when in out
    assert out.index("tel:03000000001") < out.index("tel:03000000002") < out.index("tel:999")
    assert "Hours in-hours" in out and "Service out-of-hours" in out


def test_a_public_copy_is_said_with_its_date_and_not_as_confirmed(tmp_path):
    text = html.unescape(re.sub(r"<[^>]+>", "", area_contacts(_site(tmp_path), "a")))
    assert "Checked against a public copy of" in text and "(undated page) on 1 December 2026" in text
    assert "not yet confirmed with the services" in text and "Check before use" not in text


def test_a_confirmed_number_says_checked_against_its_source(tmp_path):
    text = html.unescape(re.sub(r"<[^>]+>", "", area_contacts(_site(tmp_path, checked_how="confirmed"), "a")))
    assert f"Checked against {LINK['title']} (undated page) on 1 December 2026." in text


def test_a_number_checked_more_than_six_months_ago_says_check_before_use(tmp_path):
    old = (dt.date.today() - dt.timedelta(days=200)).isoformat()
    out = area_contacts(_site(tmp_path, checked_on=old), "a")
    assert "Check before use" in out
    fresh = (dt.date.today() - dt.timedelta(days=150)).isoformat()
    assert "Check before use" not in area_contacts(_site(tmp_path / "fresh", checked_on=fresh), "a")


def test_a_second_number_is_also_a_link(tmp_path):
    out = area_contacts(_site(tmp_path, also="0300 000 0009"), "a")
    assert 'href="tel:03000000001"' in out and 'href="tel:03000000009"' in out


def test_contacts_table_has_every_area_in_and_out_of_hours_and_999_once(site_data):
    out = contacts(site_data)
    for c in site_data.contacts.values():
        if c.when != "emergency":
            assert f'data-contact-id="{c.id}"' in out and f'href="tel:{c.phone.replace(" ", "")}"' in out
    assert out.count('href="tel:999"') == 1, "999 is given once, in the caption"
    assert out.startswith('<div class="contacts">') and out.rstrip().endswith("</div>"), "one block, left whole"

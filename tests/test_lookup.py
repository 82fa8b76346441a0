import pytest

from macros.data.lookup import UnknownId, get


def test_get_returns_the_entry(site_data):
    assert get(site_data, "tools", "icon").short == "ICON"


def test_unknown_id_message_names_page_file_and_suggestion(site_data):
    with pytest.raises(UnknownId) as exc:
        get(site_data, "tools", "dadpadd", "tools/index.md")
    msg = str(exc.value)
    assert "docs/tools/index.md" in msg and "tools.yml" in msg and "Did you mean 'dadpad'?" in msg


def test_unknown_id_without_a_near_match_lists_known_ids(site_data):
    with pytest.raises(UnknownId, match="Known ids: banes"):
        get(site_data, "areas", "zzzzzz")

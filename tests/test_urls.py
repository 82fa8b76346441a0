from macros.render.urls import page_url, relative


def test_page_url_follows_directory_urls():
    assert page_url("index.md") == ""
    assert page_url("bruising.md") == "bruising/"
    assert page_url("tools/index.md") == "tools/"
    assert page_url("tools/icon.md") == "tools/icon/"


def test_relative_addresses():
    assert relative("index.md", "bruising.md") == "bruising/"
    assert relative("tools/index.md", "tools/icon.md") == "icon/"
    assert relative("tools/icon.md", "bruising.md", "what-to-do") == "../../bruising/#what-to-do"
    assert relative("tools/icon.md", "index.md") == "../../"
    assert relative("bruising.md", "bruising.md") == "./"

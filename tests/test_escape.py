import markdown

from macros.render.escape import esc


def test_html_special_characters_become_entities():
    out = esc('<script>alert("x")</script> & \'y\'')
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert "&lt;script&gt;" in out


def test_markdown_and_jinja_syntax_cannot_act():
    hostile = "[click](javascript:alert(1)) **bold** {{ evil }} {% x %} `code` <b>"
    html = markdown.markdown(f"<p>{esc(hostile)}</p>")
    assert "<a" not in html and "<strong" not in html and "<code" not in html and "<b>" not in html
    assert "{{" not in html and "{%" not in html
    # The reader still sees the original text once entities are decoded.
    import html as htmllib

    assert htmllib.unescape(html.removeprefix("<p>").removesuffix("</p>")) == hostile


def test_none_is_empty():
    assert esc(None) == ""

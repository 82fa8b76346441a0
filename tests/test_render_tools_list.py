from macros.render.tools_list import tools_list


def test_every_tool_in_data_order(site_data):
    out = tools_list(site_data, page="tools/index.md")
    ids = list(site_data.tools)
    positions = [out.index(f"{{ #{i} }}") for i in ids]
    assert positions == sorted(positions)
    assert out.count("\n## ") + out.startswith("## ") == len(ids)


def test_a_one_line_list_of_the_tools_comes_first_linking_each_card(site_data):
    out = tools_list(site_data, page="tools/index.md")
    summary = out.split("</ul>", 1)[0]
    assert out.index('class="tools-summary"') < out.index("{ #")
    for t in site_data.tools.values():
        assert f'<a href="#{t.id}">' in summary and summary.count(f'href="#{t.id}"') == 1, t.id

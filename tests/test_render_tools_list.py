from macros.render.tools_list import tools_list


def test_every_tool_in_data_order(site_data):
    out = tools_list(site_data, page="tools/index.md")
    ids = list(site_data.tools)
    positions = [out.index(f"{{ #{i} }}") for i in ids]
    assert positions == sorted(positions)
    assert out.count("\n## ") + out.startswith("## ") == len(ids)

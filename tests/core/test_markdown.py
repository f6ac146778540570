from apps.core.markdown import render_markdown


def test_render_markdown_turns_markdown_into_html():
    html = render_markdown("## Heading\n\nSome **bold** words.\n\n- one\n- two")

    assert html == (
        "<h2>Heading</h2>\n<p>Some <strong>bold</strong> words.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )


def test_render_markdown_removes_script_and_event_handlers():
    html = render_markdown(
        '<script>alert("x")</script>\n\n<p onclick="steal()">Hello</p><img src=x onerror=alert(1)>'
    )

    assert "script" not in html
    assert "alert" not in html
    assert "onclick" not in html
    assert "<img" not in html
    assert "Hello" in html


def test_render_markdown_removes_javascript_links():
    html = render_markdown("[click](javascript:alert(1))")

    assert "javascript" not in html
    assert html == '<p><a rel="noopener">click</a></p>'


def test_render_markdown_gives_links_rel_noopener():
    html = render_markdown("[NIHR](https://www.nihr.ac.uk/) and [us](/involvement/)")

    assert html == (
        '<p><a href="https://www.nihr.ac.uk/" rel="noopener">NIHR</a> and '
        '<a href="/involvement/" rel="noopener">us</a></p>'
    )


def test_render_markdown_turns_a_first_level_heading_into_a_second_level_one():
    # The page title is the page's only <h1>.
    html = render_markdown("# Big heading\n\n<h1 class='x'>Raw</h1>")

    assert "<h1" not in html
    assert html.startswith("<h2>Big heading</h2>")
    assert "<h2>Raw</h2>" in html


def test_render_markdown_drops_style_and_class_attributes():
    html = render_markdown('<p style="color:red" class="huge" id="main-content">Text</p>')

    assert html == "<p>Text</p>"


def test_render_markdown_keeps_tables():
    html = render_markdown("| What | Why |\n|---|---|\n| Name | To greet you |")

    assert "<table>" in html
    assert "<th>What</th>" in html
    assert "<td>To greet you</td>" in html


def test_render_markdown_of_empty_text_is_empty():
    assert render_markdown("") == ""

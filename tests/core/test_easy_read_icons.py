"""Easy-read pictures: our own SVG drawings are the source, and each PNG sent in an email is drawn from its
SVG (not a copy that could drift from it)."""

import io
import struct
from xml.etree import ElementTree

import cairosvg
import pytest
from PIL import Image, ImageChops

from apps.core.easy_read import ICON_FOLDER, ICON_PIXELS, ICONS, icon_cid, icon_png, icons_in

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NEEDED = {"date", "place", "money", "phone", "help", "question", "time", "person", "tick"}


def test_every_picture_has_its_svg_and_alt_text_and_every_svg_is_listed():
    drawn = {path.stem for path in ICON_FOLDER.glob("*.svg")}
    assert drawn == set(ICONS)
    assert drawn >= NEEDED
    assert all(alt.strip() for alt in ICONS.values())


@pytest.mark.parametrize("name", sorted(ICONS))
def test_the_svg_is_a_simple_64_pixel_drawing(name):
    root = ElementTree.parse(ICON_FOLDER / f"{name}.svg").getroot()
    assert root.get("viewBox") == f"0 0 {ICON_PIXELS} {ICON_PIXELS}"
    assert root.find("{http://www.w3.org/2000/svg}title").text.strip()
    # Nothing fetched from elsewhere and no script: a picture drawn here, safe to draw on the server.
    source = (ICON_FOLDER / f"{name}.svg").read_text()
    assert "href" not in source
    assert "<script" not in source


@pytest.mark.parametrize("name", sorted(ICONS))
def test_each_png_is_generated_from_its_svg(name):
    png = icon_png(name)

    assert png.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (ICON_PIXELS * 2, ICON_PIXELS * 2)
    fresh = cairosvg.svg2png(url=str(ICON_FOLDER / f"{name}.svg"), output_width=width, output_height=height)
    sent = Image.open(io.BytesIO(png)).convert("RGBA")
    drawn = Image.open(io.BytesIO(fresh)).convert("RGBA")
    assert ImageChops.difference(sent, drawn).getbbox() is None
    # Not blank: the drawing has dark strokes on a light ground.
    grey = sent.convert("L")
    assert grey.getextrema() == (grey.getextrema()[0], 255)
    assert grey.getextrema()[0] < 40


def test_an_email_names_its_pictures_by_content_id():
    html = "".join(f'<img src="cid:{icon_cid(name)}">' for name in ("date", "money", "date"))
    assert icons_in(html) == ["date", "money"]
    with pytest.raises(KeyError):
        icon_cid("unicorn")

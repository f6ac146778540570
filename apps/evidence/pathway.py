"""The pathway view of an impact, drawn as SVG by templates/evidence/includes/pathway.svg.

Like the dashboard charts (apps/staff/charts.py) this module only works out the geometry. The pathway
is a vertical timeline: one row per event, oldest at the top, the date on the left, a marker on the
line and the stage and title on the right. Stages are told apart by the marker's shape (circle,
square, diamond, triangle) and by their name written in the row, never by colour alone. The table
under the drawing lists the same events and is its text alternative.
"""

from dataclasses import dataclass

from .selectors import CHANGE, EVIDENCE, RESEARCH, UNIT_WORK, PathwayEvent

WIDTH = 720
DATE_WIDTH = 120  # room for "12 Mar 2024 to 3 Jun 2025" would be too much; long periods wrap in the table
LINE_X = 140
TEXT_X = 160
ROW_HEIGHT = 30
TOP = 34  # room for the stages' key
TEXT_CHARS = 72  # about 7.5 units a letter at font size 13

SHAPES = {RESEARCH: "circle", UNIT_WORK: "square", CHANGE: "diamond", EVIDENCE: "triangle"}
STAGES = [RESEARCH, UNIT_WORK, CHANGE, EVIDENCE]


@dataclass
class Row:
    y: float
    date_text: str
    shape: str
    text: str


@dataclass
class KeyItem:
    name: str
    shape: str
    x: float


@dataclass
class Pathway:
    id: str
    title: str
    description: str
    width: int
    height: int
    line_x: int
    text_x: int
    date_x: int
    line_top: float
    line_bottom: float
    rows: list[Row]
    key: list[KeyItem]


def _short(text: str) -> str:
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1].rstrip() + "…"


def pathway_chart(*, chart_id: str, title: str, events: list[PathwayEvent]) -> Pathway:
    rows = []
    for index, event in enumerate(events):
        y = TOP + index * ROW_HEIGHT + ROW_HEIGHT // 2
        date_text = event.date_text.split(" to ")[0].replace(" onwards", "")
        rows.append(
            Row(
                y=y,
                date_text=date_text,
                shape=SHAPES[event.stage],
                text=_short(f"{event.kind}: {event.title}"),
            )
        )
    key, x = [], 10
    for stage in STAGES:
        key.append(KeyItem(name=stage, shape=SHAPES[stage], x=x))
        x += 30 + 8 * len(stage)
    counts = {stage: sum(1 for event in events if event.stage == stage) for stage in STAGES}
    description = (
        f"A timeline of {len(events)} events, oldest first: "
        + ", ".join(f"{stage.lower()} {counts[stage]}" for stage in STAGES)
        + "."
    )
    height = TOP + max(len(events), 1) * ROW_HEIGHT + 8
    return Pathway(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        line_x=LINE_X,
        text_x=TEXT_X,
        date_x=LINE_X - 14,
        line_top=TOP + 4,
        line_bottom=height - 8,
        rows=rows,
        key=key,
    )

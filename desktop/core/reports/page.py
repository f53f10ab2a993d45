"""The page every report is drawn on, and the pieces they share.

One page class, ``Document``, sets up fonts, shaping, the running header and the footer
("صفحه ۱ از ۳"); a report only lays out its content: label/value facts, summary boxes,
and tables of one-line rows that run over pages with their header repeated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from desktop import APP_NAME, __version__
from desktop.core.paths import resource_path
from desktop.core.reports.text import RTL, en_moment, fa_moment, fa_number

FONT = "Vazirmatn"
_FAMILY = FONT.lower()  # as fpdf2 holds it
MARGIN = 14.0  # mm, left and right
TOP = 10.0
HEADER_BOTTOM = 22.0  # where a page's content starts
FOOTER_TOP = 297.0 - 18.0  # where it must end
ELLIPSIS = "…"
_ALIGNS = ("L", "C", "R")

Colour = tuple[int, int, int]
GREEN: Colour = (30, 120, 60)
AMBER: Colour = (170, 110, 0)
RED: Colour = (180, 40, 30)
GREY: Colour = (95, 95, 95)
INK: Colour = (20, 20, 20)
RULE: Colour = (190, 190, 190)
SHADE: Colour = (244, 246, 250)


class Document(FPDF):
    """A4 portrait in Vazirmatn with shaping; a running header and a numbered footer.

    ``total_pages`` must be known before the first footer is drawn (when the second page
    starts, or at output): fpdf2's own page-count alias is replaced with Latin digits.
    """

    def __init__(self, title_fa: str, title_en: str, created: dt.datetime, note: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.title_fa, self.title_en, self.note = title_fa, title_en, note
        self.created = created
        self.total_pages: int | None = None
        self.set_margins(MARGIN, HEADER_BOTTOM, MARGIN)
        # fpdf2 documents None as switching the alias off; its annotation says only str.
        self.alias_nb_pages(None)  # type: ignore[arg-type]
        fonts = resource_path("fonts")
        self.add_font(FONT, "", str(fonts / "Vazirmatn-Regular.ttf"))
        self.add_font(FONT, "B", str(fonts / "Vazirmatn-Bold.ttf"))
        # HarfBuzz joins the letters; fpdf2's bidi pass orders mixed Persian and Latin.
        self.set_text_shaping(use_shaping_engine=True)
        self._shaping = self.text_shaping
        # What shaping found, kept for the next cell with the same text (see put).
        self._widths: dict[tuple[str, str, str, float], float] = {}
        self._fitted: dict[tuple[str, float, str, str, float], str] = {}
        self._colours: dict[Colour, Any] = {}  # as fpdf2 holds them
        self._colour_operators: dict[Any, str] = {}
        self._drawn: dict[tuple[Any, ...], tuple[float, float, bytes]] = {}
        self.set_creation_date(created)
        self.set_creator(f"{APP_NAME} {__version__}")
        self.set_title(title_en)
        self.set_lang("fa")

    # drawing text --------------------------------------------------------------------

    def style(self, size: float, *, bold: bool = False, colour: Colour = INK) -> None:
        # A table sets its style cell by cell; fpdf2 takes a few microseconds to find that
        # nothing changes, which counts over tens of thousands of cells.
        emphasis = "B" if bold else ""
        if (self.font_family, self.font_style, self.font_size_pt) != (_FAMILY, emphasis, size):
            self.set_font(FONT, emphasis, size)
        device = self._colours.get(colour)
        if device is None:
            self.set_text_color(*colour)
            self._colours[colour] = self.text_color
        else:
            self.text_color = device

    @contextmanager
    def _shaped(self, text: str) -> Iterator[None]:
        """Shaping on only for text with right-to-left letters (see RTL)."""
        self.text_shaping = self._shaping if RTL.search(text) else None
        try:
            yield
        finally:
            self.text_shaping = self._shaping

    def width_of(self, text: str) -> float:
        key = (text, self.font_family, self.font_style, self.font_size_pt)
        width = self._widths.get(key)
        if width is None:
            with self._shaped(text):
                width = self._widths[key] = self.get_string_width(text)
        return width

    def _rough_width(self, text: str) -> float:
        """The sum of the letters' own widths: cheap, and an upper bound for real text.

        Joined Persian letters are narrower than the sum of their isolated forms (real
        names and labels measure 0.6 to 0.95 of it; a run of medial heh, 1.16).
        """
        widths = self._char_widths()
        return sum(widths[ord(c)] for c in text) * self.font_size_pt / 1000 / self.k

    def _char_widths(self) -> Mapping[int, float]:
        """The current font's widths per code point, in thousandths of the em."""
        font = self.current_font
        if not isinstance(font, TTFFont):  # reports draw only in the bundled Vazirmatn
            raise TypeError(f"not a TrueType font: {font!r}")
        return font.cw

    def fit(self, text: str, width: float) -> str:
        """The text, cut with an ellipsis where it would run past ``width``."""
        key = (text, width, self.font_family, self.font_style, self.font_size_pt)
        fitted = self._fitted.get(key)
        if fitted is None:
            fitted = self._fitted[key] = self._fit(text, width)
        return fitted

    def _fit(self, text: str, width: float) -> str:
        room = width - 2 * self.c_margin
        rough = self._rough_width(text)
        # Shaping just to measure costs as much as drawing; most cells clearly fit.
        if rough * 1.25 <= room or (rough * 0.55 <= room and self.width_of(text) <= room):
            return text
        # Too long. Guess the cut from the rough widths, scaled by how this text actually
        # shapes, then check it; a second guess or a search only when the first is off.
        ratio = self.width_of(text) / rough if rough else 1.0
        for scale in (ratio, 1.0):
            cut = self._longest_prefix(text, room / scale)
            if self.width_of(cut) <= room:
                return cut
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if self.width_of(text[:mid].rstrip() + ELLIPSIS) <= room:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + ELLIPSIS

    def _longest_prefix(self, text: str, rough_room: float) -> str:
        """The longest prefix, with an ellipsis, whose rough width is within the room."""
        widths = self._char_widths()
        scale = self.font_size_pt / 1000 / self.k
        used = widths[ord(ELLIPSIS)] * scale
        end = len(text)
        for i, char in enumerate(text):
            used += widths[ord(char)] * scale
            if used > rough_room:
                end = i
                break
        return text[:end].rstrip() + ELLIPSIS

    def put(
        self,
        width: float,
        height: float,
        text: str,
        align: str = "R",
        *,
        fill: bool = False,
        next_line: bool = False,
    ) -> None:
        """One line in one cell, never spilling into its neighbour.

        fpdf2's cell() costs about 0.1 ms even for a few digits, and several for Persian
        (shaping and the bidi pass), which a long table pays for every cell. On pages
        broken by hand (the tables) a cell is drawn here instead: unshaped text as fpdf2
        writes it, and shaped text by replaying, moved to this cell's place, what fpdf2
        wrote for the first cell with the same text, size, colours and box. The table's
        few distinct Persian strings are shaped once each; the page is what fpdf2 draws.
        """
        text = self.fit(text, width) if text else text
        font = self.current_font
        if self.auto_page_break or align not in _ALIGNS or not isinstance(font, TTFFont):
            with self._shaped(text):
                self.cell(
                    width,
                    height,
                    text,
                    align=align,
                    fill=fill,
                    new_x=XPos.LMARGIN if next_line else XPos.RIGHT,
                    new_y=YPos.NEXT if next_line else YPos.TOP,
                )
            return
        if not self.current_font_is_set_on_page:
            self._out(self._set_font_for_page(font, self.font_size_pt))
        if RTL.search(text):
            if fill:  # drawn apart, so shaded and plain rows share the replay
                self._out(self._shading(width, height))
            self._replay(width, height, text, align)
        else:
            operators = self._plain_cell(font, width, height, text, align, fill)
            if operators:
                self._out(operators)
        self._lasth = height
        if next_line:
            self.x = self.l_margin
            self.y += height
        else:
            self.x += width

    def _replay(self, width: float, height: float, text: str, align: str) -> None:
        """A shaped cell's text: what fpdf2 wrote for the first one like it, moved here."""
        key = (text, width, height, align, self.font_family, self.font_style,
               self.font_size_pt, self.text_color, self.fill_color)  # fmt: skip
        drawn = self._drawn.get(key)
        if drawn is None:
            x, y = self.x, self.y
            contents = self.pages[self.page].contents
            if not isinstance(contents, bytearray):  # as fpdf2 keeps an open page's
                raise TypeError(f"page contents are {type(contents).__name__}")
            start = len(contents)
            with self._shaped(text):
                self.cell(width, height, text, align=align)
            self._drawn[key] = (x, y, bytes(contents[start:-1]))  # without _out's newline
            self.x, self.y = x, y
            return
        x, y, operators = drawn
        shift = b"q 1 0 0 1 %.2f %.2f cm " % ((self.x - x) * self.k, (y - self.y) * self.k)
        self._out(shift + operators + b" Q")

    def _plain_cell(
        self, font: TTFFont, width: float, height: float, text: str, align: str, fill: bool
    ) -> str:
        """The operators fpdf2's cell() writes for one line of unshaped text in a TrueType
        font, with no border, link, spacing or stretching (tests hold the two equal)."""
        k, x, y = self.k, self.x, self.y
        parts = [self._shading(width, height)] if fill else []
        if not text:
            return " ".join(parts)
        text_width = font.get_text_width(text, self.font_size_pt, None)[1] / k
        if align == "R":
            dx = width - self.c_margin - text_width
        elif align == "C":
            dx = (width - text_width) / 2
        else:
            dx = self.c_margin
        font_size = self.font_size_pt / k
        parts.append(
            f"BT {(x + dx) * k:.2f} {(self.h - y - 0.5 * height - 0.3 * font_size) * k:.2f} Td"
        )
        coloured = False
        if (colour := self.text_color) is not None and colour != self.fill_color:
            coloured = True
            operator = self._colour_operators.get(colour)
            if operator is None:
                operator = self._colour_operators[colour] = colour.serialize().lower()
            parts.append(operator)
        glyphs = "".join(chr(g) for g in map(font.subset.pick, map(ord, text)) if g)
        parts.append(f"({font.escape_text(glyphs)}) Tj ET")
        line = " ".join(parts)
        return f"q {line} Q" if coloured else line

    def _shading(self, width: float, height: float) -> str:
        """The cell's background, as fpdf2's cell() paints it."""
        k, x, y = self.k, self.x, self.y
        left, right = x * k, (x + width) * k
        top, bottom = (self.h - y) * k, (self.h - (y + height)) * k
        return f"{left:.2f} {top:.2f} {right - left:.2f} {bottom - top:.2f} re f"

    def paragraph(self, width: float, height: float, text: str, align: str = "L") -> None:
        """Wrapped text from the cursor; the cursor ends below it at the left margin."""
        with self._shaped(text):
            self.multi_cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def lines_needed(self, width: float, text: str) -> int:
        with self._shaped(text):
            lines = self.multi_cell(width, 4, text, dry_run=True, output="LINES")
        if not isinstance(lines, list):  # what output="LINES" gives
            raise TypeError(f"multi_cell gave {type(lines).__name__}")
        return max(1, len(lines))

    def rule(self, y: float) -> None:
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, y, self.w - self.r_margin, y)

    # header and footer ----------------------------------------------------------------

    def header(self) -> None:
        self.set_y(TOP)
        half = self.epw / 2
        self.style(8.5, colour=GREY)
        self.put(half, 5, f"{APP_NAME} · {self.title_en}", align="L")
        self.style(10.5, bold=True)
        self.put(half, 5, self.title_fa, align="R", next_line=True)
        if self.note:
            self.style(8, colour=GREY)
            self.put(self.epw, 4.5, self.note, align="R", next_line=True)
        self.rule(HEADER_BOTTOM - 2)
        self.set_y(HEADER_BOTTOM)

    def footer(self) -> None:
        top = FOOTER_TOP + 2
        self.rule(top)
        number, total = self.page_no(), self.total_pages
        third = self.epw / 3
        self.set_xy(self.l_margin, top + 1)
        self.style(8, colour=GREY)
        self.put(third, 4.2, f"Page {number}" + (f" of {total}" if total else ""), align="L")
        self.put(third, 4.2, f"{APP_NAME} {__version__}", align="C")
        self.style(8.5, bold=True, colour=GREY)
        fa = f"صفحه {fa_number(number)}" + (f" از {fa_number(total)}" if total else "")
        self.put(third, 4.2, fa, align="R", next_line=True)
        half = self.epw / 2
        self.style(7.5, colour=GREY)
        self.put(half, 4.2, f"Created {en_moment(self.created)}", align="L")
        self.put(half, 4.2, f"ساخته‌شده در {fa_moment(self.created)}", align="R")

    # shared blocks -------------------------------------------------------------------

    def title_block(self, title_fa: str, title_en: str) -> None:
        self.style(16, bold=True)
        self.put(self.epw, 9, title_fa, align="C", next_line=True)
        self.style(10.5, colour=GREY)
        self.put(self.epw, 6, title_en, align="C", next_line=True)
        self.ln(3)

    def section(self, title_fa: str, title_en: str) -> None:
        """A section's heading, Persian on the right and English on the left; on a new
        page when too little room is left for what follows it."""
        if self.get_y() > FOOTER_TOP - 30:
            self.add_page()
        half = self.epw / 2
        self.style(9.5, colour=GREY)
        self.put(half, 7, title_en, align="L")
        self.style(11.5, bold=True)
        self.put(half, 7, title_fa, align="R", next_line=True)

    def facts(self, rows: Sequence[Fact], *, label_w: float = 34.0) -> None:
        """Four columns: English label | English value | Persian value | Persian label.

        A fact with only one value (a code, a name) gets both value columns, so long
        values such as a SHA-256 fit on one line.
        """
        value_w = (self.epw - 2 * label_w) / 2
        height = 6.8
        for i, fact in enumerate(rows):
            fill = i % 2 == 0
            self.set_fill_color(*SHADE)
            self.set_x(self.l_margin)
            self.style(8, colour=GREY)
            self.put(label_w, height, fact.label_en, align="L", fill=fill)
            self.style(fact.size or 9.5, colour=fact.colour)
            if fact.value_en and fact.value_fa:
                self.put(value_w, height, fact.value_en, align="L", fill=fill)
                self.put(value_w, height, fact.value_fa, align="R", fill=fill)
            else:
                value = fact.value_fa or fact.value_en
                self.put(2 * value_w, height, value, align="C" if fact.code else "R", fill=fill)
            self.style(9, bold=True, colour=GREY)
            self.put(label_w, height, fact.label_fa, align="R", fill=fill, next_line=True)


@dataclasses.dataclass(frozen=True)
class Fact:
    label_fa: str
    value_fa: str
    value_en: str
    label_en: str
    code: bool = False  # a language-neutral value, shown once and centred
    colour: Colour = INK
    size: float | None = None


def code_fact(label_fa: str, value: str, label_en: str, *, size: float | None = None) -> Fact:
    return Fact(label_fa, "", value or "—", label_en, code=True, size=size)


def moment_fact(label_fa: str, moment: dt.datetime | None, label_en: str) -> Fact:
    if moment is None:
        return Fact(label_fa, "—", "", label_en)
    return Fact(label_fa, fa_moment(moment), en_moment(moment), label_en)


# -- tables of one-line rows ---------------------------------------------------------------

ROW_H = 6.0
TABLE_HEADER_H = 9.0


@dataclasses.dataclass(frozen=True)
class ReportHead:
    """What a table report says above its table."""

    created: dt.datetime  # aware
    note: str  # in the running header
    author: str  # the document's metadata
    facts: Sequence[Fact]
    summary: Sequence[tuple[str, int]]  # (Persian label, count), in the order to print


def table_report(
    path: str | Path | BinaryIO,
    title: tuple[str, str],
    head: ReportHead,
    columns: Sequence[tuple[str, str, float]],
    rows: Sequence[Any],
    draw: Callable[[Document, list[float], Any, bool], None],
    progress: Callable[[int], None] | None = None,
) -> int:
    """A report that is a table: title, facts, summary boxes, then the rows over as many
    pages as they take. Writes it to `path`; returns its page count."""
    doc = Document(*title, head.created, head.note)
    doc.set_author(head.author)
    doc.set_auto_page_break(False)
    doc.add_page()
    doc.title_block(*title)
    doc.facts(head.facts)
    doc.ln(3)
    summary_boxes(doc, head.summary)
    doc.ln(4)
    paged_table(doc, columns, rows, draw, progress)
    doc.output(path)
    return doc.pages_count


def paged_table(
    doc: Document,
    columns: Sequence[tuple[str, str, float]],
    rows: Sequence[Any],
    draw: Callable[[Document, list[float], Any, bool], None],
    progress: Callable[[int], None] | None = None,
) -> None:
    """A table of one-line rows from the current position, its header repeated on every
    page; the page count is settled first, so every footer can say "page n of N"."""
    first_page = int((FOOTER_TOP - doc.get_y() - TABLE_HEADER_H) // ROW_H)
    per_page = int((FOOTER_TOP - HEADER_BOTTOM - TABLE_HEADER_H) // ROW_H)
    rest = max(0, len(rows) - first_page)
    doc.total_pages = doc.pages_count + math.ceil(rest / per_page)

    widths = column_widths(doc, columns)
    table_header(doc, widths, columns)
    if not rows:
        doc.style(9.5, colour=GREY)
        doc.put(doc.epw, 10, "ردیفی در این گزارش نیست.", align="C", next_line=True)
    for count, item in enumerate(rows, 1):
        if doc.get_y() + ROW_H > FOOTER_TOP:
            doc.add_page()
            table_header(doc, widths, columns)
        draw(doc, widths, item, count % 2 == 0)
        if progress is not None and count % 100 == 0:
            progress(count)
    if doc.pages_count != doc.total_pages:  # every footer would be wrong: a bug here
        raise RuntimeError(f"{doc.pages_count} pages, {doc.total_pages} foreseen")


def summary_boxes(doc: Document, summary: Sequence[tuple[str, int]]) -> None:
    """The counts as a row of boxes, right to left, wrapping after five."""
    if not summary:
        return
    per_line = min(5, len(summary))
    gap = 3.0
    box_w = (doc.epw - gap * (per_line - 1)) / per_line
    for start in range(0, len(summary), per_line):
        top = doc.get_y()
        for i, (label, count) in enumerate(summary[start : start + per_line]):
            x = doc.w - doc.r_margin - (i + 1) * box_w - i * gap
            doc.set_draw_color(*RULE)
            doc.set_fill_color(*SHADE)
            doc.set_line_width(0.2)
            doc.rect(x, top, box_w, 15, style="DF")
            doc.set_xy(x, top + 1.5)
            doc.style(14, bold=True)
            doc.put(box_w, 7, fa_number(f"{count:,}".replace(",", "٬")), align="C")
            doc.set_xy(x, top + 8.5)
            doc.style(8.5, colour=GREY)
            doc.put(box_w, 5, label, align="C")
        doc.set_xy(doc.l_margin, top + 15 + gap)


def column_widths(doc: Document, columns: Sequence[tuple[str, str, float]]) -> list[float]:
    fixed = sum(w for _, _, w in columns)
    return [w or doc.epw - fixed for _, _, w in columns]


def table_header(
    doc: Document, widths: list[float], columns: Sequence[tuple[str, str, float]]
) -> None:
    """Persian names over English ones; drawn left to right, so the columns reversed."""
    top = doc.get_y()
    x = doc.l_margin
    doc.set_fill_color(228, 232, 240)
    doc.rect(x, top, doc.epw, TABLE_HEADER_H, style="F")
    for (fa, en, _), width in reversed(list(zip(columns, widths, strict=True))):
        doc.set_xy(x, top + 0.5)
        doc.style(8.5, bold=True)
        doc.put(width, 4.5, fa)
        doc.set_xy(x, top + 4.6)
        doc.style(6.5, colour=GREY)
        doc.put(width, 3.8, en)
        x += width
    doc.set_xy(doc.l_margin, top + TABLE_HEADER_H)

"""A plan spreadsheet saved as CSV: its separator, its columns, its rows and its number style."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from cadence.planfile.issues import Issues, Place, did_you_mean

COLUMNS = (
    "type", "key", "title", "objective_key", "objective_title", "objective_owner", "period",
    "team", "team_name", "owner", "owner_name", "owner_email", "owner_slack_id",
    "owner_teams_id", "owner_timezone", "owner_country", "owner_admin", "unit", "currency",
    "min", "max", "baseline", "target", "green", "amber", "direction", "weight", "cadence",
    "private",
)  # fmt: skip
NUMBER_COLUMNS = ("min", "max", "baseline", "target", "green", "amber", "weight")
_DIGITS = re.compile(r"\d[\d.,]*")


@dataclass(frozen=True, slots=True)
class Row:
    """One spreadsheet row: its line in the file and its cells by column name."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """A cell's text, stripped; empty when the column is absent."""
        return self.cells.get(column, "").strip()

    def at(self, column: str) -> Place:
        """Where a cell is, for an issue: the row's line and the column's name."""
        return Place(self.line, column)


def read_table(text: str, issues: Issues) -> tuple[list[Row], str]:
    """The rows under a header line, and the separator; '#' columns are notes, others known."""
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        issues.error(Place(1, ""), "the file is empty; the first line must name the columns")
        return [], delimiter
    names = [re.sub(r"[\s-]+", "_", h.strip().lower()) for h in header]
    _check_names(names, issues)
    rows = []
    while True:
        line = reader.line_num + 1  # a quoted cell may hold line breaks: the record's first line
        cells = next(reader, None)
        if cells is None:
            break
        if not any(c.strip() for c in cells):
            continue
        if any(c.strip() for c in cells[len(names) :]):
            issues.error(
                Place(line, ""), f"has more cells than the header has columns ({len(names)})"
            )
        rows.append(Row(line, dict(zip(names, cells, strict=False))))
    return rows, delimiter


def _check_names(names: list[str], issues: Issues) -> None:
    """Every column is known and given once ('#' columns are notes, free to repeat)."""
    first: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name or name.startswith("#"):
            continue
        if name not in COLUMNS:
            issues.error(Place(1, name), f"unknown column '{name}'{did_you_mean(name, COLUMNS)}")
        elif name in first:
            issues.error(
                Place(1, name),
                f"columns {_letter(first[name])} and {_letter(index)} are both '{name}'; keep one",
            )
        first.setdefault(name, index)


def _letter(index: int) -> str:
    """A column's name as a spreadsheet shows it: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def decimal_comma(rows: list[Row], *, delimiter_is_semicolon: bool, issues: Issues) -> bool:
    """Whether numbers are written 1.200,50; a file may not mix both styles."""
    seen: dict[bool, Place] = {}
    for row in rows:
        for column in NUMBER_COLUMNS:
            style = _style(row.get(column))
            if style is not None:
                seen.setdefault(style, row.at(column))
    if len(seen) == 2:
        comma, point = seen[True], seen[False]
        issues.error(
            comma,
            f"writes a decimal comma, but line {point.line} ({point.path}) writes a decimal "
            "point; use one style through the file",
        )
    if len(seen) == 1:
        return next(iter(seen))
    return delimiter_is_semicolon


def _style(text: str) -> bool | None:
    """True for an unmistakable decimal comma, False for a decimal point, None when unclear."""
    match = _DIGITS.search(text)
    digits = match.group(0) if match else ""
    if "," in digits and "." in digits:
        return digits.rfind(",") > digits.rfind(".")
    separator = "," if "," in digits else "." if "." in digits else ""
    if not separator:
        return None
    groups = digits.split(separator)
    if len(groups) > 2:
        return separator == "."
    return None if len(groups[1]) == 3 else separator == ","

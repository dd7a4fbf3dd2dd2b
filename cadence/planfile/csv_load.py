"""A CSV plan, one row per measure as spreadsheets hold plans, read into a Draft and finished."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from cadence import limits
from cadence.model import Direction, KeyResult, Kpi, MeasureKind, Objective, Thresholds
from cadence.planfile import values
from cadence.planfile.csv_people import NO_OWNER, owner_key, read_people_and_teams, slug, team_key
from cadence.planfile.csv_table import Row, decimal_comma, read_table
from cadence.planfile.directions import settle_direction
from cadence.planfile.draft import Draft, finish
from cadence.planfile.issues import Issues, Place, PlanLoad
from cadence.planfile.unit_spec import bounded, check_currency, infer_unit, parse_unit_text
from cadence.schedule import CadenceSpec
from cadence.units import Unit, UnitKind

T = TypeVar("T")
_KINDS = {
    "kr": MeasureKind.KEY_RESULT,
    "key result": MeasureKind.KEY_RESULT,
    "kpi": MeasureKind.KPI,
}
_ONLY = {MeasureKind.KPI: ("green", "amber"), MeasureKind.KEY_RESULT: ("baseline", "objective_key")}


@dataclass(slots=True)
class _Objective:
    first: Row
    title: str
    period: str
    team: str
    owner: str
    key_results: list[KeyResult] = field(default_factory=list)


def load_csv_text(text: str, *, file: str = "plan.csv") -> PlanLoad:
    """Read a CSV plan; `file` is the name issues are reported against."""
    issues = Issues(file)
    draft = Draft(issues)
    rows, delimiter = read_table(text, issues)
    comma = decimal_comma(rows, delimiter_is_semicolon=delimiter == ";", issues=issues)
    emails = read_people_and_teams(rows, draft)
    if not rows:
        if not issues.errors:
            issues.error(
                Place(1, ""), "the file holds no measures; add a row per key result or KPI"
            )
        return finish(draft)
    objectives: dict[str, _Objective] = {}
    for row in rows:
        _RowReader(draft, row, decimal_comma=comma, emails=emails).read(objectives)
    for key, found in objectives.items():
        draft.objectives.append(
            Objective(key, found.title, found.team, found.owner, found.period,
                      key_results=tuple(found.key_results))
        )  # fmt: skip
    return finish(draft)


def _key_from_title(title: str) -> str:
    """An objective's key made from its title, when the row gives no objective_key."""
    if not slug(title):
        raise ValueError(f"'{title}' makes no key; give the objective an objective_key")
    return values.check_key(slug(title))


class _RowReader:
    """Reads one row into a KR (grouped under its objective) or a KPI."""

    def __init__(
        self, draft: Draft, row: Row, *, decimal_comma: bool, emails: dict[str, str]
    ) -> None:
        self.draft, self.row, self.comma, self.emails = draft, row, decimal_comma, emails

    def cell(self, column: str, parse: Callable[[str], T]) -> T | None:
        """A non-empty cell passed through a check, its error placed on the row and column."""
        text = self.row.get(column)
        if not text:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            self.draft.issues.error(self.row.at(column), str(exc))
            return None

    def checked(self, column: str, value: T, check: Callable[[T], T]) -> T | None:
        """A value read from a cell passed through a further check, its error placed."""
        try:
            return check(value)
        except ValueError as exc:
            self.draft.issues.error(self.row.at(column), str(exc))
            return None

    def number(self, column: str, unit: Unit) -> float | None:
        """A number as the spreadsheet wrote it, in the file's decimal style."""
        return self.cell(column, lambda t: values.parse_number(t, unit, decimal_comma=self.comma))

    def read(self, objectives: dict[str, _Objective]) -> None:
        """Add the row's measure to the draft (KPIs) or to its objective (KRs)."""
        row, issues = self.row, self.draft.issues
        kind = _KINDS.get(row.get("type").lower())
        if kind is None:
            issues.error(
                row.at("type"), f"'{row.get('type')}' is not a measure type; use kr or kpi"
            )
            return
        for column in _ONLY[
            MeasureKind.KPI if kind is MeasureKind.KEY_RESULT else MeasureKind.KEY_RESULT
        ]:
            if row.get(column):
                issues.error(row.at(column), f"is not used on a {kind.value} row; leave it empty")
        key = self.cell("key", values.check_key)
        if key is None and not row.get("key"):
            issues.error(row.at("key"), "is required: every measure needs a stable key")
        self.draft.claim(kind, key or "", place=row.at("key"), key_place=row.at("key"))
        if not row.get("title"):
            issues.error(row.at("title"), "is required")
        self.cell("title", values.within(limits.TITLE))
        owner = owner_key(row, column="owner", emails=self.emails)
        if owner is None:
            issues.error(row.at("owner"), NO_OWNER)
        unit = self.unit()
        direction = self.cell("direction", values.parse_direction)
        cadence = self.cell("cadence", values.parse_every)
        common = {
            "key": key or "", "title": row.get("title"), "owner": owner or "", "unit": unit,
            "private": bool(self.cell("private", values.parse_flag)),
            "cadence": None if cadence is None else CadenceSpec(cadence),
        }  # fmt: skip
        if kind is MeasureKind.KPI:
            self.draft.kpis.append(self.kpi(common, direction=direction, unit=unit))
        else:
            self.key_result(common, direction=direction, objectives=objectives)

    def unit(self) -> Unit:
        """The unit column (or the currency column, or what the numbers say), with min/max."""
        written = self.cell("unit", parse_unit_text)
        currency = self.cell("currency", check_currency)
        if written is None and not self.row.get("unit"):
            texts = (self.row.get(c) for c in ("baseline", "target", "green", "amber"))
            written = Unit(UnitKind.CURRENCY) if currency else infer_unit(t for t in texts if t)
        unit = Unit(written.kind, currency=currency or written.currency) if written else Unit()
        low, high = self.number("min", Unit()), self.number("max", Unit())
        try:
            return bounded(unit, minimum=low, maximum=high)
        except ValueError as exc:
            self.draft.issues.error(self.row.at("max"), str(exc))
            return unit

    def kpi(self, common: dict, *, direction: Direction | None, unit: Unit) -> Kpi:
        """The row as a KPI."""
        green, amber = self.number("green", unit), self.number("amber", unit)
        if (green is None) != (amber is None):
            missing = "amber" if amber is None and not self.row.get("amber") else "green"
            if not self.row.get(missing):
                self.draft.issues.error(
                    self.row.at(missing), "is required: thresholds need both green and amber"
                )
        team = team_key(self.row)
        if team is None:
            self.draft.issues.error(self.row.at("team"), "is required for a KPI")
        return Kpi(
            team=self.draft.team(team, self.row.at("team")),
            target=self.number("target", unit),
            thresholds=None if green is None or amber is None else Thresholds(green, amber),
            direction=self.direction(direction, start=("amber", amber), end=("green", green)),
            **common,
        )

    def key_result(
        self, common: dict, *, direction: Direction | None, objectives: dict[str, _Objective]
    ) -> None:
        """The row as a KR, added to its objective (made from this row when first seen)."""
        row = self.row
        if row.get("objective_key"):
            key = self.cell("objective_key", values.check_key)
        else:
            key = self.cell("objective_title", _key_from_title)
        if key is None:
            if not row.get("objective_key") and not row.get("objective_title"):
                self.draft.issues.error(
                    row.at("objective_key"),
                    "is required: name the objective this key result proves",
                )
            return
        found = objectives.get(key)
        if found is None:
            found = objectives[key] = self.objective(key, common["owner"])
        else:
            self.agree(found)
        baseline, target = (
            self.number("baseline", common["unit"]),
            self.number("target", common["unit"]),
        )
        weight = self.number("weight", Unit(minimum=0))
        if weight is not None:
            weight = self.checked("weight", weight, values.check_weight)
        moves = self.direction(direction, start=("baseline", baseline), end=("target", target))
        found.key_results.append(
            KeyResult(
                objective=key,
                baseline=baseline,
                target=target,
                direction=moves,
                weight=1.0 if weight is None else weight,
                **common,
            )
        )

    def objective(self, key: str, kr_owner: str) -> _Objective:
        """A new objective from the first row that names it."""
        row, draft = self.row, self.draft
        draft.claim(
            "objective", key, place=row.at("objective_key"), key_place=row.at("objective_key")
        )
        period = self.cell("period", values.check_period) or ""
        if not row.get("period"):
            draft.issues.error(row.at("period"), "is required for a key result, like 2026-Q4")
        team = team_key(row)
        if team is None:
            draft.issues.error(row.at("team"), "is required for a key result")
        owner = owner_key(row, column="objective_owner", emails=self.emails) or kr_owner
        return _Objective(
            first=row,
            title=row.get("objective_title") or key,
            period=period,
            team=draft.team(team, row.at("team")),
            owner=draft.person(owner, row.at("objective_owner")) if owner != kr_owner else owner,
        )

    def agree(self, found: _Objective) -> None:
        """A later row of the same objective may repeat its columns, but not contradict them."""
        for column, value in (
            ("objective_title", found.title), ("period", found.period), ("team", found.team),
        ):  # fmt: skip
            written = slug(self.row.get(column)) if column == "team" else self.row.get(column)
            if written and written != value:
                self.draft.issues.error(
                    self.row.at(column),
                    f"'{self.row.get(column)}' differs from '{value}' given for this objective "
                    f"on line {found.first.line}",
                )

    def direction(
        self,
        written: Direction | None,
        *,
        start: tuple[str, float | None],
        end: tuple[str, float | None],
    ) -> Direction:
        """The row's direction, agreeing with its numbers."""
        try:
            return settle_direction(written, start=start, end=end)
        except ValueError as exc:
            self.draft.issues.error(self.row.at("direction"), str(exc))
            return written or Direction.UP

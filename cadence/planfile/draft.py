"""A plan being read: what was found so far, where, and what it refers to.

Both readers (YAML and CSV) fill a Draft; `finish` then checks references across the whole
file, builds the Plan only when nothing is wrong, and places lint warnings on their lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cadence.lint import LintSeverity, lint_plan
from cadence.model import Kpi, Ladder, Objective, Person, Plan, Team
from cadence.planfile.issues import Issues, Place, PlanIssue, PlanLoad, did_you_mean
from cadence.schedule import CadenceSpec, DigestTo

PERSON = "person"
TEAM = "team"
IDENTITIES = ("email", "slack_id", "teams_id")
_SHARED_KEYS = {"objective": "objective", "kr": "key result", "kpi": "KPI"}


@dataclass(frozen=True, slots=True)
class Ref:
    """A person or team named somewhere in the file, to be checked once all are known."""

    kind: str
    key: str
    place: Place


@dataclass(slots=True)
class Draft:
    """Everything read from one file so far."""

    issues: Issues
    people: list[Person] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    kpis: list[Kpi] = field(default_factory=list)
    admins: list[str] = field(default_factory=list)
    cadences: dict[str, CadenceSpec] = field(default_factory=dict)
    ladder: Ladder = field(default_factory=Ladder)
    digest_to: DigestTo = DigestTo.CHANNEL
    places: dict[tuple[str, str], Place] = field(default_factory=dict)
    refs: list[Ref] = field(default_factory=list)
    identities: dict[tuple[str, str], tuple[str, Place]] = field(default_factory=dict)

    def claim(self, kind: str, key: str, *, place: Place, key_place: Place) -> None:
        """Record where a keyed thing is defined; objective, KR and KPI keys share one space."""
        if not key:
            return
        if kind in _SHARED_KEYS:
            for other in _SHARED_KEYS:
                first = self.places.get((other, key))
                if first is not None:
                    self.issues.error(
                        key_place,
                        f"'{key}' is already the key of the {_SHARED_KEYS[other]} on line "
                        f"{first.line}; keys must be unique across objectives, key results "
                        "and KPIs",
                    )
                    return
        self.places.setdefault((kind, key), place)

    def identity(self, kind: str, value: str | None, *, person: str, place: Place) -> None:
        """Record a person's email, slack_id or teams_id: two people cannot share one, or a
        reply in chat could not tell whose it is."""
        if not value:
            return
        first, first_place = self.identities.setdefault((kind, value.casefold()), (person, place))
        if first != person:
            self.issues.error(
                place,
                f"'{value}' is already the {kind} of {first} on line {first_place.line}; "
                "each person needs their own",
            )

    def person(self, key: str | None, place: Place) -> str:
        """Note a reference to a person; returns the key (empty when it was unreadable)."""
        if key is not None:
            self.refs.append(Ref(PERSON, key, place))
        return key or ""

    def team(self, key: str | None, place: Place) -> str:
        """Note a reference to a team; returns the key (empty when it was unreadable)."""
        if key is not None:
            self.refs.append(Ref(TEAM, key, place))
        return key or ""


def finish(draft: Draft) -> PlanLoad:
    """Check references, then build the plan and its lint warnings, or refuse it."""
    _check_refs(draft)
    issues = draft.issues
    if issues.errors:
        return PlanLoad(None, _in_file_order(issues.errors), _in_file_order(issues.warnings))
    plan = Plan(
        people=tuple(draft.people),
        teams=tuple(draft.teams),
        objectives=tuple(draft.objectives),
        kpis=tuple(draft.kpis),
        admins=tuple(draft.admins),
        cadences=dict(draft.cadences),
        ladder=draft.ladder,
        digest_to=draft.digest_to,
    )
    for warning in lint_plan(plan):
        place = draft.places.get((warning.subject_kind, warning.subject), Place(None, ""))
        issues.warn(place, warning.message, strong=warning.severity is LintSeverity.STRONG)
    return PlanLoad(plan, [], issues.warnings)


def _check_refs(draft: Draft) -> None:
    people = {p.key for p in draft.people}
    teams = {t.key for t in draft.teams}
    for ref in draft.refs:
        wanted, other = (people, teams) if ref.kind == PERSON else (teams, people)
        if ref.key in wanted:
            continue
        if ref.key in other:
            kind = "team" if ref.kind == PERSON else "person"
            draft.issues.error(ref.place, f"'{ref.key}' is a {kind}, not a {ref.kind}")
        else:
            listing = "people" if ref.kind == PERSON else "teams"
            draft.issues.error(
                ref.place,
                f"'{ref.key}' is not one of the plan's {listing}{did_you_mean(ref.key, wanted)}",
            )


def _in_file_order(found: list[PlanIssue]) -> list[PlanIssue]:
    return sorted(found, key=lambda issue: issue.line or 0)

"""Plan lint: the shapes of plan that the published data says go unscored (PRODUCT.md)."""

from __future__ import annotations

import enum
import re
from collections import Counter
from dataclasses import dataclass

from cadence.model import FALLBACK_ZONE, KeyResult, Kpi, MeasureKind, Objective, Person, Plan

MANY_MEASURES = 3
STRONG_MEASURES = 12
MAX_KEY_RESULTS = 5
MAX_OBJECTIVES = 3
_MAINTAIN_WORDS = ("maintain", "keep", "hold", "sustain", "stay")
# Words that name a group, in a person's key, name or email ("Sales team",
# sales-team@…), and mailboxes that are shared by nature (ops@, info@…).
_GROUP_WORDS = frozenset({
    "team", "teams", "group", "dept", "department", "committee", "board", "office", "staff",
    "squad", "crew", "council", "shared", "everyone", "all",
})  # fmt: skip
_SHARED_MAILBOXES = frozenset({
    "info", "ops", "operations", "admin", "hello", "contact", "support", "help", "sales",
    "marketing", "finance", "hr", "office", "enquiries", "noreply", "no-reply",
})  # fmt: skip


class LintSeverity(enum.StrEnum):
    WARNING = "warning"
    STRONG = "strong"


@dataclass(frozen=True, slots=True)
class LintWarning:
    """One warning about one subject: an objective, KR, KPI, team or person, by key."""

    code: str
    severity: LintSeverity
    subject: str
    subject_kind: str
    message: str


def lint_plan(plan: Plan) -> list[LintWarning]:
    """Every lint warning for a plan, in plan order: objectives, teams, KPIs, people."""
    found: list[LintWarning] = []
    for objective in plan.objectives:
        found += _objective(objective)
        for kr in objective.key_results:
            found += _key_result(kr)
    found += _objectives_per_team(plan)
    found += [w for kpi in plan.kpis for w in _kpi(kpi)]
    found += _people(plan)
    return found


def _warn(code: str, subject: str, kind: str, message: str, *, strong: bool = False) -> LintWarning:
    severity = LintSeverity.STRONG if strong else LintSeverity.WARNING
    return LintWarning(code, severity, subject, kind, message)


def _objective(objective: Objective) -> list[LintWarning]:
    count = len(objective.key_results)
    key = objective.key
    if count == 0:
        return [
            _warn(
                "objective-without-krs",
                key,
                "objective",
                "has no key results, so nothing proves it",
            )
        ]
    found = []
    if count >= STRONG_MEASURES:
        found.append(
            _warn(
                "too-many-measures",
                key,
                "objective",
                f"{count} measures on one objective: plans with 12 or more per objective score "
                "about one in six of them; keep the 3 that prove it",
                strong=True,
            )
        )
    elif count > MANY_MEASURES:
        found.append(
            _warn(
                "too-many-measures",
                key,
                "objective",
                f"{count} measures on one objective; plans that stay alive average about 2, "
                "so keep it to 3",
            )
        )
    if count > MAX_KEY_RESULTS:
        found.append(
            _warn(
                "too-many-key-results",
                key,
                "objective",
                f"{count} key results; an objective takes 2 to 5",
            )
        )
    return found


def _key_result(kr: KeyResult) -> list[LintWarning]:
    missing = [name for name, v in (("baseline", kr.baseline), ("target", kr.target)) if v is None]
    if missing:
        return [
            _warn(
                "kr-without-baseline-or-target",
                kr.key,
                MeasureKind.KEY_RESULT,
                f"has no {' and no '.join(missing)}, so its progress cannot be computed",
            )
        ]
    if kr.target == kr.baseline:
        reason = f"its target equals its baseline ({kr.target:g})"
    elif kr.title.strip().lower().startswith(_MAINTAIN_WORDS):
        reason = f"it only {kr.title.split()[0].lower()}s a level"
    else:
        return []
    return [
        _warn(
            "kpi-dressed-as-okr",
            kr.key,
            MeasureKind.KEY_RESULT,
            f"{reason}: that is a KPI dressed as an OKR; make it a KPI with thresholds, "
            "or set a target that moves",
        )
    ]


def _objectives_per_team(plan: Plan) -> list[LintWarning]:
    counts = Counter((o.team, o.period) for o in plan.objectives)
    return [
        _warn(
            "too-many-objectives",
            team,
            "team",
            f"{count} objectives in {period}; a team keeps at most 3 alive in one quarter",
        )
        for (team, period), count in counts.items()
        if count > MAX_OBJECTIVES
    ]


def _kpi(kpi: Kpi) -> list[LintWarning]:
    missing = [n for n, v in (("target", kpi.target), ("thresholds", kpi.thresholds)) if v is None]
    if not missing:
        return []
    return [
        _warn(
            "kpi-without-target-or-thresholds",
            kpi.key,
            MeasureKind.KPI,
            f"has no {' and no '.join(missing)}, so its status can never be green, amber or red",
        )
    ]


def _people(plan: Plan) -> list[LintWarning]:
    owned = Counter(m.owner for m in plan.measures())
    owned.update(o.owner for o in plan.objectives)
    teams = {t.key for t in plan.teams}
    found = []
    for person in plan.people:
        holds = (
            f"owns {owned[person.key]} of the plan's objectives and measures"
            if owned[person.key]
            else ""
        )
        group = _group_sign(person, teams)
        if group and holds:
            found.append(
                _warn(
                    "owner-is-a-team",
                    person.key,
                    "person",
                    f"{holds} but {group}; every measure needs one named person, not a group",
                )
            )
        if not person.reachable:
            found.append(
                _warn(
                    "no-chat-identity",
                    person.key,
                    "person",
                    f"{holds + ' but ' if holds else ''}has no email, Slack or Teams id, "
                    "so the bot can never ask them",
                )
            )
        elif not person.zone_known:
            found.append(
                _warn(
                    "no-timezone",
                    person.key,
                    "person",
                    "has no timezone in the plan and none reported by Slack or Teams yet, so "
                    f"the bot asks them on {FALLBACK_ZONE} time (09:00 {FALLBACK_ZONE}); add "
                    "timezone to the plan",
                )
            )
    return found


def _group_sign(person: Person, teams: set[str]) -> str | None:
    """What makes a person look like a team or a group rather than a human, if anything."""
    if person.key in teams:
        return f"is named like the team '{person.key}'"
    for label, text in (("key", person.key), ("name", person.name)):
        words = set(re.split(r"[^a-z]+", text.lower()))
        if words & _GROUP_WORDS:
            return f"looks like a group (its {label} is '{text}')"
    mailbox = (person.email or "").partition("@")[0].lower()
    if mailbox in _SHARED_MAILBOXES or set(re.split(r"[^a-z]+", mailbox)) & _GROUP_WORDS:
        return f"looks like a group (its email is {person.email})"
    return None


def concerns_team(plan: Plan, warning: LintWarning, team: str) -> bool:
    """Whether a warning is about the team, or one of its objectives or measures, so
    `health` for one team lists only its own."""
    subjects = {team} | {k.key for k in plan.kpis if k.team == team}
    for objective in plan.objectives:
        if objective.team == team:
            subjects.add(objective.key)
            subjects.update(kr.key for kr in objective.key_results)
    return warning.subject in subjects

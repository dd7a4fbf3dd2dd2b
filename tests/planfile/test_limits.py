"""Every text a plan holds fits its database column: the longest accepted text imports on
both databases, and one character more is refused at validation with its place."""

from datetime import UTC, datetime

import pytest

from cadence import limits
from cadence.planfile import load_csv_text
from storage.database import transaction
from storage.plan_repo import load_plan, save_plan

from .base import errors, load, with_lines

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
KR0 = "objectives[0].key_results[0]"


def _longest(extra: int = 0) -> dict[int, str]:
    """BASE with the key, title, name, email, slack_id and teams_id of its texts as long as
    storage allows (plus `extra` characters)."""
    email = "a" * (limits.EMAIL - len("@example.com") + extra) + "@example.com"
    return {
        3: "    name: " + "N" * (limits.NAME + extra),
        4: f"    email: {email}\n    teams_id: {'T' * (limits.TEAMS_ID + extra)}",
        7: "    slack_id: " + "U" * (limits.SLACK_ID + extra),
        19: "      - key: " + "k" * (limits.KEY + extra),
        20: "        title: " + "T" * (limits.TITLE + extra),
    }


def test_the_longest_accepted_texts_import_on_both_databases(db):
    plan = load(with_lines(_longest())).plan
    assert plan is not None
    with transaction(db) as session:
        save_plan(session, plan, now=NOW)
    with transaction(db) as session:
        assert load_plan(session) == plan


def test_one_character_more_is_refused_at_its_line():
    found = errors(with_lines(_longest(extra=1)))
    assert found == [
        f"plan.yaml:3 people.ana.name: is {limits.NAME + 1} characters long; "
        f"at most {limits.NAME} fit here",
        f"plan.yaml:4 people.ana.email: is {limits.EMAIL + 1} characters long; "
        f"at most {limits.EMAIL} fit here",
        f"plan.yaml:5 people.ana.teams_id: is {limits.TEAMS_ID + 1} characters long; "
        f"at most {limits.TEAMS_ID} fit here",
        f"plan.yaml:8 people.ben.slack_id: is {limits.SLACK_ID + 1} characters long; "
        f"at most {limits.SLACK_ID} fit here",
        f"plan.yaml:20 {KR0}.key: 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…' (201 characters) is too long "
        "for a key; keys are typed in chat commands, so keep them to at most 200 characters",
        f"plan.yaml:21 {KR0}.title: is 1,001 characters long; at most 1,000 fit here",
    ]


@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [
        ("title", "T" * 1001, "is 1,001 characters long; at most 1,000 fit here"),
        ("owner_slack_id", "U" * 65, "is 65 characters long; at most 64 fit here"),
        ("owner_name", "N" * 501, "is 501 characters long; at most 500 fit here"),
        ("team_name", "S" * 501, "is 501 characters long; at most 500 fit here"),
        ("team", "s" * 201, "'ssssssssssssssssssssssssssssss…' (201 characters) is too long for "
         "a key; keys are typed in chat commands, so keep them to at most 200 characters"),
        ("objective_title", "O" * 201, "'oooooooooooooooooooooooooooooo…' (201 characters) is "
         "too long for a key; keys are typed in chat commands, so keep them to at most 200 "
         "characters"),
    ],
)  # fmt: skip
def test_csv_cells_longer_than_storage_keeps_are_refused(column, cell, expected):
    cells = {"type": "kr", "key": "deals", "title": "Deals", "objective_title": "Grow",
             "period": "2026-Q4", "team": "sales", "owner": "ana", "target": "8"}  # fmt: skip
    cells[column] = cell
    text = ",".join(cells) + "\n" + ",".join(cells.values()) + "\n"
    assert [str(e) for e in load_csv_text(text).errors] == [f"plan.csv:2 {column}: {expected}"]

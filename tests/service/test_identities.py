"""Who is asking: a Teams user is found under whichever spelling the plan gave for them
(Teams user id, AAD object id in any case, email), by any id Teams sent."""

import pytest

from bot.service.snapshot import PlanSnapshot
from cadence.commands import Actor
from cadence.engine.index import PlanIndex
from cadence.model import Person, Plan

AAD = "6f3c1a52-3b9e-4c7a-9a0d-2f1e8b7c4d10"
TEAMS_ID = "29:1a2b3c-Sofia"
EMAIL = "sofia@example.com"


def teams_actor(*, email: str | None = None) -> Actor:
    """What the Teams adapter builds for a message with an aadObjectId."""
    return Actor("teams", AAD, email=email, aliases=(TEAMS_ID,))


def found(person: Person, actor: Actor) -> str | None:
    plan = Plan(people=(Person("other", "Someone else", teams_id="29:other"), person))
    match = PlanSnapshot.of(plan, PlanIndex(plan)).person_for(actor)
    return match.key if match else None


@pytest.mark.parametrize(
    ("teams_id", "roster_email"),
    [
        (TEAMS_ID, None),
        (AAD, None),
        (AAD.upper(), None),
        (f" {AAD.upper()} ", None),
        (TEAMS_ID, EMAIL),
        (AAD.upper(), EMAIL),
        (EMAIL, EMAIL),
        ("Sofia@Example.COM", EMAIL),
    ],
    ids=[
        "teams-user-id",
        "aad",
        "aad-upper",
        "aad-padded",
        "teams-user-id-with-roster",
        "aad-upper-with-roster",
        "email",
        "email-mixed-case",
    ],
)
def test_every_documented_teams_id_finds_the_person(teams_id, roster_email):
    person = Person("sofia", "Sofia Marsh", teams_id=teams_id)
    assert found(person, teams_actor(email=roster_email)) == "sofia"


def test_the_plans_email_is_the_last_resort():
    person = Person("sofia", "Sofia Marsh", email="SOFIA@example.com")
    assert found(person, teams_actor(email=EMAIL)) == "sofia"
    assert found(person, teams_actor()) is None


def test_a_teams_user_id_is_case_sensitive():
    person = Person("sofia", "Sofia Marsh", teams_id=TEAMS_ID.lower())
    assert found(person, teams_actor()) is None


def test_ids_of_one_platform_do_not_match_on_another():
    person = Person("sofia", "Sofia Marsh", slack_id="U0PEOPLE01", teams_id=TEAMS_ID)
    assert found(person, Actor("slack", TEAMS_ID)) is None
    assert found(person, Actor("teams", "U0PEOPLE01")) is None
    assert found(person, Actor("slack", "U0PEOPLE01")) == "sofia"

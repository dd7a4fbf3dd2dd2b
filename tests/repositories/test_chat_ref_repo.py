from datetime import UTC, datetime

from cadence.model import Person, Plan, Team
from storage import chat_ref_repo, outbox_repo
from storage.chat_ref_repo import SqlConversationStore
from storage.database import transaction
from storage.plan_repo import save_plan


async def test_references_are_stored_replaced_and_read_back(db):
    store = SqlConversationStore(db)
    assert await store.get("29:ana") is None
    await store.put("29:ana", {"conversation": {"id": "a:1"}, "serviceUrl": "https://x"})
    await store.put("29:ana", {"conversation": {"id": "a:2"}, "serviceUrl": "https://x"})
    assert (await store.get("29:ana"))["conversation"]["id"] == "a:2"
    assert await SqlConversationStore(db, platform="other").get("29:ana") is None


async def test_every_reference_of_one_platform_is_read_in_one_go(db):
    dms, other = SqlConversationStore(db, platform="slack-dm"), SqlConversationStore(db)
    await dms.put("U1", {"channel": "D1"})
    await dms.put("U2", {"channel": "D2"})
    await other.put("U3", {"channel": "D3"})
    assert await dms.get_all() == {"U1": {"channel": "D1"}, "U2": {"channel": "D2"}}


PLAN = Plan(
    people=(
        Person("sofia", "Sofia Marsh", teams_id="29:1a2b3c-sofia"),
        Person("ravi", "Ravi Menon", teams_id="22222222-2222-4333-8444-555555555555"),
        Person("helen", "Helen Park", teams_id="29:helen"),
    ),
    teams=(Team("people", "People", teams_channel="19:people@thread.tacv2"),),
)
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def refused(db) -> set[tuple[str, str]]:
    with transaction(db) as session:
        return outbox_repo.refusals(session=session)


def refuse_everyone(db) -> None:
    with transaction(db) as session:
        save_plan(session, PLAN, now=NOW)
        for platform, key in [
            (p, k) for p in ("teams", "slack") for k in ("sofia", "ravi", "helen", "people")
        ]:
            outbox_repo.record_unreachable(
                session=session, platform=platform, recipient_key=key, reason="no", now=NOW
            )


async def test_storing_a_reference_lets_teams_try_whoever_it_addresses_again(db):
    refuse_everyone(db)
    store = SqlConversationStore(db)
    reference = {"conversation": {"id": "a:1"}}
    # Ravi's plan id is his AAD object id; Teams spells it in upper case.
    await store.put_all(
        ["29:1a2b3c-sofia", "22222222-2222-4333-8444-555555555555".upper()], reference
    )
    await store.put_all(
        ["19:people@thread.tacv2"], {"conversation": {"id": "19:people@thread.tacv2"}}
    )
    assert {key for platform, key in refused(db) if platform == "teams"} == {"helen"}
    assert {key for platform, key in refused(db) if platform == "slack"} == {
        "sofia",
        "ravi",
        "helen",
        "people",
    }


async def test_a_single_put_keeps_refusals(db):
    refuse_everyone(db)
    await SqlConversationStore(db).put("29:1a2b3c-sofia", {"conversation": {"id": "a:1"}})
    assert ("teams", "sofia") in refused(db)


async def test_the_roster_answer_is_kept_per_user_apart_from_the_references(db):
    store = SqlConversationStore(db)
    assert await store.roster_email("29:ana") is None
    await store.keep_roster_email("29:ana", "ana@example.com")
    await store.keep_roster_email("29:guest", "")
    assert await store.roster_email("29:ana") == "ana@example.com"
    assert await store.roster_email("29:guest") == ""
    with transaction(db) as session:
        assert chat_ref_repo.subjects(session=session, platform="teams") == set()

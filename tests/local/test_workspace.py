"""The local workspace over HTTP: what a person sees and does reaches the real service once."""

from __future__ import annotations

import asyncio
import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from PIL import Image
from sqlalchemy import Engine, func
from sqlmodel import col, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rendering"))

from samples import views

from bot.local import LocalSurface
from bot.ports import Delivery
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from cadence.view_codec import encode_view
from cadence.views import Digest
from messages.charts import HEIGHT_PX, WIDTH_PX, chart_alt
from storage.database import transaction
from storage.tables.local import LocalMessage
from storage.tables.updates import UpdateRow


async def _room(client: TestClient, room: str) -> dict[str, Any]:
    answer = await client.get(f"/local/api/conversations/{room}")
    assert answer.status == 200
    return await answer.json()


async def _checkin(client: TestClient, person: str = "dan") -> tuple[dict[str, Any], str]:
    room = await _room(client, f"person:{person}")
    message = next(m for m in room["messages"] if m["kind"] == "checkin")
    prompt = re.search(r'data-prompt="([^"]+)"', message["html"])
    assert prompt is not None
    return message, prompt.group(1)


def _count(engine: Engine, table: type) -> int:
    with transaction(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


async def test_the_page_and_the_directory_are_served(client: TestClient) -> None:
    page = await client.get("/")
    assert page.status == 200 and "local workspace" in await page.text()
    assert (await client.get("/local/static/app.js")).status == 200
    directory = await (await client.get("/local/api/directory")).json()
    dan = next(p for p in directory["people"] if p["key"] == "dan")
    assert dan["name"] == "Dan Whitaker" and dan["count"] >= 1
    assert {t["key"] for t in directory["teams"]} >= {"sales", "support"}


async def test_a_check_in_is_shown_as_the_form_chat_shows(client: TestClient) -> None:
    message, prompt = await _checkin(client)
    assert message["author_name"] == "cadence-bot" and not message["mine"]
    assert "Check-in for the week of 23 Nov" in message["html"]
    assert 'name="value.big-logos"' in message["html"]
    assert 'name="confidence.big-logos"' in message["html"]
    assert 'data-action="checkin.update"' in message["html"] and ">Save<" in message["html"]
    assert message["at"].startswith("Mon 23 Nov 09:30")
    assert prompt.startswith("checkin:dan:2026-W48")


async def test_saving_the_form_records_once_and_edits_the_prompt(
    client: TestClient, engine: Engine
) -> None:
    message, prompt = await _checkin(client)
    body = {
        "client_id": "save-1",
        "action": "checkin.update",
        "prompt": prompt,
        "value.big-logos": "1",
        "confidence.big-logos": "at_risk",
        "blockers": "legal review",
    }
    first = await client.post("/local/api/people/dan/act", json=body)
    again = await client.post("/local/api/people/dan/act", json=body)
    assert first.status == 200 and again.status == 200
    assert _count(engine, UpdateRow) == 1
    room = await _room(client, "person:dan")
    edited = next(m for m in room["messages"] if m["id"] == message["id"])
    assert edited["edited"] and "that&#x27;s recorded" in edited["html"]
    assert "at risk" in edited["html"] and "<form" not in edited["html"]


async def test_no_change_needs_a_value_and_then_reconfirms_it(
    client: TestClient, engine: Engine
) -> None:
    message, prompt = await _checkin(client)
    body = {"client_id": "nc1", "action": "checkin.no_change", "prompt": prompt}
    assert (await client.post("/local/api/people/dan/act", json=body)).status == 200
    room = await _room(client, "person:dan")
    assert "nothing to confirm" in room["messages"][-1]["html"]
    assert _count(engine, UpdateRow) == 0

    typed = {"client_id": "u0", "text": "/metric update big-logos 1"}
    assert (await client.post("/local/api/people/dan/say", json=typed)).status == 200
    body["client_id"] = "nc2"
    assert (await client.post("/local/api/people/dan/act", json=body)).status == 200
    room = await _room(client, "person:dan")
    prompt_now = next(m for m in room["messages"] if m["id"] == message["id"])
    assert "still 1" in prompt_now["html"] and prompt_now["edited"]
    assert _count(engine, UpdateRow) == 2


async def test_a_metric_command_is_shown_with_its_answer(client: TestClient) -> None:
    body = {"client_id": "m1", "text": "/metric mrr"}
    assert (await client.post("/local/api/people/dan/say", json=body)).status == 200
    room = await _room(client, "person:dan")
    asked, answer = room["messages"][-2:]
    assert (
        asked["mine"] and asked["html"] == "/metric mrr" and asked["author_name"] == "Dan Whitaker"
    )
    assert "Monthly recurring revenue" in answer["html"] and "<dt>Target</dt>" in answer["html"]


async def test_a_typed_update_records_and_a_resent_one_does_not(
    client: TestClient, engine: Engine
) -> None:
    body = {"client_id": "u1", "text": "/metric update mrr 1.1M two renewals"}
    first = await (await client.post("/local/api/people/dan/say", json=body)).json()
    second = await (await client.post("/local/api/people/dan/say", json=body)).json()
    assert second == {"reply_id": first["reply_id"], "repeated": True}
    assert _count(engine, UpdateRow) == 1
    room = await _room(client, "person:dan")
    assert [m["html"] for m in room["messages"]].count(body["text"]) == 1


async def test_typed_markup_is_shown_escaped(client: TestClient) -> None:
    body = {"client_id": "x", "text": "<img src=x onerror=alert(1)>"}
    await client.post("/local/api/people/dan/say", json=body)
    room = await _room(client, "person:dan")
    mine = [m for m in room["messages"] if m["mine"]]
    assert mine[-1]["html"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<img src=x" not in "".join(m["html"] for m in room["messages"])


async def test_someone_elses_prompt_is_refused_in_chat(client: TestClient, engine: Engine) -> None:
    _message, prompt = await _checkin(client, "dan")
    body = {"client_id": "t1", "action": "checkin.update", "prompt": prompt, "value.big-logos": "2"}
    assert (await client.post("/local/api/people/tom/act", json=body)).status == 200
    room = await _room(client, "person:tom")
    said = room["messages"][-1]["html"]
    assert "only Dan Whitaker, their delegate or a plan admin can answer it" in said
    assert "nothing was recorded" in said
    assert _count(engine, UpdateRow) == 0


async def test_silence_reaches_the_team_channel_read_only(
    client: TestClient, engine: Engine, clock: ManualClock, prompted: LocalSurface
) -> None:
    clock.set(datetime(2026, 11, 26, 16, tzinfo=UTC))  # Thursday: two working days later
    tick(engine, clock, platforms=["local"])
    await OutboxSender(engine, {"local": prompted.port}, clock).drain()
    directory = await (await client.get("/local/api/directory")).json()
    team = next(t for t in directory["teams"] if t["count"])
    room = await _room(client, f"team:{team['key']}")
    assert room["title"] == f"# {team['name']}"
    escalation = next(m for m in room["messages"] if m["kind"] == "team_escalation")
    assert "mention" in escalation["html"] and "button" not in escalation["html"]


async def test_an_unchanged_conversation_sends_only_its_version(client: TestClient) -> None:
    room = await _room(client, "person:dan")
    seen = await client.get("/local/api/conversations/person:dan", params={"seen": room["version"]})
    assert await seen.json() == {
        "room": "person:dan",
        "version": room["version"],
        "unchanged": True,
    }


@pytest.mark.parametrize(
    ("path", "body", "status", "needle"),
    [
        ("/local/api/people/nobody/say", {"client_id": "c", "text": "hi"}, 404, "nobody"),
        ("/local/api/people/dan/say", {"text": "hi"}, 400, "client_id"),
        ("/local/api/people/dan/say", {"client_id": "c", "text": "  "}, 400, "text"),
        ("/local/api/people/dan/say", ["not", "an", "object"], 400, "JSON object"),
        ("/local/api/people/dan/act", {"client_id": "c", "action": "explode"}, 400, "explode"),
        (
            "/local/api/people/dan/act",
            {"client_id": "c", "action": "checkin.snooze"},
            400,
            "prompt",
        ),
        (
            "/local/api/people/dan/act",
            {"client_id": "c", "action": "checkin.update", "prompt": "p", "value.mrr": ""},
            400,
            "nothing was filled in",
        ),
    ],
)
async def test_bad_requests_say_why_and_change_nothing(
    client: TestClient, engine: Engine, path: str, body: Any, status: int, needle: str
) -> None:
    before = _count(engine, LocalMessage)
    answer = await client.post(path, json=body)
    assert answer.status == status
    assert needle in (await answer.json())["error"]
    assert _count(engine, LocalMessage) == before and _count(engine, UpdateRow) == 0


async def test_a_body_that_is_not_json_is_400(client: TestClient) -> None:
    answer = await client.post("/local/api/people/dan/say", data=b"\xff{")
    assert answer.status == 400 and "JSON" in (await answer.json())["error"]


async def test_an_unknown_conversation_is_404(client: TestClient) -> None:
    assert (await client.get("/local/api/conversations/person:nobody")).status == 404
    assert (await client.get("/local/api/conversations/lobby")).status == 404


async def test_a_request_resent_while_the_first_is_answered_keeps_one_reply(
    prompted: LocalSurface, engine: Engine
) -> None:
    body = {"client_id": "twice", "text": "/metric mrr"}
    first, second = await asyncio.gather(
        prompted.inbox.say("dan", body), prompted.inbox.say("dan", body)
    )
    assert first["reply_id"] == second["reply_id"]
    with transaction(engine) as session:
        kept = session.exec(
            select(LocalMessage.request_ref).where(col(LocalMessage.request_ref).is_not(None))
        ).all()
    assert sorted(kept) == ["local:dan:twice#in", "local:dan:twice#out"]


async def test_a_digest_in_the_team_channel_shows_its_red_kpis_charts(
    client: TestClient, local: LocalSurface, engine: Engine
) -> None:
    digest = next(v for v in views(2) if isinstance(v, Digest))
    delivery = Delivery(
        outbox_id=900,
        action_key="digest:sales",
        kind="digest",
        platform="local",
        recipient_key="sales",
        address="team:sales",
        payload=encode_view(digest),
    )
    await local.port.deliver(delivery)
    room = await _room(client, "team:sales")
    (message,) = [m for m in room["messages"] if m["kind"] == "digest"]
    images = re.findall(r'<img class="chart" alt="([^"]+)" src="([^"]+)"', message["html"])
    assert [alt for alt, _ in images] == [chart_alt(c) for c in digest.charts]
    for _, src in images:
        answer = await client.get(src)
        assert answer.status == 200 and answer.content_type == "image/png"
        assert Image.open(io.BytesIO(await answer.read())).size == (WIDTH_PX, HEIGHT_PX)
    missing = images[0][1].replace("/charts/0.png", f"/charts/{len(images)}.png")
    assert (await client.get(missing)).status == 404
    assert (await client.get("/local/api/messages/999999/charts/0.png")).status == 404

"""A Monday wave in Slack: 5,000 owners get their check-in, then all answer within a minute.

The check-ins are planned by the real tick and sent by the real OutboxSender through the
real SlackPort to the mock Slack Web API of tests/slack (on 127.0.0.1, in a process of its
own: benchmarks/mock_process.py, so the mock's work is not counted as the bot's), which
enforces Slack's limits by the clock and answers 429 with Retry-After when they are exceeded:
chat.postMessage one per second per channel and 300 a minute per workspace, chat.update
and conversations.open 50 a minute. All limits are scaled up by the same factor
(--scale) so that the wave takes about a minute; the figure that counts is the ratio of
the wave's time to the floor those limits imply. DM channels are already stored, as on
any Monday after the first (--first-wave opens every DM too).

Then every owner answers through signed HTTP requests to /slack/events, spread over a
minute: half press No change, half type a value in the DM; a share of the events arrive
twice as Slack's retries, and a share of the clicks are double clicks. The sender keeps
draining meanwhile, as the runtime's send job does, so the prompts' edits (chat.update,
queued in the outbox with each answer) go out at the pace the mock allows. Printed: the
wave's send time against the floor, acknowledgement latency (p50, p99), updates recorded
per second, whether every owner's answer was recorded exactly once, how many edits went
out by then, and the CPU seconds of the bot's process and of the mock's.

Run: .venv/bin/python benchmarks/slack_wave.py [--owners 5000] [--scale 20] [--postgres URL]
(SQLite in a temporary file unless a PostgreSQL URL is given; a fresh schema is used.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "slack"))

from aiohttp.test_utils import TestClient, TestServer
from mock_process import RemoteSlack
from mock_slack import TOKEN
from requests_slack import SECRET, button, dm_event, post
from sqlalchemy import Engine, func, insert, text
from sqlmodel import col, select

from bot.ports import RateLimit
from bot.runtime.backoff import RetryPolicy
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from bot.service import CommandService
from bot.service.prompt_messages import EDITED
from bot.settings import Settings
from bot.slack.limits import LIMITS
from bot.slack.port import DM_STORE_PLATFORM, SlackPort
from bot.slack.surface import build_slack
from bot.web import build_web_app
from cadence.model import KeyResult, Objective, Person, Plan, Team
from cadence.periods import iso_week
from cadence.units import Unit
from cadence.updates import Source
from messages.environment import build_environment
from storage import outbox_repo
from storage.chat_ref_repo import SqlConversationStore
from storage.database import open_engine, transaction
from storage.migrate import upgrade
from storage.plan_repo import save_plan
from storage.tables import ChatRefRow, OutboxRow, UpdateRow

MONDAY = datetime(2026, 11, 30, 9, tzinfo=UTC)  # the weekly check-in is due now
TEAM_SIZE = 50
RETRIED, DOUBLE_CLICKED = 0.05, 0.05
JITTER = 0.02


class RunningClock:
    """Real time, started at the Monday the plan's check-ins are due."""

    def __init__(self, start: datetime) -> None:
        self._start, self._t0 = start, time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)


def wave_plan(owners: int) -> Plan:
    """One key result per owner (all in UTC, so all due at 09:00), teams of 50."""
    people = tuple(Person(f"p{i}", f"Person {i}", slack_id=f"U{i:05d}") for i in range(owners))
    teams = tuple(
        Team(f"t{t}", f"Team {t}", managers=(f"p{t * TEAM_SIZE}",), slack_channel=f"C{t:04d}")
        for t in range(math.ceil(owners / TEAM_SIZE))
    )
    objectives = tuple(
        Objective(
            f"o{i}",
            f"Objective {i}",
            f"t{i // TEAM_SIZE}",
            f"p{i}",
            "2026-Q4",
            (KeyResult(f"kr{i}", f"Deals closed {i}", f"o{i}", f"p{i}", Unit(), 0.0, 10.0),),
        )
        for i in range(owners)
    )
    return Plan(people=people, teams=teams, objectives=objectives)


def scaled(limits: tuple[RateLimit, ...], scale: float) -> tuple[RateLimit, ...]:
    """The same counts in windows `scale` times shorter, widened by JITTER: the mock counts
    a call when it arrives, the pacer when it leaves, and arrivals wobble by milliseconds,
    which is nothing against Slack's minute but a lot against a scaled one."""
    return tuple(replace(limit, per=limit.per / scale * (1 + JITTER)) for limit in limits)


def floor_seconds(messages: int, scale: float, *, opens: int) -> float:
    """The least time the mock's limits allow: full windows of the tightest limit."""
    minute = 60 / scale
    posts = (math.ceil(messages / 300) - 1) * minute
    dms = (math.ceil(opens / 50) - 1) * minute if opens else 0.0
    return max(posts, dms)


def seed(engine: Engine, plan: Plan, *, dms_known: bool) -> None:
    """The plan, last week's value of every measure, and (unless first wave) known DMs."""
    last_week = MONDAY - timedelta(days=7)
    with transaction(engine) as session:
        save_plan(session, plan, now=last_week)
        session.connection().execute(
            insert(UpdateRow),
            [
                {"measure_key": m.key, "period": iso_week(last_week.date()).key, "value": 5.0,
                 "author": m.owner, "source": Source.SLACK_BUTTON.value, "recorded_at": last_week}
                for m in plan.measures()
            ],
        )  # fmt: skip
        if dms_known:
            for person in plan.people:
                assert person.slack_id is not None
                session.add(
                    ChatRefRow(
                        platform=DM_STORE_PLATFORM,
                        subject=person.slack_id,
                        reference={"channel": "D" + person.slack_id[1:]},
                        updated_at=MONDAY,
                    )
                )
    # The schedule switched on before the wave, so 09:00 is not a catch-up.
    tick(engine, ManualClock(MONDAY - timedelta(minutes=1)), platforms=["slack"])


def outbox_sender(
    engine: Engine, port: SlackPort, clock: RunningClock, scale: float
) -> OutboxSender:
    """The runtime's sender; the retry backoff is a time constant of the same rate-limited
    world, so it is scaled too."""
    policy = RetryPolicy(base=RetryPolicy().base / scale)
    return OutboxSender(engine, {"slack": port}, clock, policy=policy, batch=200, concurrency=16)


async def send_wave(engine: Engine, sender: OutboxSender) -> tuple[float, int]:
    """Drain the outbox until every check-in is sent; (seconds, messages sent)."""
    started = time.perf_counter()
    sent = 0
    while True:
        report = await sender.drain(max_batches=1_000)
        sent += report.sent
        with transaction(engine) as session:
            left = outbox_repo.counts(session=session)
        if not left.get(outbox_repo.PENDING) and not left.get(outbox_repo.SENDING):
            return time.perf_counter() - started, sent
        await asyncio.sleep(0.05)


def answers(
    slack: RemoteSlack,
    history: dict[str, list[dict]],
    plan: Plan,
    rng: random.Random,
) -> list[tuple[float, tuple]]:
    """(when, request) for every answer, retries and double clicks included."""
    planned: list[tuple[float, tuple]] = []
    for i, person in enumerate(plan.people):
        assert person.slack_id is not None
        channel = "D" + person.slack_id[1:]
        at = rng.uniform(0, 60)
        if i % 2:
            request = dm_event(
                "7",
                event_id=f"Ev{i:06d}",
                user=person.slack_id,
                channel=channel,
                ts=f"1764493200.{i:06d}",
            )
            planned.append((at, (request, {})))
            if rng.random() < RETRIED:
                retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
                planned.append((at + 3, (request, retry)))
            continue
        (message,) = history[channel]
        clicks = 2 if rng.random() < DOUBLE_CLICKED else 1
        for n in range(clicks):
            request = button(
                "checkin.no_change",
                message=message,
                channel=channel,
                user=person.slack_id,
                action_ts=f"1764493200.{n:06d}",
                trigger=f"t-{i}-{n}",
                response_url=slack.url(f"/respond/{i}"),
            )
            planned.append((at + n * 0.3, (request, {})))
    return sorted(planned, key=lambda item: item[0])


async def reply_all(http: TestClient, planned: list[tuple[float, tuple]]) -> list[float]:
    """Send every answer at its moment; the acknowledgement latency of each, in seconds."""
    latencies: list[float] = []
    start = time.perf_counter()

    async def one(at: float, request: tuple, headers: dict[str, str]) -> None:
        await asyncio.sleep(max(0.0, start + at - time.perf_counter()))
        sent = time.perf_counter()
        response = await post(http, request, headers=headers)
        latencies.append(time.perf_counter() - sent)
        assert response.status == 200, await response.text()

    await asyncio.gather(*(one(at, request, headers) for at, (request, headers) in planned))
    return latencies


async def keep_sending(sender: OutboxSender) -> None:
    """What the runtime's send job does, every half second."""
    while True:
        await sender.drain()
        await asyncio.sleep(0.5)


def edit_states(engine: Engine) -> Counter[str]:
    """The outbox rows of prompt edits, by state."""
    with transaction(engine) as session:
        rows = session.exec(
            select(OutboxRow.state, func.count())
            .where(col(OutboxRow.kind) == EDITED)
            .group_by(col(OutboxRow.state))
        )
        return Counter(dict(rows.all()))


def recorded(engine: Engine) -> Counter[str]:
    """This week's updates per measure."""
    with transaction(engine) as session:
        rows = session.exec(
            select(UpdateRow.measure_key, func.count())
            .where(col(UpdateRow.recorded_at) >= MONDAY)
            .group_by(UpdateRow.measure_key)
        )
        return Counter(dict(rows.all()))


async def wait_recorded(engine: Engine, owners: int, *, timeout: float) -> float:
    """Until every owner's answer is recorded; the moment it was (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if sum((await asyncio.to_thread(recorded, engine)).values()) >= owners:
            return time.perf_counter()
        await asyncio.sleep(0.1)
    return time.perf_counter()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@contextmanager
def database(postgres: str | None) -> Iterator[Engine]:
    """A migrated, empty database: a SQLite file, or a fresh schema on PostgreSQL."""
    if postgres is None:
        engine = open_engine(f"sqlite:///{Path(tempfile.mkdtemp(prefix='slack-wave-'))}/w.db")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    schema = f"wave_{uuid.uuid4().hex[:10]}"
    admin = open_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    engine = open_engine(f"{postgres}?options=-csearch_path%3D{schema}", pool_size=20)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


async def run(owners: int, scale: float, *, first_wave: bool, postgres: str | None) -> None:
    with database(postgres) as engine:
        print(f"database: {engine.dialect.name}")
        await wave_and_answers(engine, owners, scale, first_wave=first_wave)


async def wave_and_answers(engine: Engine, owners: int, scale: float, *, first_wave: bool) -> None:
    plan = wave_plan(owners)
    seed(engine, plan, dms_known=not first_wave)
    users = {p.slack_id: {"id": p.slack_id, "tz": "UTC", "profile": {}} for p in plan.people}
    slack = RemoteSlack({k: v for k, v in users.items() if k}, scale)
    await slack.start()
    settings = Settings(
        SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url
    )
    clock = RunningClock(MONDAY)
    service = CommandService(engine=engine, clock=clock)
    store = SqlConversationStore(engine, platform=DM_STORE_PLATFORM)
    surface = build_slack(settings, service, env=build_environment(), dm_store=store)
    surface.port.limits = scaled(LIMITS, scale)  # type: ignore[misc]

    report = tick(engine, clock, platforms=["slack"])
    print(f"{owners} owners; limits scaled x{scale:g}; tick planned {report.enqueued} check-ins")
    cpu = time.process_time()
    sender = outbox_sender(engine, surface.port, clock, scale)
    wave, sent = await send_wave(engine, sender)
    wave_cpu, cpu = time.process_time() - cpu, time.process_time()
    floor = floor_seconds(sent, scale, opens=owners if first_wave else 0)
    stats = wave_stats = await slack.stats()
    throttled = stats["throttled"]
    ratio = wave / floor if floor else math.inf
    print(f"wave: {sent} sent in {wave:.1f} s; floor {floor:.1f} s; ratio {ratio:.3f}")
    print(f"  bot CPU during the wave: {wave_cpu:.1f} s; mock CPU: {stats['cpu']:.1f} s")
    print(f"  429s from the mock during the wave: {throttled or 'none'}")
    assert not stats["violations"], stats["violations"][:3]

    http = TestClient(TestServer(build_web_app([surface]), host="127.0.0.1", port=0))
    await http.start_server()
    planned = answers(slack, await slack.history(), plan, random.Random(5))
    started = time.perf_counter()
    # The runtime keeps draining while people answer: their prompts' edits go out paced.
    edits = asyncio.ensure_future(keep_sending(sender))
    latencies = await reply_all(http, planned)
    sent_all = time.perf_counter()
    # Long enough that "missing" means lost, not late, on a busy machine.
    done = await wait_recorded(engine, owners, timeout=600)
    edits.cancel()
    answers_cpu = time.process_time() - cpu
    counts = recorded(engine)
    twice = [key for key, n in counts.items() if n > 1]
    missing = owners - len(counts)
    print(
        f"answers: {len(planned)} requests ({len(planned) - owners} retries or double clicks) "
        f"in {sent_all - started:.1f} s"
    )
    print(
        f"  ack latency p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms"
    )
    print(
        f"  updates recorded: {sum(counts.values())} in {done - started:.1f} s = "
        f"{sum(counts.values()) / (done - started):.0f}/s (last one {done - sent_all:.2f} s "
        "after the last request)"
    )
    print(f"  exactly once: {'yes' if not twice and not missing else 'NO'} "
          f"({missing} missing, {len(twice)} twice)")  # fmt: skip
    edited = edit_states(engine)
    print(
        f"  prompt edits through the outbox by then: {edited.get('sent', 0)} sent, "
        f"{edited.get('pending', 0) + edited.get('sending', 0)} waiting their turn "
        f"(chat.update allows {50 * scale / 60:.1f}/s)"
    )
    stats = await slack.stats()
    assert not stats["violations"], stats["violations"][:3]
    later = {m: n - throttled.get(m, 0) for m, n in stats["throttled"].items()}
    print(f"  429s from the mock while answering: {later or 'none'}")
    mock_cpu = stats["cpu"] - wave_stats["cpu"]
    print(f"  bot CPU while answering: {answers_cpu:.1f} s; mock CPU: {mock_cpu:.1f} s")
    print(f"  mock: {json.dumps(Counter(stats['calls']).most_common(6))}")
    await http.close()
    await surface.stop()
    await slack.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--owners", type=int, default=5_000)
    parser.add_argument("--scale", type=float, default=20.0)
    parser.add_argument("--first-wave", action="store_true", help="no DM channel known yet")
    parser.add_argument("--postgres", help="a PostgreSQL URL instead of SQLite")
    options = parser.parse_args()
    asyncio.run(
        run(
            options.owners,
            options.scale,
            first_wave=options.first_wave,
            postgres=options.postgres,
        )
    )


if __name__ == "__main__":
    main()

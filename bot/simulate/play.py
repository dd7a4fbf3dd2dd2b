"""A quarter played in seconds: the real tick, outbox and local port under a hand-moved
clock, with simulated owners answering what is delivered to them through the local
workspace, as a person at the page would.

The clock moves an hour at a time, so every timezone's working hours are seen; the engine
sends what fell due within the hour, as it does after any pause. Hours when nobody in the
plan is at work are skipped, and an hour runs the tick only when decide() says it would
plan or settle something and the sender only when a message is due.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from jinja2 import Environment
from sqlalchemy import Engine, func
from sqlmodel import col, select

from bot.local import LocalSurface, build_local
from bot.local.rooms import BOT, PERSON, parse_room
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender, SendReport
from bot.runtime.tick import tick
from bot.service import CommandService
from bot.simulate.answers import PROMPTS, answer_request
from bot.simulate.owners import Habit, answers_this_time, assign_habits
from cadence.calendar import is_working_day, local
from cadence.engine.decide import decide as engine_decide
from cadence.engine.decisions import Decisions
from cadence.engine.state import EngineState
from cadence.health import plan_health
from cadence.view_codec import decode_view
from cadence.views import HealthFigures
from storage import local_repo
from storage.database import transaction
from storage.engine_state import load_engine_state
from storage.plan_cache import PlanCache
from storage.plan_repo import load_plan
from storage.tables.local import LocalMessage
from storage.tables.runtime import ActionRow, OutboxRow

STEP = timedelta(hours=1)
# A week's figures are read on Sunday at 10:00 UTC, when it is still that week's Sunday
# from Auckland to Hawaii, so no owner's period has turned over yet.
FIGURES_AT = timedelta(days=6, hours=10)
ESCALATIONS = ("team_escalation", "manager_escalation")
PROMPT_KINDS = ("checkin", "kpi_review", "quarter_close")


class SimulationError(RuntimeError):
    """The database cannot be simulated on; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class Week:
    """One simulated week as `simulate` prints it."""

    number: int
    starts: datetime
    prompts: int
    answers: int
    escalations: int
    figures: HealthFigures


@dataclass(order=True)
class _Answer:
    at: datetime
    prompt_key: str
    message_id: int
    person: str


class Simulation:
    """The bot and its simulated owners on one database, from `start`."""

    def __init__(self, *, engine: Engine, env: Environment, start: datetime, seed: int) -> None:
        with transaction(engine) as session:
            plan = load_plan(session)
            history = session.exec(select(func.count()).select_from(ActionRow)).one()
        if plan is None:
            raise SimulationError("no plan is stored yet; import one first")
        if history:
            raise SimulationError(
                "this database already has a history; simulate into a fresh one, e.g. "
                "CADENCE_DATABASE_URL=sqlite:///simulated.db cadence-bot simulate"
            )
        self.engine = engine
        self.env = env
        self.clock = ManualClock(start)
        self._seed = seed
        self.local: LocalSurface = build_local(
            engine=engine,
            handler=CommandService(engine=engine, clock=self.clock),
            clock=self.clock,
            env=env,
        )
        self.sender = OutboxSender(
            engine, {"local": self.local.port}, self.clock, rng=random.Random(seed)
        )
        self.habits: dict[str, Habit] = assign_habits(plan.people, rng=random.Random(seed))
        self.measures = {m.key: m for m in plan.measures()}
        self.people = plan.people
        self._last: dict[str, float] = {}
        self._queue: list[_Answer] = []
        self._seen = 0
        self.plans = PlanCache()
        self._answers = 0
        self._state: EngineState | None = None
        self._next_send: datetime | None = None

    async def play(self, weeks: int, on_week: Callable[[Week], None]) -> None:
        """Run `weeks` weeks, reporting each one as it ends."""
        for number in range(1, weeks + 1):
            starts, answers = self.clock.now(), self._answers
            figures = None
            for _ in range(int(timedelta(weeks=1) / STEP)):
                await self._hour()
                if self.clock.now() - starts == FIGURES_AT:
                    figures = self._health()
                self.clock.advance(STEP)
            assert figures is not None  # FIGURES_AT lies inside the week
            on_week(self._week(number, starts, self._answers - answers, figures))

    def final_digests(self) -> list[Any]:
        """The last digest each manager received for each team, as views, by team name
        (message ids follow the order deliveries happened to finish in)."""
        with transaction(self.engine) as session:
            rows = session.exec(
                select(LocalMessage)
                .where(LocalMessage.kind == "digest")
                .order_by(col(LocalMessage.created_at).desc(), col(LocalMessage.id).desc())
            ).all()
        latest: dict[tuple[str, str], Any] = {}
        for row in rows:
            view = decode_view(row.payload or {})
            latest.setdefault((row.conversation, view.team_name), view)
        return [latest[key] for key in sorted(latest, key=lambda k: (k[1], k[0]))]

    async def _hour(self) -> None:
        now = self.clock.now()
        if self._someone_at_work() and self._tick_would_decide(now):
            self._tick()
        if self._next_send is not None and self._next_send <= now:
            report = await self.sender.drain()
            if report.sent:
                self._read_new_prompts()
            if report != SendReport():
                self._wrote()
        while self._queue and self._queue[0].at <= now:
            await self._answer(heapq.heappop(self._queue))
            self._wrote()

    def _tick_would_decide(self, now: datetime) -> bool:
        """Whether a tick now would plan or settle anything, asked of the engine itself
        while nothing was written: the state the last tick read still holds, and decide()
        is the same pure function the tick runs. Most hours plan nothing, and this is
        what makes them cheap. After a write only a tick can tell, and it reads anyway."""
        return self._state is None or not self._decide(self._state, now).empty

    def _tick(self) -> None:
        """The real tick; when it wrote nothing, the state it read is kept for the hours
        after."""
        read: list[EngineState] = []

        def decide(state: EngineState, now: datetime) -> Decisions:
            read.append(state)
            return self._decide(state, now)

        report = tick(self.engine, self.clock, platforms=["local"], decide=decide, plans=self.plans)
        if report.planned or report.missed or report.answered or report.cancelled:
            self._wrote()
        else:
            self._state = read[0] if read else None

    def _wrote(self) -> None:
        """Something was written: the state is read again, and the outbox asked when its
        next message is due."""
        self._state = None
        with transaction(self.engine) as session:
            self._next_send = session.exec(
                select(func.min(OutboxRow.next_attempt_at)).where(OutboxRow.state == "pending")
            ).one()

    def _decide(self, state: EngineState, now: datetime) -> Decisions:
        # As the Runtime does: the plan is decoded and indexed once, not once per tick.
        return engine_decide(state, now, index=self.plans.index(state.plan))

    def _rng_for(self, name: str) -> random.Random:
        # One generator per prompt, so the run does not depend on the order rows arrive.
        return random.Random(f"{self._seed}:{name}")

    def _someone_at_work(self) -> bool:
        # The bot messages people only in their working hours, so an hour when nobody
        # works (a weekend everywhere) needs no tick: the next one catches up.
        now = self.clock.now()
        for person in self.people:
            wall = local(person, now)
            if person.work_start <= wall.time() < person.work_end and is_working_day(
                person, wall.date()
            ):
                return True
        return False

    def _read_new_prompts(self) -> None:
        with transaction(self.engine) as session:
            rows = session.exec(
                select(LocalMessage.id, LocalMessage.conversation, LocalMessage.payload)
                .where(col(LocalMessage.id) > self._seen)
                .where(LocalMessage.author == BOT)
                .where(col(LocalMessage.kind).in_(PROMPT_KINDS))
            ).all()
            newest = session.exec(select(func.max(LocalMessage.id))).one()
        self._seen = max(self._seen, newest or 0)
        for message_id, conversation, payload in rows:
            assert message_id is not None  # stored rows have ids
            kind, person = parse_room(conversation)
            habit = self.habits.get(person)
            view = decode_view(dict(payload or {}))
            if kind != PERSON or habit is None or not isinstance(view, PROMPTS):
                continue
            rng = self._rng_for(view.prompt_key)
            delay = answers_this_time(habit, rng=rng)
            if delay is None:
                continue
            at = self.clock.now() + timedelta(days=delay, hours=rng.uniform(0.5, 6))
            heapq.heappush(self._queue, _Answer(at, view.prompt_key, message_id, person))

    async def _answer(self, answer: _Answer) -> None:
        with transaction(self.engine) as session:
            message = local_repo.get_message(session=session, message_id=answer.message_id)
            view = decode_view(message.payload or {}) if message else None
        if not isinstance(view, PROMPTS):
            return  # answered or replaced in the meantime: nothing left to say
        body = answer_request(
            view,
            measures=self.measures,
            last=self._last,
            client_id=f"sim-{answer.message_id}",
            rng=self._rng_for(f"answer:{view.prompt_key}"),
        )
        if body is not None:
            await self.local.inbox.act(answer.person, body)
            self._answers += 1

    def _health(self) -> HealthFigures:
        now = self.clock.now()
        with transaction(self.engine) as session:
            state = load_engine_state(session, now, plans=self.plans)
        assert state is not None  # the plan was checked at the start
        return plan_health(state, now, index=self.plans.index(state.plan)).figures

    def _week(self, number: int, starts: datetime, answers: int, figures: HealthFigures) -> Week:
        now = self.clock.now()
        with transaction(self.engine) as session:
            sent = session.exec(
                select(OutboxRow.kind, func.count())
                .where(OutboxRow.state == "sent")
                .where(col(OutboxRow.sent_at) >= starts)
                .where(col(OutboxRow.sent_at) < now)
                .group_by(OutboxRow.kind)
            ).all()
        counts = dict(sent)
        return Week(
            number=number,
            starts=starts,
            prompts=sum(counts.get(k, 0) for k in PROMPT_KINDS),
            answers=answers,
            escalations=sum(counts.get(k, 0) for k in ESCALATIONS),
            figures=figures,
        )

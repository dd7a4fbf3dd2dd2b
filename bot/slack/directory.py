"""Matching the plan to the workspace: people to Slack users, teams to joined channels.

Runs when the app starts and again whenever an import moves the plan's `imported_at`.
Matches are stored (storage.slack_people_repo), so routing reads them instead of calling
Slack, and a person already matched from the same plan entry is not looked up again. Whoever
Slack cannot reach gets an `unreachable` row saying what an admin should do; the router
then routes around them and `cadence-bot health` lists them. A failure that may pass (a
rate limit past the client's retries, a network error) leaves the person to the next sync.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiohttp
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlmodel import select

from bot.runtime.clock import Clock
from bot.slack import reach
from bot.slack.errors import TRANSIENT
from bot.slack.workspace import ChannelAccess, SlackWorkspace
from cadence.model import Person, Plan, Team
from storage import slack_people_repo as repo
from storage.database import transaction
from storage.outbox_repo import record_unreachable
from storage.plan_repo import load_plan
from storage.slack_people_repo import SlackMatch
from storage.tables.plan import PlanSettingsRow

PLATFORM = "slack"
# People looked up between two commits: a restart during a long first sync keeps the rest.
BATCH = 200
log = logging.getLogger(__name__)
Found = SlackMatch | str | None  # a match, why they cannot be reached, or try again later
PUT_OFF = "put off"  # a channel check to try again at the next sync


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync did: people matched, people and teams unreachable, lookups put off."""

    matched: int = 0
    unreachable: tuple[str, ...] = ()
    put_off: int = 0


class DirectorySync:
    """Keeps the stored Slack matches and channel memberships in step with the plan."""

    def __init__(
        self, *, engine: Engine, workspace: SlackWorkspace, clock: Clock, concurrency: int = 4
    ) -> None:
        self._engine = engine
        self._workspace = workspace
        self._clock = clock
        self._concurrency = concurrency
        self._stamp: datetime | None = None

    async def ensure_current(self) -> SyncReport | None:
        """Sync if the plan was imported since the last sync (or never synced); else None."""
        stamp = await asyncio.to_thread(self._imported_at)
        if stamp is None or stamp == self._stamp:
            return None
        report = await self.sync()
        self._stamp = stamp
        return report

    async def sync(self) -> SyncReport:
        """Match new or changed people, forget those gone, and join the teams' channels."""
        plan, known = await asyncio.to_thread(self._read)
        if plan is None:
            return SyncReport()
        wanted = [p for p in plan.people if p.slack_id or p.email]
        gone = set(known) - {p.key for p in wanted}
        todo = [p for p in wanted if known.get(p.key) != (p.slack_id, _lower(p.email))]
        slots = asyncio.Semaphore(self._concurrency)

        async def look_up(person: Person) -> Found:
            async with slots:
                return await self._look_up(person)

        matched, unreachable, put_off = 0, [], 0
        await asyncio.to_thread(self._forget, gone)
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            found = await asyncio.gather(*(look_up(p) for p in batch))
            await asyncio.to_thread(self._write_people, batch, found)
            matched += sum(isinstance(f, SlackMatch) for f in found)
            unreachable += [p.key for p, f in zip(batch, found, strict=True) if isinstance(f, str)]
            put_off += sum(f is None for f in found)
        teams = await self._join_channels(plan)
        return SyncReport(matched, (*unreachable, *teams), put_off)

    async def _look_up(self, person: Person) -> Found:
        email = _lower(person.email)
        try:
            user = None
            if person.slack_id:
                user = await self._workspace.find_user(user_id=person.slack_id)
            if user is None and email:
                user = await self._workspace.find_user(email=email)
        except SlackApiError as error:
            code = _code(error)
            if _passing(error, code):
                log.warning("slack: lookup of %s put off: %s", person.key, code)
                return None
            return reach.lookup_refused(code)
        except (TimeoutError, aiohttp.ClientError) as error:
            log.warning("slack: lookup of %s put off: %s", person.key, type(error).__name__)
            return None
        if user is None:
            return (
                reach.no_user_with_id(person)
                if person.slack_id
                else reach.no_user_with_email(email or "")
            )
        if not user.active:
            return reach.deactivated(person, user.user_id)
        return SlackMatch(person.key, user.user_id, user.timezone, person.slack_id, email)

    async def _join_channels(self, plan: Plan) -> list[str]:
        verdicts: list[tuple[Team, str | None]] = []
        for team in plan.teams:
            verdict = await self._channel_verdict(team) if team.slack_channel else PUT_OFF
            if verdict is not PUT_OFF:
                verdicts.append((team, verdict))
        await asyncio.to_thread(self._write_teams, verdicts)
        return [team.key for team, reason in verdicts if reason is not None]

    async def _channel_verdict(self, team: Team) -> str | None:
        """None when the bot is in the team's channel, else why not; PUT_OFF to try later."""
        assert team.slack_channel is not None
        try:
            access = await self._workspace.join_channel(team.slack_channel)
        except SlackApiError as error:
            code = _code(error)
            if _passing(error, code):
                log.warning("slack: channel of %s put off: %s", team.key, code)
                return PUT_OFF
            return reach.channel_refused(team, code)
        except (TimeoutError, aiohttp.ClientError) as error:
            log.warning("slack: channel of %s put off: %s", team.key, type(error).__name__)
            return PUT_OFF
        if access is ChannelAccess.ARCHIVED:
            return reach.channel_archived(team)
        if access is ChannelAccess.NOT_VISIBLE:
            return reach.channel_not_visible(team)
        return None

    def _imported_at(self) -> datetime | None:
        with transaction(self._engine) as session:
            query = select(PlanSettingsRow.imported_at).where(PlanSettingsRow.id == 1)
            return session.exec(query).first()

    def _read(self) -> tuple[Plan | None, dict[str, tuple[str | None, str | None]]]:
        with transaction(self._engine) as session:
            return load_plan(session), repo.matched_by(session=session)

    def _forget(self, keys: set[str]) -> None:
        if keys:
            with transaction(self._engine) as session:
                repo.forget_matches(session=session, person_keys=keys)

    def _write_people(self, people: Sequence[Person], found: Sequence[Found]) -> None:
        now = self._clock.now()
        pairs = list(zip(people, found, strict=True))
        matches = [f for _p, f in pairs if isinstance(f, SlackMatch)]
        with transaction(self._engine) as session:
            repo.save_matches(session=session, matches=matches, now=now)
            repo.forget_refusals(
                session=session, platform=PLATFORM, keys=[m.person_key for m in matches]
            )
            missing = [(p.key, f) for p, f in pairs if isinstance(f, str)]
            repo.forget_matches(session=session, person_keys=[key for key, _ in missing])
            for key, reason in missing:
                record_unreachable(
                    session=session, platform=PLATFORM, recipient_key=key, reason=reason, now=now
                )

    def _write_teams(self, verdicts: Sequence[tuple[Team, str | None]]) -> None:
        now = self._clock.now()
        with transaction(self._engine) as session:
            reachable = [team.key for team, reason in verdicts if reason is None]
            repo.forget_refusals(session=session, platform=PLATFORM, keys=reachable)
            for team, reason in verdicts:
                if reason is not None:
                    record_unreachable(
                        session=session,
                        platform=PLATFORM,
                        recipient_key=team.key,
                        reason=reason,
                        now=now,
                    )


def _passing(error: SlackApiError, code: str) -> bool:
    status = getattr(error.response, "status_code", 200)
    return status == 429 or status >= 500 or code in TRANSIENT


def _code(error: SlackApiError) -> str:
    data = error.response.data
    return str(data.get("error", "")) if isinstance(data, dict) else ""


def _lower(email: str | None) -> str | None:
    return email.lower() if email else None

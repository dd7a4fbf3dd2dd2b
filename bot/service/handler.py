"""The command service: identity, permissions, parsing and recording for every platform.

Each command runs in one transaction; a refusal raised anywhere rolls it back, so a
rejected action changes nothing. Idempotency keys come from the platforms' own ids, so a
retried delivery returns the first result instead of recording twice.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

from bot.runtime.clock import Clock
from bot.service import queries
from bot.service.answers import answer_prompt, grade_objectives, no_change, reply_to_prompts
from bot.service.check_in_now import check_in_now
from bot.service.home import check_answerer, home, open_form
from bot.service.prompt_messages import closed, ended
from bot.service.recording import Entry, read_value, record
from bot.service.refusals import Refused, no_plan, refuse, unknown_person
from bot.service.request import Request
from bot.service.snapshot import ServicePlans
from bot.service.zones import note_reported_zone
from cadence.commands import (
    Command,
    ConfirmNoChange,
    MetricCommand,
    OpenForm,
    OpenHome,
    SnoozePrompt,
    SubmitValues,
    TextMessage,
)
from cadence.engine.lines import person_ref
from cadence.engine.snooze import snooze_until, snoozed_view
from cadence.engine.state import ActionKind
from cadence.metric_command import Verb, parse_metric_command
from cadence.outcomes import Outcome
from cadence.updates import Source
from cadence.views import HelpAnswer, UpdateConfirmation
from messages.period_words import period_label
from storage.database import retry_locked, transaction
from storage.prompt_repo import add_snooze, find_action, sent_prompts
from storage.tables.runtime import ActionRow

# Enough for PostgreSQL's concurrent commands; SQLite writes one at a time anyway.
COMMAND_THREADS = 4
_PLATFORM_NAMES = {"slack": "Slack", "teams": "Teams", "local": "local", "cli": "command line"}
_COMMAND_WORDS = (
    "metric", "/metric", "mine", "help", "?", "health", "silent", "update", "checkin", "check-in",
)  # fmt: skip


# A reply that starts with a number ("1", "$1.2M", "-3%") is a value, never a measure's name.
_VALUE = re.compile(r"^[-+]?[$€£¥]?[-+]?\d")


def _which_measure(request: Request, text: str) -> Refused:
    """A value typed with no prompt open: which measure it is for cannot be guessed."""
    measures = [i.measure for i in request.snapshot.index.measures.values()]
    mine = [m.key for m in measures if m.owner == request.person.key]
    key = (mine or [m.key for m in measures] or ["KEY"])[0]
    example = f"{request.command_word} update {key} {text}".strip()
    return refuse(
        "which_measure",
        f"Which measure is “{text}” for? No check-in is waiting for your answer.",
        f"Name it, for example: {example}. Send `{f'{request.command_word} mine'.strip()}` to "
        "see your measures.",
    )


def _answerable(request: Request) -> list[ActionRow]:
    """What a reply typed in the DM (not in a prompt's thread) answers: the prompts sent
    and unanswered whose period is still open, or else the newest one sent."""
    sent = sent_prompts(request.session, request.person.key)
    return [p for p in sent if not ended(request, p)] or sent[:1]


class CommandService:
    """Implements bot.service_api.CommandHandler."""

    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        decimal_comma: bool | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._decimal_comma = decimal_comma
        self._plans = ServicePlans()
        # Commands run on threads of their own: a burst of answers then queues here, not
        # in front of the outbox sender's and the adapters' short database calls.
        self._threads = ThreadPoolExecutor(COMMAND_THREADS, thread_name_prefix="commands")

    def close(self) -> None:
        """Let the commands under way finish (each is one transaction) and end the
        threads; called when the bot stops, after its surfaces stopped taking requests."""
        self._threads.shutdown(wait=True)

    async def handle(self, command: Command) -> Outcome:
        """Run the command off the event loop: storage calls block."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._threads, retry_locked, lambda: self.handle_now(command)
        )

    def handle_now(self, command: Command) -> Outcome:
        try:
            with transaction(self._engine) as session:
                now = self._clock.now()
                snapshot = self._plans.snapshot(session, now)
                if snapshot is None:
                    raise no_plan()
                person = snapshot.person_for(command.actor)
                if person is None:
                    platform = command.actor.platform
                    raise unknown_person(_PLATFORM_NAMES.get(platform, platform))
                note_reported_zone(session, person, command.actor, now)
                word = "/metric" if command.actor.platform == "slack" else ""
                request = Request(
                    session, snapshot, person, now, word, self._plans, command.actor.platform
                )
                return self._dispatch(request, command)
        except Refused as refusal:
            return Outcome(refusal.reply)

    def _dispatch(self, request: Request, command: Command) -> Outcome:
        match command:
            case MetricCommand():
                return self._metric(request, command.text, command.source, command.idempotency_key)
            case TextMessage():
                return self._text(request, command)
            case SubmitValues():
                prompt = self._answerable(request, command.prompt_key)
                if prompt.kind == ActionKind.QUARTER_CLOSE:
                    return grade_objectives(request, prompt, command)
                return answer_prompt(request, prompt, command, decimal_comma=self._decimal_comma)
            case ConfirmNoChange():
                prompt = self._answerable(request, command.prompt_key)
                return no_change(request, prompt, command)
            case SnoozePrompt():
                return self._snooze(request, command)
            case OpenForm():
                return open_form(request, self._prompt(request, command.prompt_key))
            case OpenHome():
                return Outcome(home(request))
        raise TypeError(f"not a command: {command!r}")

    def _text(self, request: Request, command: TextMessage) -> Outcome:
        words = command.text.strip().split()
        if not words:
            return Outcome(HelpAnswer(command=request.command_word))
        if words[0].lower() in _COMMAND_WORDS:
            return self._metric(request, command.text, command.source, command.idempotency_key)
        prompts = (
            [self._prompt(request, command.prompt_key)]
            if command.prompt_key
            else _answerable(request)
        )
        if not prompts and _VALUE.match(words[0]):
            raise _which_measure(request, command.text.strip())
        if not prompts:
            return self._metric(request, command.text, command.source, command.idempotency_key)
        return reply_to_prompts(request, prompts, command, decimal_comma=self._decimal_comma)

    def _metric(self, request: Request, text: str, source: Source, key: str) -> Outcome:
        intent = parse_metric_command(text)
        match intent.verb:
            case Verb.CHECKIN:
                return check_in_now(request)
            case Verb.HELP:
                return Outcome(HelpAnswer(command=request.command_word))
            case Verb.MINE:
                return Outcome(queries.mine(request))
            case Verb.SILENT:
                return Outcome(queries.silent(request))
            case Verb.HEALTH:
                return Outcome(queries.health(request))
            case Verb.SHOW:
                answer, chart = queries.show(request, intent.query)
                return Outcome(answer, chart_png=chart)
        if not intent.value_text:
            example = f"{request.command_word} update mrr 1.25M closed two renewals".strip()
            raise refuse(
                "usage", "Tell me the measure's key and its new value.", f"For example: {example}"
            )
        measure = queries.find_one(request, intent.query)
        value = read_value(measure, intent.value_text, decimal_comma=self._decimal_comma)
        entry = Entry(measure, value, comment=intent.comment, raw_text=text)
        changes = record(request, [entry], source=source, idempotency_key=key)
        return Outcome(UpdateConfirmation(person_ref(request.person), changes), recorded=1)

    def _prompt(self, request: Request, key: str) -> ActionRow:
        prompt = find_action(request.session, key)
        if prompt is None:
            raise refuse(
                "unknown_prompt",
                "I can't find the check-in you answered; it may be from an older plan.",
                f"Send `{f'{request.command_word} mine'.strip()}` to see what is due.",
            )
        return prompt

    def _answerable(self, request: Request, key: str) -> ActionRow:
        """The prompt, when the actor may answer it; refused before anything is read."""
        prompt = self._prompt(request, key)
        check_answerer(request, prompt)
        return prompt

    def _snooze(self, request: Request, command: SnoozePrompt) -> Outcome:
        prompt = self._answerable(request, command.prompt_key)
        if ended(request, prompt):
            raise closed(request, prompt)
        owner = request.snapshot.index.people.get(prompt.subject, request.person)
        until = snooze_until(request.person, request.now, period=prompt.period, owner=owner)
        if until is None:
            label = period_label(prompt.period)
            raise refuse(
                "snooze_too_late",
                f"{label[:1].upper()}{label[1:]} closes before tomorrow, "
                "so I couldn't remind you then.",
                "Answer now, or choose No change if nothing moved.",
            )
        ends = add_snooze(
            request.session,
            person=request.person.key,
            period=prompt.period,
            prompt_key=prompt.key,
            until=until,
            now=request.now,
        )
        if ends is None or ends <= request.now:
            raise refuse(
                "snooze_used",
                f"You already snoozed once for {period_label(prompt.period)}.",
                "Answer now, or choose No change if nothing moved.",
            )
        return Outcome(snoozed_view(request.person, until=ends, now=request.now))

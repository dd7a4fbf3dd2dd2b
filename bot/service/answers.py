"""Answers to a prompt: a form, "no change", a free-text reply, or quarter-close grades."""

from __future__ import annotations

from bot.service.lines import current_lines
from bot.service.prompt_messages import acted_on, closed, edit_in_place, ended, settle
from bot.service.recording import Entry, read_value, record
from bot.service.refusals import refuse
from bot.service.request import Request
from cadence.commands import ConfirmNoChange, SubmitValues, TextMessage
from cadence.engine.lines import person_ref
from cadence.engine.state import ActionState
from cadence.model import Measure
from cadence.outcomes import Outcome
from cadence.permissions import may_update
from cadence.quantities import QuantityError, parse_quantity
from cadence.units import Unit, UnitKind
from cadence.views import Change, UpdateConfirmation
from messages.replies import AnswerKind, ReplyQuestion, parse_reply
from storage.action_repo import close_actions
from storage.grade_repo import Grade, record_grade
from storage.tables.runtime import ActionRow

GRADE = Unit(UnitKind.RATIO, minimum=0.0, maximum=1.0)


def answer_prompt(
    request: Request, prompt: ActionRow, command: SubmitValues, *, decimal_comma: bool | None
) -> Outcome:
    """A submitted form: every filled field is recorded, or none when one is wrong."""
    entries = []
    for field in command.inputs:
        measure = _measure(request, field.measure_key)
        text = field.text.strip()
        if not text and field.confidence is None:
            continue
        value = read_value(measure, text, decimal_comma=decimal_comma) if text else None
        entries.append(
            Entry(
                measure,
                value,
                field.confidence,
                _clean(field.comment),
                _clean(field.blockers),
                text or None,
            )
        )
    if not entries:
        raise refuse(
            "nothing_to_record",
            "You didn't fill in any value.",
            "Enter at least one value, or choose No change if nothing moved.",
        )
    return _recorded(request, prompt, entries, command)


def no_change(request: Request, prompt: ActionRow, command: ConfirmNoChange) -> Outcome:
    """Re-confirm the last value of every measure the prompt asked about, while its period
    is open: pressed later, it would confirm a period the owner was never asked about."""
    if ended(request, prompt):
        raise closed(request, prompt)
    entries = [Entry(m, None) for m in _measures(request, prompt) if _allowed(request, m)]
    return _recorded(request, prompt, entries, command)


def reply_to_prompts(
    request: Request,
    prompts: list[ActionRow],
    command: TextMessage,
    *,
    decimal_comma: bool | None,
) -> Outcome:
    """A free-text reply to the open prompts, newest first: it may answer measures of any
    of them ("engagement 75" while a KPI review is newer than the check-in), and an
    unreadable or ambiguous one gets a question back and records nothing."""
    asked = list({m.key: m for p in prompts for m in _measures(request, p)}.values())
    lines = current_lines(request, asked)
    parsed = parse_reply(
        command.text, [line for line in lines if line.due] or lines, decimal_comma=decimal_comma
    )
    if isinstance(parsed, ReplyQuestion):
        raise refuse("unclear_reply", parsed.problem, parsed.how)
    entries = [
        Entry(
            _measure(request, a.measure_key),
            a.value if a.kind is AnswerKind.VALUE else None,
            a.confidence,
            a.comment,
            a.blockers,
            command.text,
        )
        for a in parsed.answers
        if a.kind is not AnswerKind.SKIP
    ]
    if not entries:
        return Outcome(UpdateConfirmation(person_ref(request.person), (), tuple(lines)))
    answered = {e.measure.key for e in entries}
    prompt = next((p for p in prompts if not answered.isdisjoint(p.measure_keys)), prompts[0])
    return _recorded(request, prompt, entries, command, asked=asked)


def grade_objectives(request: Request, prompt: ActionRow, command: SubmitValues) -> Outcome:
    """Quarter-close grades, 0.0 to 1.0, one per objective the prompt listed."""
    index, changes = request.snapshot.index, []
    for field in command.inputs:
        key = field.measure_key.removeprefix("grade.")
        objective = index.objectives.get(key)
        text = field.text.strip()
        if objective is None or key not in prompt.measure_keys:
            raise refuse(
                "unknown_objective",
                f"“{key}” is not an objective of this prompt.",
                "Grade the objectives listed in the message.",
            )
        if not text:
            continue
        plan = request.snapshot.plan
        if request.person.key not in (objective.owner, *plan.admins):
            raise refuse(
                "not_allowed",
                f"Only the objective's owner grades “{objective.title}”.",
                "Ask its owner, or a plan admin.",
            )
        try:
            grade = parse_quantity(text, GRADE).value
        except QuantityError as error:
            raise refuse(
                "bad_grade",
                f"{objective.title}: {error}.",
                "A grade is a number from 0 to 1; 0.7 counts as success.",
            ) from None
        record_grade(
            request.session,
            Grade(
                key,
                objective.period,
                grade,
                request.person.key,
                command.source.value,
                request.now,
                _clean(field.comment),
            ),
            idempotency_key=f"{command.idempotency_key}:{key}",
        )
        changes.append(Change(key, objective.title, None, f"{grade:.1f}"))
    if not changes:
        raise refuse(
            "nothing_to_record",
            "You didn't enter any grade.",
            "Give each objective a grade from 0 to 1.",
        )
    close_actions(
        session=request.session, keys=[prompt.key], state=ActionState.ANSWERED, now=request.now
    )
    confirmation = UpdateConfirmation(person_ref(request.person), tuple(changes))
    target = acted_on(
        request, prompt, platform=command.actor.platform, message_ref=command.message_ref
    )
    return Outcome(
        confirmation,
        recorded=len(changes),
        prompt_edit=edit_in_place(request, target, confirmation),
    )


def _recorded(
    request: Request,
    prompt: ActionRow,
    entries: list[Entry],
    command: SubmitValues | ConfirmNoChange | TextMessage,
    *,
    asked: list[Measure] | None = None,
) -> Outcome:
    """Record for the period open now, edit the message acted on, and once the prompt is
    done close it and take the buttons off its other messages. `asked` is what the answer
    covered, when more than this prompt's measures (still due ones are listed back)."""
    changes = record(
        request, entries, source=command.source, idempotency_key=command.idempotency_key
    )
    covered = asked if asked is not None else _measures(request, prompt)
    lines = current_lines(request, covered)
    still_due = tuple(line for line in lines if line.due)
    periods = sorted({request.period_for(e.measure) for e in entries})
    counts_for = tuple(periods) if periods != [prompt.period] else ()
    confirmation = UpdateConfirmation(person_ref(request.person), changes, still_due, counts_for)
    ref = None if isinstance(command, TextMessage) else command.message_ref
    target = acted_on(request, prompt, platform=command.actor.platform, message_ref=ref)
    settle(request, [e.measure for e in entries], view=confirmation, keep=target, lines=lines)
    return Outcome(
        confirmation,
        recorded=len(changes),
        prompt_edit=edit_in_place(request, target, confirmation),
    )


def _measures(request: Request, prompt: ActionRow) -> list[Measure]:
    """The prompt's measures still in the plan."""
    return [m for m in map(request.measure, prompt.measure_keys) if m is not None]


def _measure(request: Request, key: str) -> Measure:
    measure = request.measure(key.removeprefix("value."))
    if measure is None:
        raise refuse(
            "unknown_measure",
            f"“{key}” is not a measure of the plan any more.",
            "The plan changed since you were asked; nothing was recorded.",
        )
    return measure


def _allowed(request: Request, measure: Measure) -> bool:
    return may_update(request.snapshot.plan, person=request.person.key, measure=measure)


def _clean(text: str | None) -> str | None:
    return text.strip() or None if text else None

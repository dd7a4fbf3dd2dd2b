"""Reading an owner's free-text answer to a check-in, or saying exactly what to fix.

One due measure: the whole reply answers it ("42", "4.6 on track", "at risk: waiting on
legal"). Several: one line each, starting with the measure's key or a word only its title
has ("deals: 3", "acv 24k on track"). "no change" and "skip" work for one line or all.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cadence.model import MeasureKind
from cadence.quantities import QuantityError, format_quantity, parse_quantity
from cadence.updates import Confidence
from cadence.views import MeasureLine
from messages.reply_words import NO_CHANGE, SKIP, distinct_words, split_confidence


class AnswerKind(enum.StrEnum):
    VALUE = "value"
    NO_CHANGE = "no_change"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Answer:
    """What the owner said about one measure."""

    measure_key: str
    kind: AnswerKind
    value: float | None = None
    confidence: Confidence | None = None
    comment: str | None = None
    blockers: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedReply:
    """A reply read in full: one answer per measure it mentioned."""

    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class ReplyQuestion:
    """What was wrong with a reply and how to answer; nothing is recorded."""

    problem: str
    how: str
    measure_key: str | None = None


_LINES = re.compile(r"[\n;]+")
_REF = re.compile(r"^\s*(?P<ref>[\w.\-]+)\s*(?:[:=]|\s)\s*(?P<rest>.*)$", re.DOTALL)
_SEPARATOR = re.compile(r"^\s*(?:[:,\-–—(]|because\b|but\b|as\b)\s*", re.IGNORECASE)
_NUMBERISH = re.compile(r"^[-+−(]?\s*(?:[$€£¥₹]|[A-Z]{3}\s)?\s*[-+−]?(?:\d|[.,]\d)")
_EXAMPLE = 'like "deals: 3 on track"'
# After a space, only a thousands group continues a number ("1 200,50"); "42 43" is two.
_GROUP = re.compile(r"\d{3}(?:[.,]\d+)?")


def parse_reply(
    text: str, measures: Sequence[MeasureLine], *, decimal_comma: bool | None = None
) -> ParsedReply | ReplyQuestion:
    """Read a reply to a prompt listing `measures`; a ReplyQuestion when it cannot be read."""
    if not measures:
        return ReplyQuestion(
            "Nothing is waiting for an answer from you right now.", "No reply is needed."
        )
    whole = _phrase(text)
    if whole in NO_CHANGE or whole in SKIP:
        kind = AnswerKind.NO_CHANGE if whole in NO_CHANGE else AnswerKind.SKIP
        return ParsedReply(tuple(Answer(m.key, kind) for m in measures))
    if len(measures) == 1:
        answer = _answer(_strip_ref(text, measures[0]), measures[0], decimal_comma=decimal_comma)
        return answer if isinstance(answer, ReplyQuestion) else ParsedReply((answer,))
    return _several(text, measures, decimal_comma=decimal_comma)


def _several(
    text: str, measures: Sequence[MeasureLine], *, decimal_comma: bool | None
) -> ParsedReply | ReplyQuestion:
    words = distinct_words(measures)
    answers: dict[str, Answer] = {}
    for line in (part.strip() for part in _LINES.split(text)):
        if not line:
            continue
        match = _REF.match(line)
        measure = _find(match["ref"], measures, words) if match else None
        if match is None or measure is None:
            keys = ", ".join(m.key for m in measures[:5])
            return ReplyQuestion(
                f'I couldn\'t tell which measure "{line[:60]}" is for.',
                f"Start each line with the measure's key ({keys}), {_EXAMPLE}.",
            )
        if measure.key in answers:
            return ReplyQuestion(
                f"{measure.title} has two lines.", "Send one line per measure.", measure.key
            )
        answer = _answer(match["rest"], measure, decimal_comma=decimal_comma)
        if isinstance(answer, ReplyQuestion):
            return answer
        answers[measure.key] = answer
    if not answers:
        return ReplyQuestion("That reply was empty.", f"Send one line per measure, {_EXAMPLE}.")
    return ParsedReply(tuple(answers.values()))


def _find(
    ref: str, measures: Sequence[MeasureLine], words: dict[str, MeasureLine]
) -> MeasureLine | None:
    wanted = ref.lower().strip(".-")
    exact = next((m for m in measures if m.key.lower() == wanted), None)
    return exact or words.get(wanted)


def _strip_ref(text: str, measure: MeasureLine) -> str:
    match = _REF.match(text)
    if (
        match
        and _find(match["ref"], [measure], distinct_words([measure]))
        and not _NUMBERISH.match(text)
    ):
        return match["rest"]
    return text


def _answer(
    text: str, measure: MeasureLine, *, decimal_comma: bool | None
) -> Answer | ReplyQuestion:
    body = text.strip()
    said = _phrase(body)
    if said in NO_CHANGE or said in SKIP:
        kind = AnswerKind.NO_CHANGE if said in NO_CHANGE else AnswerKind.SKIP
        return Answer(measure.key, kind)
    value, rest = _quantity(body, measure, decimal_comma=decimal_comma)
    if isinstance(value, ReplyQuestion):
        return value
    confidence, note = split_confidence(rest)
    if confidence is not None and measure.kind is MeasureKind.KPI:
        return ReplyQuestion(
            f"{measure.title} is a KPI, so it takes a value but no confidence.",
            f"Send just the value, {_example(measure)}.",
            measure.key,
        )
    if value is None and confidence is None:
        return ReplyQuestion(
            f'I couldn\'t find a number for {measure.title} in "{body[:60]}".',
            f'Answer with a value, {_example(measure)}, or "no change".',
            measure.key,
        )
    if value is not None and note and _NUMBERISH.match(note):
        return ReplyQuestion(
            f"I see more than one number for {measure.title}.",
            'Send one value; put anything else after a dash, like "3 - two more next week".',
            measure.key,
        )
    note = _SEPARATOR.sub("", note, count=1).strip() or None
    blocker = confidence in (Confidence.AT_RISK, Confidence.OFF_TRACK)
    kind = AnswerKind.VALUE if value is not None else AnswerKind.NO_CHANGE
    return Answer(
        measure.key,
        kind,
        value=value,
        confidence=confidence,
        comment=None if blocker else note,
        blockers=note if blocker else None,
    )


def _quantity(
    body: str, measure: MeasureLine, *, decimal_comma: bool | None
) -> tuple[float | ReplyQuestion | None, str]:
    """The longest leading run of words that reads as a value, and what follows it."""
    if not _NUMBERISH.match(body):
        return None, body
    words = body.split()
    first_error: QuantityError | None = None
    for end in range(len(words), 0, -1):
        if not all(_GROUP.fullmatch(w) or not any(c.isdigit() for c in w) for w in words[1:end]):
            continue
        head = " ".join(words[:end]).rstrip(",;:")
        try:
            parse_quantity(head, decimal_comma=decimal_comma)
        except QuantityError as error:
            first_error = first_error if end > 1 else error
            continue
        try:
            fitted = parse_quantity(head, measure.unit, decimal_comma=decimal_comma)
        except QuantityError as error:
            return _question(error, measure), ""
        return fitted.value, " ".join(words[end:])
    return _question(first_error, measure), ""


def _question(error: QuantityError | None, measure: MeasureLine) -> ReplyQuestion:
    return ReplyQuestion(
        f"For {measure.title}: {error}"
        if error
        else f"I couldn't read a value for {measure.title}.",
        f"Reply again with one value for {measure.title}, {_example(measure)}.",
        measure.key,
    )


def _example(measure: MeasureLine) -> str:
    unit = measure.unit
    sample = max(unit.minimum or 0.0, min(12.0, unit.maximum if unit.maximum is not None else 12.0))
    return f'like "{measure.key}: {format_quantity(sample, unit)}"'


def _phrase(text: str) -> str:
    return re.sub(r"[\s.!]+", " ", text.lower()).strip()

"""Reading an owner's free-text answer to a check-in, or saying exactly what to fix.

One due measure: the whole reply answers it ("42", "4.6 on track", "on track 3", "logos: 1",
"at risk: waiting on legal"). Several: one answer per line or after a `;`, each starting
with the measure's key or words only its title has ("deals: 3; acv 24k on track", "big-deals:
3, acv: 24k"). "no change" and "skip" work for one answer or all.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cadence.model import MeasureKind
from cadence.quantities import QuantityError, parse_quantity
from cadence.updates import Confidence
from cadence.views import MeasureLine
from messages.reply_examples import example_reply, example_value
from messages.reply_words import NO_CHANGE, SKIP, named, split_confidence

# Longer than any set of numbers with a note; a story belongs in the form's comment box.
MAX_REPLY_CHARS = 4000
# A value is a few words at most ("USD 1 200 300.50", "1 h 10 min"), so trying longer
# runs of words only costs time.
MAX_VALUE_WORDS = 6


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
# A label of several words before a colon: "Land 2 logos: 1".
_LABEL = re.compile(r"^\s*(?P<ref>[^\W\d][^:=\n]{0,80}?)\s*[:=]\s*(?P<rest>.*)$", re.DOTALL)
# Where a line moves on to another measure: ", acv: 24k" or ", acv 24k".
_NEXT = re.compile(r",\s*(?P<ref>[^\W\d][\w .\-]{0,60}?)\s*(?:[:=]|\s(?=[-+−(]?\s*[$€£¥₹]?\s*\d))")
_SEPARATOR = re.compile(r"^\s*(?:[:,\-–—(]|because\b|but\b|as\b)\s*", re.IGNORECASE)
_BREAK = re.compile(r"[:,\-–—(]|\b(?:because|but|as)\b", re.IGNORECASE)
_NUMBERISH = re.compile(r"^[-+−(]?\s*(?:[$€£¥₹]|[A-Z]{3}\s)?\s*[-+−]?(?:\d|[.,]\d)")


def parse_reply(
    text: str, measures: Sequence[MeasureLine], *, decimal_comma: bool | None = None
) -> ParsedReply | ReplyQuestion:
    """Read a reply to a prompt listing `measures`; a ReplyQuestion when it cannot be read."""
    if not measures:
        return ReplyQuestion(
            "Nothing is waiting for an answer from you right now.", "No reply is needed."
        )
    if len(text) > MAX_REPLY_CHARS:
        return ReplyQuestion(
            f"That reply is {len(text):,} characters long; I read replies of up to "
            f"{MAX_REPLY_CHARS:,}.",
            f'Send just the numbers, like "{example_reply(measures)}"; a longer note fits in '
            "the comment box of the check-in form.",
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
    answers: dict[str, Answer] = {}
    for segment in _segments(text, measures):
        measure, rest = _split_label(segment, measures)
        if measure is None:
            keys = ", ".join(m.key for m in measures[:5])
            return ReplyQuestion(
                f'I couldn\'t tell which measure "{segment[:60]}" is for.',
                f"Start each answer with the measure's key ({keys}), like "
                f'"{example_reply(measures)}".',
            )
        if measure.key in answers:
            return ReplyQuestion(
                f"{measure.title} has two answers.", "Send one answer per measure.", measure.key
            )
        answer = _answer(rest, measure, decimal_comma=decimal_comma)
        if isinstance(answer, ReplyQuestion):
            return answer
        answers[measure.key] = answer
    if not answers:
        return ReplyQuestion(
            "That reply was empty.",
            f'Send each measure\'s key and value, like "{example_reply(measures)}".',
        )
    return ParsedReply(tuple(answers.values()))


def _segments(text: str, measures: Sequence[MeasureLine]) -> Iterator[str]:
    """One piece of text per answer: each line, split again where it names another measure."""
    for line in _LINES.split(text):
        start = 0
        for match in _NEXT.finditer(line):
            if named(match["ref"], measures) is not None:
                yield line[start : match.start()].strip()
                start = match.start() + 1
        if line[start:].strip():
            yield line[start:].strip()


def _split_label(segment: str, measures: Sequence[MeasureLine]) -> tuple[MeasureLine | None, str]:
    """The measure a segment starts by naming, and the rest of it."""
    if split_confidence(segment)[0] is not None:
        return None, segment
    for pattern in (_LABEL, _REF):
        match = pattern.match(segment)
        measure = named(match["ref"], measures) if match else None
        if match and measure is not None:
            return measure, match["rest"]
    return None, segment


def _strip_ref(text: str, measure: MeasureLine) -> str:
    if _NUMBERISH.match(text):
        return text
    found, rest = _split_label(text, [measure])
    return rest if found is not None else text


def _answer(
    text: str, measure: MeasureLine, *, decimal_comma: bool | None
) -> Answer | ReplyQuestion:
    body = text.strip()
    said = _phrase(body)
    if said in NO_CHANGE or said in SKIP:
        kind = AnswerKind.NO_CHANGE if said in NO_CHANGE else AnswerKind.SKIP
        return Answer(measure.key, kind)
    confidence, after = split_confidence(body)
    if confidence is None:
        value, rest = _quantity(body, measure, decimal_comma=decimal_comma)
        confidence, rest = split_confidence(rest)
    else:
        value, rest = _value_after_confidence(after, measure, decimal_comma=decimal_comma)
    if isinstance(value, ReplyQuestion):
        return value
    if confidence is not None and measure.kind is MeasureKind.KPI:
        return ReplyQuestion(
            f"{measure.title} is a KPI, so it takes a value but no confidence.",
            f'Send just the value, like "{measure.key}: {example_value(measure)}".',
            measure.key,
        )
    if value is None and confidence is None:
        return ReplyQuestion(
            f'I couldn\'t find a number for {measure.title} in "{body[:60]}".',
            f'Answer with a value, like "{example_value(measure)}", or "no change".',
            measure.key,
        )
    if value is not None and _runs_on(rest):
        return ReplyQuestion(
            f'I see more than one number for {measure.title} in "{body[:60]}".',
            f'Send one value; put anything else after a dash, like "{example_value(measure)} '
            '- waiting on legal".',
            measure.key,
        )
    note = _SEPARATOR.sub("", rest, count=1).strip() or None
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


def _value_after_confidence(
    after: str, measure: MeasureLine, *, decimal_comma: bool | None
) -> tuple[float | ReplyQuestion | None, str]:
    """ "on track 3" and "on track: 3" give a value; in "at risk: 3 deals slipped" the
    number belongs to the note."""
    separator = _SEPARATOR.match(after)
    candidate = after[separator.end() :] if separator else after
    value, rest = _quantity(candidate, measure, decimal_comma=decimal_comma)
    if separator and value is not None and rest.strip():
        return None, after
    return value, rest


def _quantity(
    body: str, measure: MeasureLine, *, decimal_comma: bool | None
) -> tuple[float | ReplyQuestion | None, str]:
    """The longest leading run of words that reads as a value, and what follows it."""
    if not _NUMBERISH.match(body):
        return None, body
    words = body.split(maxsplit=MAX_VALUE_WORDS)
    first_error: QuantityError | None = None
    for end in range(min(len(words), MAX_VALUE_WORDS), 0, -1):
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


def _runs_on(rest: str) -> bool:
    """Whether another number follows the value before any separator: "3 or 4", "40 to 45"."""
    head = _BREAK.split(rest, maxsplit=1)[0]
    return any(c.isdigit() for c in head)


def _question(error: QuantityError | None, measure: MeasureLine) -> ReplyQuestion:
    return ReplyQuestion(
        f"For {measure.title}: {error}"
        if error
        else f"I couldn't read a value for {measure.title}.",
        f"Reply again with one value for {measure.title}, like "
        f'"{measure.key}: {example_value(measure)}".',
        measure.key,
    )


def _phrase(text: str) -> str:
    return re.sub(r"[\s.!]+", " ", text.lower()).strip()

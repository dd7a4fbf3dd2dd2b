import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.model import MeasureKind
from cadence.quantities import exact_quantity, format_quantity
from cadence.units import Unit, UnitKind
from cadence.updates import Confidence
from cadence.views import MeasureLine
from messages.replies import Answer, AnswerKind, ParsedReply, ReplyQuestion, parse_reply


def line(key, title, unit, kind=MeasureKind.KEY_RESULT):
    return MeasureLine(key, title, kind, unit)


DEALS = line("deals", "Enterprise deals closed", Unit(UnitKind.COUNT))
USD = Unit(UnitKind.CURRENCY, currency="USD")
ACV = line("acv", "Average contract value", USD)
NPS = line("nps", "Net promoter score", Unit(UnitKind.NUMBER), MeasureKind.KPI)
RATE = line("rate", "Activation rate", Unit(UnitKind.PERCENT))
TTR = line("ttr", "Time to resolve", Unit(UnitKind.DURATION), MeasureKind.KPI)
SCORE = line("csat", "Support satisfaction", Unit(UnitKind.NUMBER, minimum=1, maximum=5))
LOGOS = line("big-logos", "Land 2 logos above 5,000 employees", Unit(UnitKind.COUNT))
BIG_DEALS = line("big-deals", "Close 8 deals over $50K", Unit(UnitKind.COUNT))


def value(key, number, **extra):
    return ParsedReply((Answer(key, AnswerKind.VALUE, value=number, **extra),))


@pytest.mark.parametrize(
    ("text", "measure", "expected"),
    [
        ("42", NPS, value("nps", 42.0)),
        ("42%", RATE, value("rate", 42.0)),
        ("$1.2M", ACV, value("acv", 1_200_000.0)),
        ("1,200.50", NPS, value("nps", 1200.5)),
        ("1.2k", NPS, value("nps", 1200.0)),
        ("-3", NPS, value("nps", -3.0)),
        ("4.6 on track", RATE, value("rate", 4.6, confidence=Confidence.ON_TRACK)),
        ("72h", TTR, value("ttr", 72.0)),
        ("3 days", TTR, value("ttr", 72.0)),
        ("deals: 3", DEALS, value("deals", 3.0)),
        ("3 - two more in legal", DEALS, value("deals", 3.0, comment="two more in legal")),
        (
            "4 off track, pricing pushback",
            DEALS,
            value("deals", 4.0, confidence=Confidence.OFF_TRACK, blockers="pricing pushback"),
        ),
        (
            "at risk: waiting on legal",
            DEALS,
            ParsedReply(
                (
                    Answer(
                        "deals",
                        AnswerKind.NO_CHANGE,
                        confidence=Confidence.AT_RISK,
                        blockers="waiting on legal",
                    ),
                )
            ),
        ),
        ("no change", DEALS, ParsedReply((Answer("deals", AnswerKind.NO_CHANGE),))),
        ("Same as last week.", DEALS, ParsedReply((Answer("deals", AnswerKind.NO_CHANGE),))),
        ("skip", DEALS, ParsedReply((Answer("deals", AnswerKind.SKIP),))),
    ],
)
def test_one_due_measure(text, measure, expected):
    assert parse_reply(text, [measure]) == expected


def test_several_measures_one_line_each_by_key_or_title_word():
    reply = parse_reply("deals: 3\nacv 24k on track\nscore: no change", [DEALS, ACV, NPS])
    assert reply == ParsedReply(
        (
            Answer("deals", AnswerKind.VALUE, value=3.0),
            Answer("acv", AnswerKind.VALUE, value=24_000.0, confidence=Confidence.ON_TRACK),
            Answer("nps", AnswerKind.NO_CHANGE),
        )
    )
    assert parse_reply("contract: 24k", [DEALS, ACV]) == value("acv", 24_000.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on track 3", value("deals", 3.0, confidence=Confidence.ON_TRACK)),
        ("off-track 3", value("deals", 3.0, confidence=Confidence.OFF_TRACK)),
        ("on track: 3", value("deals", 3.0, confidence=Confidence.ON_TRACK)),
        (
            "at risk: 3 deals slipped",
            ParsedReply(
                (
                    Answer(
                        "deals",
                        AnswerKind.NO_CHANGE,
                        confidence=Confidence.AT_RISK,
                        blockers="3 deals slipped",
                    ),
                )
            ),
        ),
    ],
)
def test_confidence_may_come_before_the_value(text, expected):
    assert parse_reply(text, [DEALS]) == expected


def test_a_measure_named_by_its_title_is_not_read_as_its_value():
    assert parse_reply("Land 2 logos: 1", [LOGOS]) == value("big-logos", 1.0)
    assert parse_reply("logos: 1", [LOGOS]) == value("big-logos", 1.0)
    assert parse_reply("Land 2 logos: 1\nClose 8 deals: 7", [LOGOS, BIG_DEALS]) == ParsedReply(
        (
            Answer("big-logos", AnswerKind.VALUE, value=1.0),
            Answer("big-deals", AnswerKind.VALUE, value=7.0),
        )
    )


@pytest.mark.parametrize(
    "text", ["big-deals: 3, acv: 24k", "big-deals 3, acv 24k", "acv: 24k; big-deals: 3"]
)
def test_answers_for_several_measures_on_one_line_are_all_read(text):
    reply = parse_reply(text, [BIG_DEALS, ACV])
    assert isinstance(reply, ParsedReply)
    assert {a.measure_key: (a.value, a.comment) for a in reply.answers} == {
        "big-deals": (3.0, None),
        "acv": (24_000.0, None),
    }


def test_a_comment_after_a_comma_stays_a_comment():
    reply = parse_reply("big-deals: 3, two more in legal", [BIG_DEALS, ACV])
    assert reply == value("big-deals", 3.0, comment="two more in legal")


def test_no_change_or_skip_alone_answers_every_measure():
    reply = parse_reply("no change", [DEALS, ACV])
    assert [a.kind for a in reply.answers] == [AnswerKind.NO_CHANGE, AnswerKind.NO_CHANGE]
    assert [a.kind for a in parse_reply("skip", [DEALS, ACV]).answers] == [AnswerKind.SKIP] * 2


@pytest.mark.parametrize(
    ("text", "measures", "problem", "how"),
    [
        ("30%", [DEALS], "'30%' is a percentage, but this measure is a count", 'like "deals: 12"'),
        ("-3", [DEALS], "whole number of zero or more", "one value for Enterprise deals closed"),
        ("7", [SCORE], "must be at most 5", 'like "csat: 5"'),
        ("1.200,50", [NPS], "ambiguous: did you mean 1200.50?", "one value"),
        ("42 43", [NPS], "more than one number for Net promoter score", "Send one value"),
        (
            "deals: 3 4",
            [DEALS, ACV],
            "more than one number for Enterprise deals closed",
            "Send one value",
        ),
        ("42", [DEALS, ACV], 'which measure "42" is for', "deals, acv"),
        (
            "hello there",
            [DEALS],
            "couldn't find a number for Enterprise deals closed",
            '"no change"',
        ),
        (
            "nps: 40 on track",
            [NPS, DEALS],
            "is a KPI, so it takes a value but no confidence",
            'like "nps: 12"',
        ),
        (
            "deals: 3\ndeals: 4",
            [DEALS, ACV],
            "Enterprise deals closed has two answers",
            "one answer per measure",
        ),
        (
            "$5",
            [RATE],
            "is an amount of money, but this measure is a percentage",
            "Activation rate",
        ),
        ("$1.2M", [TTR], "is an amount of money, but this measure is a duration", "ttr"),
        ("€1.2M", [TTR], "is an amount of money, but this measure is a duration", "ttr"),
        ("1.2M USD", [TTR], "is an amount of money, but this measure is a duration", "ttr"),
        ("42.5.6", [NPS], "'42.5.6' has more than one decimal point", 'like "nps: 12"'),
        ("3 or 4", [DEALS], "more than one number for Enterprise deals closed", "Send one value"),
        ("40 to 45", [NPS], "more than one number for Net promoter score", "Send one value"),
        ("1e308", [DEALS], "too large to be a measure's value", "one value"),
    ],
)
def test_replies_that_need_a_question_back(text, measures, problem, how):
    question = parse_reply(text, measures)
    assert isinstance(question, ReplyQuestion)
    assert problem in question.problem and how in question.how


def test_a_very_long_reply_gets_an_answer_not_a_hang():
    question = parse_reply("3 " + "word " * 8000, [DEALS])
    assert isinstance(question, ReplyQuestion)
    assert "40,002 characters long" in question.problem and "comment box" in question.how
    several = parse_reply("deals: 3\n" * 2000, [DEALS, ACV])
    assert isinstance(several, ReplyQuestion) and "characters long" in several.problem


def test_a_long_note_within_the_limit_is_kept_whole():
    note = " ".join(["word"] * 700)
    assert parse_reply(f"3 - {note}", [DEALS]) == value("deals", 3.0, comment=note)


def test_hints_are_made_from_the_recipients_own_measures():
    owned = [
        MeasureLine("big-logos", "Land 2 logos", MeasureKind.KEY_RESULT, Unit(UnitKind.COUNT), "1"),
        MeasureLine("mrr", "Monthly recurring revenue", MeasureKind.KPI, USD, "$1.05M"),
    ]
    question = parse_reply("hello", owned)
    assert 'like "big-logos: 1 on track; mrr: $1.05M"' in question.how
    assert "deals" not in question.how


def test_a_european_owner_may_use_a_decimal_comma():
    assert parse_reply("1.200,50", [NPS], decimal_comma=True) == value("nps", 1200.5)


def test_nothing_due_is_a_question_not_a_crash():
    assert isinstance(parse_reply("42", []), ReplyQuestion)


UNITS = st.sampled_from(
    [
        Unit(UnitKind.NUMBER),
        Unit(UnitKind.COUNT),
        Unit(UnitKind.PERCENT),
        Unit(UnitKind.CURRENCY, currency="USD"),
        Unit(UnitKind.CURRENCY, currency="SEK"),
        Unit(UnitKind.DURATION),
        Unit(UnitKind.RATIO),
    ]
)


@given(st.text(), st.booleans())
def test_never_crashes_and_never_returns_a_non_finite_value(text, several):
    measures = [DEALS, ACV, NPS] if several else [RATE]
    reply = parse_reply(text, measures)
    assert isinstance(reply, ParsedReply | ReplyQuestion)
    if isinstance(reply, ParsedReply):
        assert all(a.value is None or math.isfinite(a.value) for a in reply.answers)


@given(UNITS, st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_every_exactly_formatted_value_reads_back(unit, number):
    if unit.kind is UnitKind.COUNT:
        number = float(int(number))
    measure = line("m", "Measure", unit)
    reply = parse_reply(exact_quantity(number, unit), [measure])
    assert reply == value("m", number)


@given(UNITS, st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_every_value_people_read_can_be_typed_back(unit, number):
    """Prompts quote the last value as an example answer, so it must read back, rounded."""
    if unit.kind is UnitKind.COUNT:
        number = float(int(number))
    reply = parse_reply(format_quantity(number, unit), [line("m", "Measure", unit)])
    assert isinstance(reply, ParsedReply), reply
    assert reply.answers[0].value == pytest.approx(number, rel=5e-3, abs=ROUNDING[unit.kind])


# Besides three significant figures: whole amounts of money and numbers from a thousand, the
# percent's tenth, the minute.
ROUNDING = {
    UnitKind.NUMBER: 0.5,
    UnitKind.COUNT: 0.0,
    UnitKind.PERCENT: 0.05,
    UnitKind.RATIO: 0.0005,
    UnitKind.CURRENCY: 0.5,
    UnitKind.DURATION: 1 / 120,
}

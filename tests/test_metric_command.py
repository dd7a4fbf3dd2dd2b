import pytest

from cadence.metric_command import Verb, parse_metric_command


@pytest.mark.parametrize(
    ("text", "value", "comment"),
    [
        ("update first-response 70 min", "70 min", None),
        ("update first-response 1 h 10 min slow week", "1 h 10 min", "slow week"),
        ("update mrr 1.2M USD two renewals", "1.2M USD", "two renewals"),
        ("update mrr 1 200 000 fixed", "1 200 000", "fixed"),
        ("update deals 3 closed two in EMEA", "3", "closed two in EMEA"),
        ("update deals 3 4", "3", "4"),
        ("update deals three", "three", None),
    ],
)
def test_the_value_may_take_several_words(text, value, comment):
    intent = parse_metric_command(text)
    assert (intent.verb, intent.query, intent.value_text, intent.comment) == (
        Verb.UPDATE,
        text.split()[1],
        value,
        comment,
    )

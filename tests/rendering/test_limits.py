from samples import views

from messages import limits
from messages.document import normalise
from messages.fit import fit
from messages.slack import blocks_for, render_slack


def test_checks_catch_what_slack_sdk_does_not():
    assert limits.slack_message_problems(
        {"text": "x" * 40_001, "blocks": [{"type": "divider"}] * 51}
    ) == [
        "51 blocks; a message holds 50",
        "text is 40001 characters; limit 40000",
    ]
    modal = {"title": {"text": "x" * 25}, "private_metadata": "m" * 3001, "blocks": []}
    assert len(limits.slack_modal_problems(modal)) == 2
    assert limits.teams_card_problems({"body": ["x" * 28_000]})
    assert limits.slack_message_problems(
        {
            "text": "t",
            "blocks": [
                {"type": "actions", "block_id": "a", "elements": [{"action_id": "x" * 256}]}
            ],
        }
    ) == ["action_id 'xxxxxxxxxxxxxxxxxxxx'… over 255"]


def test_long_text_is_split_into_sections_and_fields_into_tens(env):
    long = "\n".join(f"line {i} " + "w" * 90 for i in range(100))
    blocks = blocks_for(
        normalise([{"text": long}, {"fields": [{"label": "a", "value": "b"}] * 23}], where="t")
    )
    sections = [b for b in blocks if "text" in b]
    assert len(sections) == 4 and all(len(b["text"]["text"]) <= 3000 for b in sections)
    assert "line 99" in sections[-1]["text"]["text"]
    assert [len(b["fields"]) for b in blocks if "fields" in b] == [10, 10, 3]


def test_header_and_button_text_are_clipped(env):
    message = render_slack(views(1, title="t" * 400)[8], env)
    assert len(message["blocks"][0]["text"]["text"]) == 150
    assert message["blocks"][0]["text"]["text"].endswith("…")


def test_fit_keeps_the_most_items_that_fit():
    document = normalise(
        [
            {"header": "h"},
            {
                "group": {
                    "noun": ["thing", "things"],
                    "items": [[{"text": str(i)}] for i in range(30)],
                }
            },
        ],
        where="t",
    )
    kept = fit(document, fits=lambda els: len(els) <= 12)
    assert len(kept) == 12 and kept[-1]["text"] == "…and 20 more things"


def test_checks_catch_long_fields_context_sections_and_headers():
    def field(n):
        return {"type": "mrkdwn", "text": "f" * n}

    message = {
        "text": "t",
        "blocks": [
            {"type": "section", "fields": [field(2000), field(2500)]},
            {"type": "context", "elements": [field(5000)]},
            {"type": "context", "elements": [field(1)] * 11},
            {"type": "section", "text": field(3001)},
            {"type": "header", "text": {"type": "plain_text", "text": "h" * 151}},
            {"type": "section", "fields": [field(1)] * 11},
        ],
    }
    assert limits.slack_message_problems(message) == [
        "block 0: field 1 is 2500 characters; limit 2000",
        "block 1: context element 0 is 5000 characters; limit 3000",
        "block 2: 11 context elements; limit 10",
        "block 3: section text is 3001 characters; limit 3000",
        "block 4: header is 151 characters; limit 150",
        "block 5: 11 fields; a section holds 10",
    ]
    modal = {"title": {"text": "t"}, "blocks": message["blocks"][:2]}
    assert len(limits.slack_modal_problems(modal)) == 2


def test_rendered_fields_and_context_stay_within_their_limits(env):
    long = "x" * 5000
    blocks = blocks_for(
        normalise([{"context": long}, {"fields": [{"label": "a", "value": long}]}], where="t")
    )
    assert limits.slack_message_problems({"text": "t", "blocks": blocks}) == []

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

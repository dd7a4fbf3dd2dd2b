import json
import re
from pathlib import Path

import pytest
import yaml
from samples import ANA, NO_IDS, views
from validate import slack_message

from cadence.views import PersonRef
from messages.markup import sanitize
from messages.plain import render_text
from messages.slack import render_slack
from messages.slack_text import literal
from messages.teams import literal as teams_literal
from messages.teams import markdown, render_teams

HOSTILE = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "messages" / "hostile.yaml").read_text()
)
SLACK_CONTROL = re.compile(r"<[!@#]|<https?:|<mailto:")
# A markdown link whose brackets no backslash made literal.
TEAMS_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")


def _slack_strings(message: dict) -> list[str]:
    found = [message["text"]]

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message["blocks"])
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_typed_text_never_becomes_a_slack_mention_link_or_format(env, text):
    evil = PersonRef("evil", text, slack_id="U0REAL", teams_id="29:real")
    for view in views(2, person=evil, title=text, text=text):
        message = render_slack(view, env)
        slack_message(message)
        for mrkdwn in _slack_strings(message):
            stripped = re.sub(r"<@(U0REAL|U0BEN|U\d{6})>", "", mrkdwn)
            assert not SLACK_CONTROL.search(stripped), mrkdwn
            assert "U0EVIL>" not in stripped
    blocks = json.dumps(render_slack(views(1, title=text)[0], env)["blocks"], ensure_ascii=False)
    shown = [literal(sanitize(text)), sanitize(text)]
    assert any(json.dumps(s, ensure_ascii=False)[1:-1] in blocks for s in shown)


def test_slack_formatting_marks_in_typed_text_cannot_pair():
    shown = literal("*bold* _it_ ~s~ `c` <!channel> a&b http://x")
    assert re.findall(r"[*_~`]", shown) and not re.search(
        r"(?<!\u200b)[*_~`]|[*_~`](?!\u200b)", shown
    )
    assert "<" not in shown and "&amp;" in shown and "://" not in shown


@pytest.mark.parametrize("text", HOSTILE)
def test_typed_text_never_becomes_teams_markup_or_a_mention(env, card_schema, text):
    evil = PersonRef("evil", "Eve", slack_id="U0REAL", teams_id="29:real")
    for view in views(2, person=evil, title=text, text=text):
        card = render_teams(view, env)
        ids = {e["mentioned"]["id"] for e in card["msteams"].get("entities", [])}
        assert ids <= {"29:real", "29:ben-aad", "29:1", "29:0"}
        blob = "\n".join(_teams_markdown(card["body"]))
        assert not TEAMS_LINK.search(blob), blob
        assert "{{DATE" not in blob
        assert "<at>Ana" not in blob


def _teams_markdown(node) -> list[str]:
    """Every string Teams reads as markdown: TextBlock text and FactSet values."""
    if isinstance(node, list):
        return [s for item in node for s in _teams_markdown(item)]
    if not isinstance(node, dict):
        return []
    found = [node["text"]] if node.get("type") == "TextBlock" else []
    found += [f["value"] for f in node.get("facts", [])]
    return found + [s for value in node.values() for s in _teams_markdown(value)]


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_shows_what_was_typed(env, text):
    view = views(1, text=text)[-1]
    shown = render_text(view, env)
    visible = re.sub("[\x00-\x08\x0b-\x1f\ue000-\ue002]", "", text)
    assert visible in shown


def test_mentions_come_only_from_ids(env):
    view = views(1, person=ANA)[5]
    message = render_slack(view, env)
    assert "<@U0BEN>" in message["blocks"][0]["text"]["text"]
    assert "<@U0ANA>" in message["blocks"][0]["text"]["text"]
    card = render_teams(view, env)
    assert "<at>Ben Okafor</at>" in card["body"][0]["text"]
    assert {
        "type": "mention",
        "text": "<at>Ben Okafor</at>",
        "mentioned": {"id": "29:ben-aad", "name": "Ben Okafor"},
    } in card["msteams"]["entities"]


def test_a_person_without_ids_is_named_not_mentioned(env):
    view = views(1, person=NO_IDS)[5]
    assert "Cy Local" in render_slack(view, env)["blocks"][0]["text"]["text"]
    card = render_teams(view, env)
    assert "Cy Local" in card["body"][0]["text"]
    assert all(e["mentioned"]["name"] != "Cy Local" for e in card["msteams"]["entities"])


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("7.2%", "7.2%"),
        ("46.5% → 90%", "46.5% → 90%"),
        ("3.0 on average, 3 at most", "3.0 on average, 3 at most"),
        ("1. first", "1\\. first"),
        ("10) tenth", "10\\) tenth"),
        ("- item", "\\- item"),
        ("# title", "\\# title"),
        ("a\n2. b", "a\n2\\. b"),
        (
            "*bold* _it_ [link](https://x) <at>Ana</at> `c`",
            ("\\*bold\\* \\_it\\_ \\[link\\](https://x) \\<at\\>Ana\\</at\\> \\`c\\`"),
        ),
        ("C:\\temp", "C:\\\\temp"),
    ],
)
def test_teams_escapes_only_what_its_markdown_would_misread(typed, shown):
    assert teams_literal(typed) == shown


def test_a_teams_list_marker_counts_only_at_the_start_of_a_line(env):
    facts = {"*Release* 1. ready": "**Release** 1. ready", "1. *first*": "1\\. **first**"}
    for markup, shown in facts.items():
        assert markdown(markup, {}) == shown
    card = render_teams(views(1)[11], env)
    values = [f["value"] for b in card["body"] if b["type"] == "FactSet" for f in b["facts"]]
    assert "2.4 on average, 6 at most" in values and not any("\\" in v for v in values)


def test_slack_image_alt_text_is_the_plain_words(env):
    answer = views(1, title="Revenue *net* of_refunds")[8]
    (image,) = [b for b in render_slack(answer, env)["blocks"] if b["type"] == "image"]
    assert image["alt_text"] == "Revenue *net* of_refunds over time"

"""The Teams card validator accepts exactly the documented Teams extensions: a validator
that waves bad cards through would let every rendering test pass on a card Teams refuses."""

import copy

import jsonschema
import pytest
from validate import teams_card

CARD = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [
        {"type": "TextBlock", "text": "Silent this week:", "wrap": True},
        {
            "type": "Container",
            "items": [{"type": "TextBlock", "text": "<at>Ben Okafor</at>, 2 days", "wrap": True}],
        },
    ],
    "msteams": {
        "width": "Full",
        "entities": [
            {
                "type": "mention",
                "text": "<at>Ben Okafor</at>",
                "mentioned": {"id": "29:ben-teams-id", "name": "Ben Okafor"},
            }
        ],
    },
}


def _entity(card):
    return card["msteams"]["entities"][0]


BAD = {
    "width Banana": lambda c: c["msteams"].update(width="Banana"),
    "width 42": lambda c: c["msteams"].update(width=42),
    "unknown msteams key": lambda c: c["msteams"].update(theme="dark"),
    "msteams a list": lambda c: c.update(msteams=[]),
    "entities an object": lambda c: c["msteams"].update(entities={}),
    "entity with an extra key": lambda c: _entity(c).update(evil={"x": 1}),
    "entity without text": lambda c: _entity(c).pop("text"),
    "entity not a mention": lambda c: _entity(c).update(type="hashtag"),
    "entity text not a tag": lambda c: _entity(c).update(text="Ben Okafor"),
    "entity without mentioned": lambda c: _entity(c).pop("mentioned"),
    "mentioned with an extra key": lambda c: _entity(c)["mentioned"].update(role="admin"),
    "mentioned without a name": lambda c: _entity(c)["mentioned"].pop("name"),
    "mentioned with an empty id": lambda c: _entity(c)["mentioned"].update(id=""),
    "msteams inside a TextBlock": lambda c: c["body"][0].update(msteams={"width": "Full"}),
    "unknown top-level key": lambda c: c.update(foo=1),
}


def test_a_card_with_a_mention_it_shows_is_valid(card_schema):
    teams_card(copy.deepcopy(CARD), card_schema)


def test_a_card_without_teams_extensions_is_valid(card_schema):
    plain = {k: v for k, v in CARD.items() if k != "msteams"}
    teams_card(copy.deepcopy(plain), card_schema)


@pytest.mark.parametrize("mutate", BAD.values(), ids=BAD.keys())
def test_anything_else_is_rejected(card_schema, mutate):
    card = copy.deepcopy(CARD)
    mutate(card)
    with pytest.raises(jsonschema.ValidationError):
        teams_card(card, card_schema)


def test_a_mention_whose_text_the_card_never_shows_is_rejected(card_schema):
    card = copy.deepcopy(CARD)
    _entity(card).update(text="<at>Zed</at>")
    with pytest.raises(AssertionError, match="appears nowhere"):
        teams_card(card, card_schema)


def test_a_card_over_the_size_limit_is_rejected(card_schema):
    card = copy.deepcopy(CARD)
    card["body"].append({"type": "TextBlock", "text": "x" * 30_000})
    with pytest.raises(AssertionError):
        teams_card(card, card_schema)


def test_a_mention_in_a_fact_value_is_shown(card_schema):
    card = copy.deepcopy(CARD)
    card["body"][1] = {
        "type": "FactSet",
        "facts": [{"title": "Owner", "value": "<at>Ben Okafor</at>"}],
    }
    teams_card(card, card_schema)

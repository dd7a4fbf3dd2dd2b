"""Bot messages drawn as HTML for the local page: every kind, escaped, with its form."""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rendering"))

from samples import ANA, views

from bot.local.render import render_html
from cadence.model import MeasureKind
from cadence.units import Unit, UnitKind
from cadence.views import CheckinPrompt, MeasureLine, PersonRef
from messages.environment import build_environment

ENV = build_environment()
KINDS = [type(v).__name__ for v in views(1)]
_VOID = {"input", "hr", "img", "br"}


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("index", range(len(KINDS)), ids=KINDS)
def test_every_kind_renders_balanced_html(index: int) -> None:
    html = render_html(views(3)[index], ENV)
    parser = _Balance()
    parser.feed(html)
    assert parser.open == [] and "".join(parser.text).strip()
    assert "None" not in "".join(parser.text)


def test_a_prompt_is_a_form_with_the_fields_and_buttons_cards_have() -> None:
    prompt = next(v for v in views(2) if isinstance(v, CheckinPrompt))
    html = render_html(prompt, ENV)
    assert html.startswith('<form class="prompt"')
    key = prompt.measures[0].key
    assert f'name="value.{key}"' in html and f'name="confidence.{key}"' in html
    assert 'name="comment"' in html and 'name="blockers"' in html
    assert f'data-action="checkin.update" data-prompt="{prompt.prompt_key}" data-form="yes"' in html
    assert ">Save</button>" in html and 'data-action="checkin.no_change"' in html


def test_typed_and_plan_text_stays_text() -> None:
    hostile = '<script>alert(1)</script> *not bold* "quoted"'
    line = MeasureLine(
        key='k"><img src=x>', title=hostile, kind=MeasureKind.KEY_RESULT, unit=Unit(UnitKind.COUNT)
    )
    view = CheckinPrompt("p1", PersonRef("x", "<b>Eve</b>"), "2026-W48", (line,), on_behalf_of=ANA)
    html = render_html(view, ENV)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x>" not in html and "&lt;b&gt;Eve&lt;/b&gt;" in html
    assert "*not bold*" in html
    assert '<span class="mention">@&lt;b&gt;Eve&lt;/b&gt;</span>' in html

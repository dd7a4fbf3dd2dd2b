"""The escalation ladder in a YAML plan, for the plan or one team:

    escalation: {nudge: 1, team: 2, manager: off}

Each step is working days after the prompt, or `off`; a step left out keeps the default."""

from __future__ import annotations

from yaml.nodes import Node

from cadence.model import Ladder
from cadence.planfile.issues import Place
from cadence.planfile.yaml_reader import Reader

LADDER_STEPS = ("nudge", "team", "manager")
_MAX_DAYS = 20
_OFF = "off"


def read_ladder(reader: Reader, node: Node | None, place: Place) -> Ladder | None:
    """The ladder written at `node` over the default ladder; None when absent or wrong."""
    if node is None:
        return None
    fields = reader.mapping(node, place, allowed=LADDER_STEPS)
    if fields is None:
        return None
    steps: dict[str, int | None] = {}
    ok = True
    for name in LADDER_STEPS:
        text = reader.text(fields.get(name), fields.at(name))
        if text is None:
            continue
        if text.strip().lower() == _OFF:
            steps[name] = None
        elif text.strip().isdigit() and int(text) <= _MAX_DAYS:
            steps[name] = int(text)
        else:
            reader.issues.error(
                fields.at(name), f"'{text}' is not a number of working days (0-{_MAX_DAYS}) or off"
            )
            ok = False
    if not ok:
        return None
    default = Ladder()
    return Ladder(
        nudge=steps.get("nudge", default.nudge),
        team=steps.get("team", default.team),
        manager=steps.get("manager", default.manager),
    )

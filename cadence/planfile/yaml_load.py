"""A whole YAML plan file: its top-level sections, read into a Draft and finished."""

from __future__ import annotations

from cadence.model import Ladder
from cadence.planfile.draft import Draft, finish
from cadence.planfile.issues import Issues, Place, PlanLoad
from cadence.planfile.yaml_cadence import read_cadences, read_digest_to
from cadence.planfile.yaml_ladder import read_ladder
from cadence.planfile.yaml_measures import read_kpis, read_objectives
from cadence.planfile.yaml_nodes import compose
from cadence.planfile.yaml_people import read_admins, read_people, read_teams
from cadence.planfile.yaml_reader import Reader

SECTIONS = (
    "admins", "cadences", "escalation", "digest", "people", "teams", "objectives", "kpis"
)  # fmt: skip


def load_yaml_text(text: str, *, file: str = "plan.yaml") -> PlanLoad:
    """Read a YAML plan; `file` is the name issues are reported against."""
    issues = Issues(file)
    composed = compose(text, issues)
    draft = Draft(issues)
    if composed is None:
        return finish(draft)
    root, loader = composed
    reader = Reader(issues, loader)
    top = reader.mapping(root, Place(1, ""), allowed=SECTIONS)
    if top is None:
        return finish(draft)
    read_people(reader, draft, top.get("people"), top.at("people"))
    read_teams(reader, draft, top.get("teams"), top.at("teams"))
    read_admins(reader, draft, top.get("admins"), top.at("admins"))
    draft.cadences.update(read_cadences(reader, top.get("cadences"), top.at("cadences")))
    draft.ladder = read_ladder(reader, top.get("escalation"), top.at("escalation")) or Ladder()
    draft.digest_to = read_digest_to(reader, top.get("digest"), top.at("digest")) or draft.digest_to
    read_objectives(reader, draft, top.get("objectives"), top.at("objectives"))
    read_kpis(reader, draft, top.get("kpis"), top.at("kpis"))
    return finish(draft)

"""The `objectives:` (with their key results) and `kpis:` sections of a YAML plan."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode

from cadence import limits
from cadence.model import Direction, KeyResult, Kpi, MeasureKind, Objective, Thresholds
from cadence.planfile import values
from cadence.planfile.directions import settle_direction
from cadence.planfile.draft import Draft
from cadence.planfile.issues import Place
from cadence.planfile.unit_spec import infer_unit
from cadence.planfile.yaml_cadence import read_cadence
from cadence.planfile.yaml_nodes import STR_TAG, Fields
from cadence.planfile.yaml_reader import Reader
from cadence.units import Unit

OBJECTIVE_FIELDS = ("key", "title", "team", "owner", "period", "private", "key_results")
KR_FIELDS = (
    "key", "title", "owner", "baseline", "target", "unit", "direction", "weight", "cadence",
    "private",
)  # fmt: skip
KPI_FIELDS = (
    "key", "title", "team", "owner", "target", "thresholds", "direction", "unit", "cadence",
    "private",
)  # fmt: skip
NO_OWNER = "is required: every measure needs one named person who is asked for it"


def read_objectives(reader: Reader, draft: Draft, node: Node | None, place: Place) -> None:
    """Every objective and its key results, in file order."""
    for item, here in reader.items(node, place):
        fields = reader.mapping(item, here, allowed=OBJECTIVE_FIELDS)
        if fields is None:
            continue
        key = reader.key(fields.get("key"), fields.at("key")) or ""
        draft.claim("objective", key, place=here, key_place=fields.at("key"))
        owner = reader.key(fields.get("owner"), fields.at("owner"))
        team = reader.key(fields.get("team"), fields.at("team"))
        krs = [
            _key_result(reader, draft, kr_node, kr_place, objective=key)
            for kr_node, kr_place in reader.items(
                fields.get("key_results"), fields.at("key_results")
            )
        ]
        draft.objectives.append(
            Objective(
                key=key,
                title=_title(reader, fields),
                team=draft.team(team, fields.at("team")),
                owner=draft.person(owner, fields.at("owner")),
                period=reader.parsed(
                    fields.get("period"), fields.at("period"), values.check_period, required=True
                )
                or "",
                key_results=tuple(kr for kr in krs if kr is not None),
                private=reader.flag(fields.get("private"), fields.at("private")),
            )
        )


def read_kpis(reader: Reader, draft: Draft, node: Node | None, place: Place) -> None:
    """Every KPI, in file order."""
    for item, here in reader.items(node, place):
        fields = reader.mapping(item, here, allowed=KPI_FIELDS)
        if fields is None:
            continue
        key = reader.key(fields.get("key"), fields.at("key")) or ""
        draft.claim(MeasureKind.KPI, key, place=here, key_place=fields.at("key"))
        unit = _unit(reader, fields, numbers=("target",))
        thresholds = _thresholds(reader, fields, unit)
        target = reader.number(fields.get("target"), fields.at("target"), unit=unit)
        team = reader.key(fields.get("team"), fields.at("team"))
        draft.kpis.append(
            Kpi(
                key=key,
                title=_title(reader, fields),
                team=draft.team(team, fields.at("team")),
                owner=_owner(reader, draft, fields),
                unit=unit,
                target=target,
                thresholds=thresholds,
                direction=_direction(
                    reader, fields,
                    start=("amber", thresholds.amber if thresholds else None),
                    end=("green", thresholds.green if thresholds else None),
                ),
                private=reader.flag(fields.get("private"), fields.at("private")),
                cadence=read_cadence(reader, fields.get("cadence"), fields.at("cadence")),
            )
        )  # fmt: skip


def _key_result(
    reader: Reader, draft: Draft, node: Node, place: Place, *, objective: str
) -> KeyResult | None:
    fields = reader.mapping(node, place, allowed=KR_FIELDS)
    if fields is None:
        return None
    key = reader.key(fields.get("key"), fields.at("key")) or ""
    draft.claim(MeasureKind.KEY_RESULT, key, place=place, key_place=fields.at("key"))
    unit = _unit(reader, fields, numbers=("baseline", "target"))
    baseline = reader.number(fields.get("baseline"), fields.at("baseline"), unit=unit)
    target = reader.number(fields.get("target"), fields.at("target"), unit=unit)
    weight = reader.number(fields.get("weight"), fields.at("weight"), unit=Unit(minimum=0))
    if weight is not None:
        weight = reader.check(weight, fields.at("weight"), values.check_weight)
    return KeyResult(
        key=key,
        title=_title(reader, fields),
        objective=objective,
        owner=_owner(reader, draft, fields),
        unit=unit,
        baseline=baseline,
        target=target,
        direction=_direction(reader, fields, start=("baseline", baseline), end=("target", target)),
        weight=1.0 if weight is None else weight,
        private=reader.flag(fields.get("private"), fields.at("private")),
        cadence=read_cadence(reader, fields.get("cadence"), fields.at("cadence")),
    )


def _title(reader: Reader, fields: Fields) -> str:
    return (
        reader.text(fields.get("title"), fields.at("title"), required=True, limit=limits.TITLE)
        or ""
    )


def _owner(reader: Reader, draft: Draft, fields: Fields) -> str:
    if fields.get("owner") is None:
        reader.issues.error(fields.at("owner"), NO_OWNER)
        return ""
    return draft.person(reader.key(fields.get("owner"), fields.at("owner")), fields.at("owner"))


def _unit(reader: Reader, fields: Fields, *, numbers: tuple[str, ...]) -> Unit:
    """The unit as written, or as the numbers announce it ("30%", "$1.2M")."""
    if fields.get("unit") is not None:
        return reader.unit(fields.get("unit"), fields.at("unit")) or Unit()
    nodes = [fields.get(name) for name in numbers]
    thresholds = fields.get("thresholds")
    if isinstance(thresholds, MappingNode):
        nodes += [value for _, value in thresholds.value]
    return infer_unit(n.value for n in nodes if isinstance(n, ScalarNode) and n.tag == STR_TAG)


def _thresholds(reader: Reader, fields: Fields, unit: Unit) -> Thresholds | None:
    node = fields.get("thresholds")
    if node is None:
        return None
    inner = reader.mapping(node, fields.at("thresholds"), allowed=("green", "amber"))
    if inner is None:
        return None
    green = reader.number(inner.get("green"), inner.at("green"), unit=unit)
    amber = reader.number(inner.get("amber"), inner.at("amber"), unit=unit)
    for name, value in (("green", green), ("amber", amber)):
        if value is None and inner.get(name) is None:
            reader.issues.error(inner.at(name), "is required: thresholds need both green and amber")
    return None if green is None or amber is None else Thresholds(green=green, amber=amber)


def _direction(
    reader: Reader,
    fields: Fields,
    *,
    start: tuple[str, float | None],
    end: tuple[str, float | None],
) -> Direction:
    written = reader.field(fields, "direction", parse=values.parse_direction)
    try:
        return settle_direction(written, start=start, end=end)
    except ValueError as exc:
        reader.issues.error(fields.at("direction"), str(exc))
        return written or Direction.UP

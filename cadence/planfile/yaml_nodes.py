"""Reading YAML as a tree of nodes that remember their line, so every error can name it."""

from __future__ import annotations

from collections.abc import Sequence

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cadence.planfile.issues import Issues, Place, did_you_mean

# libyaml's loader composes a large plan about ten times faster, with the same line marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML = "tag:yaml.org,2002:"
NULL_TAG = _YAML + "null"
STR_TAG = _YAML + "str"
# What plain YAML resolves by itself; `!!binary`, `!!python/...` or `!local` tags ask for a
# type a plan has no use for, and reading them as text would hide that.
_PLAIN_TAGS = frozenset(
    _YAML + name
    for name in ("null", "bool", "int", "float", "str", "timestamp", "map", "seq", "merge")
)


def line_of(node: Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1


def compose(text: str, issues: Issues) -> tuple[Node, SafeConstructor] | None:
    """The document's root node and the loader that can type its scalars, or None."""
    try:
        loader = _LOADER(text)
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        issues.error(
            Place(text.count("\n", 0, exc.position) + 1, ""),
            f"this is not valid YAML: it holds the character #x{exc.character:04x}, "
            "which YAML does not allow",
        )
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        if line is not None and "\t" in text.split("\n", line)[line - 1]:
            problem += " (a tab: YAML indents with spaces)"
        issues.error(Place(line, ""), f"this is not valid YAML: {problem}")
        return None
    except yaml.YAMLError as exc:
        issues.error(Place(None, ""), f"this is not valid YAML: {exc}")
        return None
    if root is None:
        issues.error(Place(1, ""), "the file is empty; a plan needs at least `people:`")
        return None
    return root, loader


def plain_tag(node: Node, place: Place, issues: Issues) -> bool:
    """True when the node is tagged as plain YAML types it; otherwise an error."""
    if node.tag in _PLAIN_TAGS:
        return True
    shown = "!!" + node.tag.removeprefix(_YAML) if node.tag.startswith(_YAML) else node.tag
    issues.error(place, f"the tag '{shown}' has no place in a plan; write the value without it")
    return False


def is_null(node: Node | None) -> bool:
    """True when a node is missing or written as an empty value / `null`."""
    return node is None or (isinstance(node, ScalarNode) and node.tag == NULL_TAG)


class Fields:
    """A mapping's fields by name, with duplicate and unknown names already reported."""

    def __init__(
        self, node: MappingNode, place: Place, *, allowed: Sequence[str] | None, issues: Issues
    ) -> None:
        self.place = place
        self.nodes: dict[str, Node] = {}
        self.key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            here = Place(line_of(key_node), place.path)
            if not isinstance(key_node, ScalarNode):
                issues.error(here, "a field name must be a plain word, not a list or mapping")
                continue
            if not plain_tag(key_node, here, issues):
                continue
            name = key_node.value
            if name in self.nodes:
                first = self.key_lines[name]
                issues.error(
                    here.field(name),
                    f"'{name}' appears twice in this mapping (first on line {first}); "
                    "YAML would silently keep only the last",
                )
                continue
            if allowed is not None and name not in allowed:
                issues.error(
                    here.field(name), f"unknown field '{name}'{did_you_mean(name, allowed)}"
                )
                continue
            self.nodes[name] = value_node
            self.key_lines[name] = line_of(key_node)

    def get(self, name: str) -> Node | None:
        """The value node of a field, or None when it is absent or null."""
        node = self.nodes.get(name)
        return None if is_null(node) else node

    def at(self, name: str) -> Place:
        """The place of a field: its own line when present, the mapping's when absent."""
        return self.place.field(name, self.key_lines.get(name))


def as_mapping(
    node: Node, place: Place, issues: Issues, *, allowed: Sequence[str] | None
) -> Fields | None:
    """A mapping node's fields, or None (and an error) when the node is not a mapping."""
    if not plain_tag(node, place, issues):
        return None
    if not isinstance(node, MappingNode):
        issues.error(place, f"expected a mapping of fields, got {describe(node)}")
        return None
    return Fields(node, place, allowed=allowed, issues=issues)


def as_list(node: Node, place: Place, issues: Issues) -> list[tuple[Node, Place]]:
    """A sequence node's items with their places; an error and no items when it is not one."""
    if not plain_tag(node, place, issues):
        return []
    if not isinstance(node, SequenceNode):
        issues.error(place, f"expected a list, got {describe(node)}")
        return []
    return [(item, place.item(i, line_of(item))) for i, item in enumerate(node.value)]


def describe(node: Node) -> str:
    """How a node looks to a person reading the file, for error messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"'{node.value}'"

"""A small valid plan to break one line at a time; line numbers below are the file's."""

from cadence.planfile import PlanLoad, load_yaml_text

BASE = """\
people:
  ana:
    name: Ana
    email: ana@example.com
  ben:
    name: Ben
    slack_id: U0BEN
teams:
  sales:
    name: Sales
    managers: [ana]
objectives:
  - key: grow
    title: Grow
    team: sales
    owner: ana
    period: 2026-Q4
    key_results:
      - key: deals
        title: Close deals
        owner: ben
        unit: count
        baseline: 0
        target: 8
      - key: acv
        title: Lift ACV
        owner: ana
        unit: {currency: USD}
        baseline: "$18K"
        target: "$30K"
kpis:
  - key: mrr
    title: MRR
    team: sales
    owner: ana
    unit: {currency: USD}
    target: "$1.2M"
    thresholds: {green: "$1.2M", amber: "$1.1M"}
"""


def with_lines(changes: dict[int, str | None]) -> str:
    """BASE with numbered lines replaced (None deletes the line)."""
    lines = BASE.splitlines()
    for number in sorted(changes, reverse=True):
        if changes[number] is None:
            del lines[number - 1]
        else:
            lines[number - 1] = str(changes[number])
    return "\n".join(lines) + "\n"


def load(text: str) -> PlanLoad:
    """Load YAML text as `plan.yaml`."""
    return load_yaml_text(text, file="plan.yaml")


def errors(text: str) -> list[str]:
    """Every error, as printed."""
    return [str(e) for e in load(text).errors]

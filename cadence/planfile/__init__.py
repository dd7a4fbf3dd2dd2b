"""Plan files: YAML and CSV read into a `cadence.model.Plan`, with every problem placed.

`load_plan` refuses a plan with any error (and lists them all); lint warnings come back
alongside an accepted plan. `dump_plan_yaml` writes a plan that loads back equal.
"""

from __future__ import annotations

from pathlib import Path

from cadence.planfile.bulk import paused_gc
from cadence.planfile.csv_load import load_csv_text
from cadence.planfile.dump import dump_plan_yaml
from cadence.planfile.issues import PlanIssue, PlanLoad, Severity
from cadence.planfile.yaml_load import load_yaml_text

__all__ = [
    "PlanIssue",
    "PlanLoad",
    "Severity",
    "dump_plan_yaml",
    "load_csv_text",
    "load_plan",
    "load_yaml_text",
    "paused_gc",
]

_READERS = {".yaml": load_yaml_text, ".yml": load_yaml_text, ".csv": load_csv_text}


def load_plan(path: Path) -> PlanLoad:
    """Read a plan file, choosing YAML or CSV by its suffix."""
    file = str(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        return _refused(file, f"plan files end in .yaml, .yml or .csv, not '{path.suffix}'")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _refused(file, f"cannot be read: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return _refused(
            file, "is not UTF-8 text; save it as UTF-8 (in Excel: CSV UTF-8)", line=line
        )
    with paused_gc():
        return reader(text, file=file)


def _refused(file: str, message: str, *, line: int | None = None) -> PlanLoad:
    issue = PlanIssue(file, line, "", message)
    return PlanLoad(None, [issue], [])

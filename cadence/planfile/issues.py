"""What loading a plan file found wrong: issues that name a file, a line and a field."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from cadence.model import Plan


class Severity(enum.StrEnum):
    """An error refuses the plan; warnings (and strong ones) are shown but accepted."""

    ERROR = "error"
    WARNING = "warning"
    STRONG = "strong"


@dataclass(frozen=True, slots=True)
class PlanIssue:
    """One problem at one place, printed the way compilers print them."""

    file: str
    line: int | None
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class PlanLoad:
    """The result of loading a plan: the plan only when there are no errors."""

    plan: Plan | None
    errors: list[PlanIssue]
    warnings: list[PlanIssue]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a value sits: its line (1-based) and its dotted field path."""

    line: int | None
    path: str

    def field(self, name: str, line: int | None = None) -> Place:
        """The place of a named field below this one."""
        path = f"{self.path}.{name}" if self.path else name
        return Place(self.line if line is None else line, path)

    def item(self, index: int, line: int | None = None) -> Place:
        """The place of a list item below this one."""
        return Place(self.line if line is None else line, f"{self.path}[{index}]")


@dataclass(slots=True)
class Issues:
    """Collects every issue found in one file, so none is hidden behind the first."""

    file: str
    found: list[PlanIssue] = field(default_factory=list)

    def error(self, place: Place, message: str) -> None:
        """Record a problem that refuses the plan."""
        self.found.append(PlanIssue(self.file, place.line, place.path, message))

    def warn(self, place: Place, message: str, *, strong: bool = False) -> None:
        """Record a problem that is shown but does not refuse the plan."""
        severity = Severity.STRONG if strong else Severity.WARNING
        self.found.append(PlanIssue(self.file, place.line, place.path, message, severity))

    @property
    def errors(self) -> list[PlanIssue]:
        return [i for i in self.found if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[PlanIssue]:
        return [i for i in self.found if i.severity is not Severity.ERROR]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix when a close choice exists, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""

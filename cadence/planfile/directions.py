"""Which way a measure should move: as written, or as its numbers say, never both disagreeing."""

from __future__ import annotations

from cadence.model import Direction
from cadence.quantities import format_quantity
from cadence.units import Unit


def settle_direction(
    written: Direction | None,
    *,
    start: tuple[str, float | None],
    end: tuple[str, float | None],
) -> Direction:
    """The direction from `start` (baseline, or amber) towards `end` (target, or green).

    Omitted, it is read from the numbers; written, it must agree with them.
    """
    (start_name, low), (end_name, high) = start, end
    if low is None or high is None or low == high:
        return written or Direction.UP
    moves = Direction.UP if high > low else Direction.DOWN
    if written is not None and written is not moves:
        side = "below" if moves is Direction.DOWN else "above"
        raise ValueError(
            f"is '{written}', but the {end_name} {format_quantity(high, Unit())} is {side} "
            f"the {start_name} {format_quantity(low, Unit())}"
        )
    return moves

"""Timezones and countries: where a person is, for working hours and public holidays."""

from __future__ import annotations

import functools
import zoneinfo

import holidays

from cadence.planfile.issues import did_you_mean


@functools.cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def _countries() -> dict[str, list[str]]:
    return holidays.list_supported_countries()


def check_timezone(text: str) -> str:
    """An IANA timezone name such as Europe/London."""
    name = text.strip()
    if name not in _timezones():
        hint = did_you_mean(name, _timezones())
        raise ValueError(f"'{text}' is not an IANA timezone like Europe/London{hint}")
    return name


def check_country(text: str) -> str:
    """An ISO 3166 country code that the holidays calendar knows."""
    code = text.strip().upper()
    if code not in _countries():
        raise ValueError(
            f"'{text}' is not a country code with a holiday calendar; use ISO codes like GB, US, IN"
        )
    return code


def check_subdivision(text: str, *, country: str) -> str:
    """A state/region code of the country, for regional public holidays."""
    code = text.strip().upper()
    known = _countries().get(country, [])
    if code not in known:
        listed = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
        raise ValueError(
            f"'{text}' is not a subdivision of {country}"
            + (f"; it has {listed}" if known else "; it has none")
        )
    return code

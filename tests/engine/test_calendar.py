from datetime import UTC, date, datetime, time, timedelta

from builders import at, person
from hypothesis import given
from hypothesis import strategies as st

from cadence.calendar import (
    add_working_days,
    at_local,
    first_working_day,
    is_working_day,
    last_working_week,
    local,
    next_messageable,
    public_holidays,
    scheduled_at,
    working_moment_in,
)
from cadence.model import Absence
from cadence.periods import iso_week, month
from cadence.schedule import CadenceSpec, Every

BERLIN = person("ann", "Europe/Berlin", country="DE")
LA = person("bob", "America/Los_Angeles", country="US")
TOKYO = person("cy", "Asia/Tokyo", country="JP")


def test_nine_local_stays_nine_local_across_dst_changes():
    assert at_local(BERLIN, date(2026, 10, 19), time(9)) == at("2026-10-19 07:00")
    assert at_local(BERLIN, date(2026, 10, 26), time(9)) == at("2026-10-26 08:00")
    assert at_local(LA, date(2026, 10, 26), time(9)) == at("2026-10-26 16:00")
    assert at_local(LA, date(2026, 11, 2), time(9)) == at("2026-11-02 17:00")
    assert at_local(TOKYO, date(2026, 11, 2), time(9)) == at("2026-11-02 00:00")
    lord_howe = person("lh", "Australia/Lord_Howe")  # a 30-minute shift on 4 Oct 2026
    assert at_local(lord_howe, date(2026, 9, 28), time(9)) == at("2026-09-27 22:30")
    assert at_local(lord_howe, date(2026, 10, 5), time(9)) == at("2026-10-04 22:00")


def test_next_messageable_waits_for_hours_days_and_holidays():
    inside = at("2026-11-25 10:00")  # Wednesday 11:00 in Berlin
    assert next_messageable(BERLIN, inside) == inside
    assert next_messageable(BERLIN, at("2026-11-25 17:00")) == at("2026-11-26 08:00")
    assert next_messageable(BERLIN, at("2026-11-28 10:00")) == at("2026-11-30 08:00")  # Sat
    # Labor Day, Monday 7 September 2026: Los Angeles is next asked on Tuesday.
    assert next_messageable(LA, at("2026-09-07 12:00")) == at("2026-09-08 16:00")


def test_subdivision_holidays_apply_only_there():
    bavaria = person("d", "Europe/Berlin", country="DE", subdivision="BY")
    epiphany = date(2026, 1, 6)
    assert not is_working_day(bavaria, epiphany)
    assert is_working_day(BERLIN, epiphany)
    assert public_holidays("DE", "BY", 2026) is public_holidays("DE", "BY", 2026)


def test_away_days_are_skipped_only_when_asked():
    away = person("e", "UTC", away=(Absence(date(2026, 11, 30), date(2026, 12, 1)),))
    monday = at("2026-11-30 09:00")
    assert next_messageable(away, monday) == monday
    assert next_messageable(away, monday, skip_away=True) == at("2026-12-02 09:00")


def test_working_days_are_added_on_the_persons_calendar():
    friday = at("2026-09-04 16:00")  # 09:00 in Los Angeles
    assert add_working_days(LA, friday, 1) == at("2026-09-08 16:00")  # over Labor Day
    assert add_working_days(LA, friday, 4) == at("2026-09-11 16:00")
    # Over the DST change the wall clock is kept: Friday 30 Oct 09:00 PDT -> Monday 09:00 PST.
    assert add_working_days(LA, at("2026-10-30 16:00"), 1) == at("2026-11-02 17:00")


def test_first_working_day_of_month_and_last_working_week_of_quarter():
    assert first_working_day(BERLIN, month(date(2026, 11, 17))) == date(2026, 11, 2)
    assert first_working_day(LA, month(date(2027, 1, 20))) == date(2027, 1, 4)
    # Q4 2026 ends Thursday 31 Dec; 25 and 26 Dec are holidays in Germany.
    assert last_working_week(BERLIN, date(2026, 11, 1)) == date(2026, 12, 24)
    assert last_working_week(person("f"), date(2026, 11, 1)) == date(2026, 12, 25)
    four_days = person("g", working_days=frozenset({0, 1, 2, 3}))
    assert last_working_week(four_days, date(2026, 11, 1)) == date(2026, 12, 28)


# hypothesis takes naive bounds and adds the zone from `timezones`
moments = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
zones = st.sampled_from(
    ["Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Australia/Lord_Howe"]
)


@given(moment=moments, zone=zones, days=st.frozensets(st.integers(0, 6), min_size=1))
def test_next_messageable_is_the_first_working_moment(moment, zone, days):
    who = person("h", zone, country="DE", working_days=days)
    found = next_messageable(who, moment)
    wall = local(who, found)
    assert found >= moment
    assert is_working_day(who, wall.date())
    assert who.work_start <= wall.time() < who.work_end
    if found > moment:  # nothing earlier qualified: it is the start of a working day
        assert wall.time() == who.work_start or wall.date() == local(who, moment).date()


@given(moment=moments, zone=zones, n=st.integers(1, 6))
def test_adding_working_days_moves_forward_by_that_many(moment, zone, n):
    who = person("i", zone, country="US")
    found = add_working_days(who, moment, n)
    start, end = local(who, moment).date(), local(who, found).date()
    between = [start + timedelta(days=d) for d in range(1, (end - start).days + 1)]
    assert sum(is_working_day(who, d) for d in between) >= n


def test_a_moment_off_work_moves_to_the_nearest_working_moment_of_its_week():
    week = iso_week(date(2026, 12, 7))  # 2026-W50
    friday_four = at_local(BERLIN, date(2026, 12, 11), time(16))
    mon_to_thu = person("m", "Europe/Berlin", working_days=frozenset({0, 1, 2, 3}))
    assert working_moment_in(mon_to_thu, friday_four, week, end_of_period=True) == at_local(
        mon_to_thu, date(2026, 12, 10), time(16)
    )
    # With nothing left after Friday in the week, a prompt takes Thursday too.
    assert working_moment_in(mon_to_thu, friday_four, week) == at_local(
        mon_to_thu, date(2026, 12, 10), time(16)
    )
    early = person("e", "Europe/Berlin", work_start=time(8), work_end=time(15))
    assert working_moment_in(early, friday_four, week, end_of_period=True) == at_local(
        early,
        date(2026, 12, 11),
        time(14),  # an hour before they leave
    )
    # A prompt prefers the next working moment: Friday 16:00 -> Monday is next week, so
    # the check-in of someone leaving at 15:00 comes at 14:00; 07:00 waits for 08:00.
    assert working_moment_in(early, friday_four, week) == at_local(
        early, date(2026, 12, 11), time(14)
    )
    seven = at_local(early, date(2026, 12, 7), time(7))
    assert working_moment_in(early, seven, week) == at_local(early, date(2026, 12, 7), time(8))
    assert working_moment_in(BERLIN, friday_four, week) == friday_four


def test_the_nz_christmas_friday_digest_moves_to_thursday():
    auckland = person("nz", "Pacific/Auckland", country="NZ")
    week = iso_week(date(2026, 12, 21))
    spec = CadenceSpec(Every.WEEK, weekday=4, hour=16)
    assert scheduled_at(auckland, spec, week, end_of_period=True) == at_local(
        auckland, date(2026, 12, 24), time(16)
    )


def test_only_a_period_without_any_working_moment_keeps_the_literal_moment():
    mondays = person("mo", "America/Los_Angeles", country="US", working_days=frozenset({0}))
    labor_day_week = iso_week(date(2026, 9, 7))
    spec = CadenceSpec(Every.WEEK, weekday=4, hour=16)
    literal = at_local(mondays, date(2026, 9, 11), time(16))
    assert working_moment_in(mondays, literal, labor_day_week, end_of_period=True) is None
    assert scheduled_at(mondays, spec, labor_day_week, end_of_period=True) == literal
    # Any other week, the Friday digest comes on their Monday.
    assert scheduled_at(mondays, spec, iso_week(date(2026, 9, 14)), end_of_period=True) == (
        at_local(mondays, date(2026, 9, 14), time(16))
    )


@given(
    moment=moments,
    zone=zones,
    days=st.frozensets(st.integers(0, 6), min_size=1),
    end_of_period=st.booleans(),
)
def test_the_moment_found_is_working_time_inside_the_period(moment, zone, days, end_of_period):
    who = person("j", zone, country="DE", working_days=days)
    week = iso_week(local(who, moment).date())
    found = working_moment_in(who, moment, week, end_of_period=end_of_period)
    if found is None:
        assert not any(is_working_day(who, week.start + timedelta(days=d)) for d in range(7))
        return
    wall = local(who, found)
    assert wall.date() in week and is_working_day(who, wall.date())
    assert who.work_start <= wall.time() < who.work_end
    later = next_messageable(who, moment)
    if found != moment:
        assert later != moment  # only a moment off work moves
    if not end_of_period and local(who, later).date() in week:
        assert found == later  # a prompt takes the next working moment when the week has one
    if end_of_period and found > moment:
        assert found == later  # nothing earlier in the week was working time

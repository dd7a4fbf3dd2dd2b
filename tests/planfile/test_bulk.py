import gc

import pytest

from cadence import planfile
from cadence.planfile import load_plan, paused_gc


def test_loading_pauses_the_collector_and_resumes_it(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setitem(planfile._READERS, ".yaml", lambda text, file: seen.append(gc.isenabled()))
    plan = tmp_path / "plan.yaml"
    plan.write_text("people: {}\n")
    assert gc.isenabled()
    load_plan(plan)
    assert seen == [False] and gc.isenabled()


def test_a_collector_that_was_off_stays_off_and_errors_resume_it():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError
    assert gc.isenabled()

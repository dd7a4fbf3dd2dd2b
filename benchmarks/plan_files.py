"""Plan files on the binder plan's shape (33,000 measures across 8,000 objectives and 2,000
owners): `plan validate`, `plan import`, a re-import of the unchanged file, a re-import after
edits, and `plan export`, each as its own `cadence-bot` process, timed with its peak memory.

Run: .venv/bin/python benchmarks/plan_files.py [postgres]
(with an argument, on PostgreSQL too: CADENCE_TEST_POSTGRES_URL, as the tests use)
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
# Runs one command in this process and reports its peak memory: VmHWM (KiB) is this
# process's own, where ru_maxrss would start from the benchmark's.
_RUN = (
    "import sys\n"
    "from bot.cli.main import app\n"
    "code = 0\n"
    "try:\n"
    "    app(sys.argv[1:], prog_name='cadence-bot')\n"
    "except SystemExit as exit:\n"
    "    code = exit.code\n"
    "status = open('/proc/self/status').read()\n"
    "print(status.split('VmHWM:')[1].split()[0], file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def cadence_bot(*args: str, url: str) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (steadier on a shared machine) and peak MiB of one
    `cadence-bot` command; fails loudly when it fails."""
    start, before = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        env={**os.environ, "CADENCE_DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds, cpu = time.perf_counter() - start, _children_cpu() - before
    if done.returncode != 0:
        raise SystemExit(f"cadence-bot {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds, cpu, int(done.stderr.split()[-1]) // 1024


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def write_plan(path: Path) -> int:
    """The binder plan as a YAML file; returns its number of measures."""
    from engine import binder_state

    from cadence.planfile import dump_plan_yaml

    plan = binder_state(random.Random(7), NOW).plan
    path.write_text(dump_plan_yaml(plan), encoding="utf-8")
    return len(plan.measures())


def edited(path: Path, into: Path) -> None:
    """The same file with one title in every hundred changed: an ordinary re-import."""
    lines = path.read_text(encoding="utf-8").splitlines()
    titles = [i for i, line in enumerate(lines) if line.lstrip().startswith("title: KR ")]
    for i in titles[::100]:
        lines[i] += " (edited)"
    into.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(url: str, folder: Path) -> None:
    print(url.split("?")[0])
    plan, changed = folder / "binder.yaml", folder / "binder-edited.yaml"
    # Written by a process of its own, so that this one stays small.
    written = subprocess.run(
        [sys.executable, __file__, "--write", str(plan)], capture_output=True, check=True
    )
    edited(plan, changed)
    size = plan.stat().st_size / 2**20
    print(f"  {int(written.stdout):,} measures, {size:.1f} MiB of YAML")
    steps = (
        ("plan validate", ("plan", "validate", str(plan))),
        ("plan import (empty database)", ("plan", "import", str(plan))),
        ("plan import (unchanged file)", ("plan", "import", str(plan))),
        ("plan import (1% of titles edited)", ("plan", "import", str(changed))),
        ("plan export", ("plan", "export", "-o", str(folder / "exported.yaml"))),
        ("cadence-bot --help", ("--help",)),
    )
    for label, args in steps:
        seconds, cpu, peak = cadence_bot(*args, url=url)
        print(f"  {label:<36} {seconds:7.2f} s  {cpu:7.2f} s CPU  {peak:5d} MiB peak")


def main() -> None:
    if sys.argv[1:2] == ["--write"]:
        print(write_plan(Path(sys.argv[2])))
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        run(f"sqlite:///{folder / 'bench.db'}", folder)
        if len(sys.argv) > 1:
            sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
            from databases import postgres_schema  # the tests' private-schema helper

            with postgres_schema() as postgres:
                run(postgres, folder)


if __name__ == "__main__":
    main()

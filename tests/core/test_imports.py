"""The rooms stay apart (STYLE.md): the domain imports no chat SDK, database, web server,
scheduler, template engine or plotting library, even indirectly; each chat SDK is imported
by its own adapter only, so moving to a successor SDK (botbuilder-python is archived) is a
change of one adapter."""

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "cadence", "storage", "messages")
NOT_IN_THE_DOMAIN = frozenset(
    {
        "slack_bolt", "slack_sdk", "botbuilder", "botframework", "msrest", "sqlmodel",
        "sqlalchemy", "aiohttp", "jinja2", "apscheduler", "matplotlib",
    }
)  # fmt: skip
ONLY_IN = {
    "botbuilder": "bot/teams",
    "botframework": "bot/teams",
    "msrest": "bot/teams",
    "slack_bolt": "bot/slack",
    "slack_sdk": "bot/slack",
}


def imported_roots(source: str) -> set[str]:
    """The top-level packages a module's source imports, wherever the import statement is
    (a function-level import counts too)."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_the_walker_sees_every_form_of_import():
    source = "from slack_sdk.web import WebClient\nimport os, jinja2.sandbox\n"
    source += "def later():\n    import botbuilder.core\n    from . import sibling\n"
    assert imported_roots(source) == {"slack_sdk", "os", "jinja2", "botbuilder"}


def test_no_domain_module_imports_an_adapter_library():
    found = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path.read_text()) & NOT_IN_THE_DOMAIN)
        for path in modules("cadence")
    }
    assert {where: roots for where, roots in found.items() if roots} == {}


def test_importing_the_whole_domain_pulls_in_no_adapter_library_indirectly():
    """In a fresh interpreter, so what the tests themselves imported does not count."""
    script = (
        "import importlib, json, pkgutil, sys, cadence\n"
        "for found in pkgutil.walk_packages(cadence.__path__, 'cadence.'):\n"
        "    importlib.import_module(found.name)\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(done.stdout))
    assert "cadence" in loaded
    assert loaded & NOT_IN_THE_DOMAIN == set()


def test_each_chat_sdk_is_imported_by_its_own_adapter_only():
    misplaced = {}
    for path in (path for package in PACKAGES for path in modules(package)):
        where = path.relative_to(ROOT).as_posix()
        roots = imported_roots(path.read_text())
        wrong = sorted(
            r for r, home in ONLY_IN.items() if r in roots and not where.startswith(home + "/")
        )
        if wrong:
            misplaced[where] = wrong
    assert misplaced == {}, "only bot/slack may import Slack's SDK, only bot/teams botbuilder"

"""Which Slack Web API methods the bot's code calls, read from the code itself."""

from __future__ import annotations

import ast
import inspect
import re
from functools import cache
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient

BOT = Path(__file__).resolve().parents[2] / "bot"
# Called by Bolt and Socket Mode themselves, not by the bot's code: the bot token's own
# check, and opening the Socket Mode connection with the app-level token.
FRAMEWORK_METHODS = {"auth.test", "apps.connections.open"}
WEB_CLIENT_METHODS = {
    n for n, f in vars(AsyncWebClient).items() if inspect.iscoroutinefunction(f) and "_" in n
}


def web_api_methods(name: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """The Web API methods one AsyncWebClient method calls (files_upload_v2 is three)."""
    source = inspect.getsource(getattr(AsyncWebClient, name))
    called = set(re.findall(r'api_call\(\s*"([^"]+)"', source))
    for inner in set(re.findall(r"self\.(\w+)\(", source)) - seen - {name}:
        if inner in WEB_CLIENT_METHODS:
            called |= web_api_methods(inner, seen | {name})
    return called


@cache
def methods_the_code_calls() -> dict[str, frozenset[str]]:
    """Every Web API method reached from a `<something>client.<method>(...)` call in bot/,
    with the files that call it: read from the code, so a new call cannot be missed."""
    found: dict[str, set[str]] = {}
    for path in sorted(BOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = ast.unparse(node.func.value)
            if owner.lower().endswith("client") and node.func.attr in WEB_CLIENT_METHODS:
                for method in web_api_methods(node.func.attr):
                    found.setdefault(method, set()).add(str(path.relative_to(BOT.parent)))
    return {method: frozenset(files) for method, files in found.items()}

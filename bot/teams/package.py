"""The Teams app package an admin uploads: manifest plus icons, zipped at the root.

The manifest in bot/teams/app/ names the bot by a `{{MICROSOFT_APP_ID}}` placeholder;
the package fills it in, since Teams refuses a manifest whose bot id is not a GUID.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from importlib.resources import files

PLACEHOLDER = "{{MICROSOFT_APP_ID}}"
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
ICONS = ("color.png", "outline.png")


def app_package(app_id: str) -> bytes:
    """The zip for this bot's app id; ValueError when the id is not a GUID."""
    if not _GUID.fullmatch(app_id or ""):
        raise ValueError(
            f"MICROSOFT_APP_ID must be the bot's Microsoft App ID (a GUID), got {app_id!r}"
        )
    app = files("bot.teams") / "app"
    manifest = json.loads((app / "manifest.json").read_text().replace(PLACEHOLDER, app_id))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2) + "\n")
        for name in ICONS:
            archive.writestr(name, (app / name).read_bytes())
    return buffer.getvalue()

"""The app package an admin uploads to Teams."""

import io
import json
import re
import struct
import zipfile
from pathlib import Path

import pytest
from fake_channel import APP_ID

from bot.teams.inbound import text_command
from bot.teams.package import app_package
from cadence.commands import Actor, MetricCommand

DOCS = Path(__file__).resolve().parents[2] / "docs" / "teams.md"
MANIFEST = Path(__file__).resolve().parents[2] / "bot" / "teams" / "app" / "manifest.json"


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_package_names_this_bot_and_carries_both_icons():
    files = unpack(app_package(APP_ID))
    assert set(files) == {"manifest.json", "color.png", "outline.png"}
    manifest = json.loads(files["manifest.json"])
    (bot,) = manifest["bots"]
    assert manifest["id"] == bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal", "team"]
    assert "{{" not in files["manifest.json"].decode()
    sizes = {
        name: struct.unpack(">II", files[name][16:24]) for name in ("color.png", "outline.png")
    }
    assert sizes == {"color.png": (192, 192), "outline.png": (32, 32)}


@pytest.mark.parametrize("app_id", ["", "my-bot", f"{APP_ID}x"])
def test_an_app_id_that_is_not_a_guid_is_refused(app_id):
    with pytest.raises(ValueError, match="MICROSOFT_APP_ID"):
        app_package(app_id)


def test_every_command_the_manifest_suggests_is_understood():
    manifest = json.loads(MANIFEST.read_text())
    titles = [c["title"] for c in manifest["bots"][0]["commandLists"][0]["commands"]]
    actor = Actor("teams", "someone")
    for title in titles:
        command = text_command(title, actor=actor, key="k", in_channel=False)
        assert isinstance(command, MetricCommand), title


def test_the_documented_manifest_is_the_shipped_one():
    block = re.search(r"```json\n(.*?)```", DOCS.read_text(), re.S)
    assert block is not None and json.loads(block.group(1)) == json.loads(MANIFEST.read_text())

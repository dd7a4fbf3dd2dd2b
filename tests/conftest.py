import ipaddress
import json
import socket
import sys
from pathlib import Path

import pytest

# Test helpers (databases.py) import by name. No test folder is named like a package of
# the project (a folder on the path would shadow it as a namespace package), and the
# repository root goes first all the same.
TESTS = Path(__file__).resolve().parent
sys.path[:0] = [str(TESTS.parent), str(TESTS)]

from databases import migrated  # noqa: E402 (needs the path above)

# The official Adaptive Card 1.5 schema: where CI keeps it beside the checkout (issue 6),
# else the copy in the repository.
CARD_SCHEMAS = (
    TESTS.parents[1] / "shared" / "schemas" / "adaptive-card-1.5.json",
    TESTS / "fixtures" / "schemas" / "adaptive-card-1.5.json",
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """A migrated, empty database: every repository test runs on SQLite and PostgreSQL."""
    with migrated(request.param, tmp_path) as engine:
        yield engine


@pytest.fixture(scope="session")
def card_schema():
    """The schema every Teams card is validated against; skips with where it looked."""
    found = next((path for path in CARD_SCHEMAS if path.exists()), None)
    if found is None:
        pytest.skip(
            "the Adaptive Card 1.5 JSON schema is not at "
            + " nor ".join(str(path) for path in CARD_SCHEMAS)
        )
    return json.loads(found.read_text())


def _loopback_only(connect):
    """Tests never touch the internet: a socket may connect to this machine only, so a
    test that would reach Slack or Microsoft fails loudly instead of sending."""

    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
                raise ConnectionRefusedError(f"tests may not connect to {host}")
        return connect(sock, address)

    return guarded


def pytest_configure(config):
    socket.socket.connect = _loopback_only(socket.socket.connect)
    socket.socket.connect_ex = _loopback_only(socket.socket.connect_ex)

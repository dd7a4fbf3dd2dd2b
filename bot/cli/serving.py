"""Where `run` and `dashboard` listen: the socket is bound before anything starts, so a
taken port is one clear line instead of a traceback after the bot has begun ticking."""

from __future__ import annotations

import errno
import ipaddress
import socket
from urllib.parse import urlencode

import typer

from bot.cli.context import fail


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or exit saying what is wrong and what to do."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise fail(
                f"port {port} on {host} is taken (another cadence-bot?); choose another with "
                f"--port {port + 1} or CADENCE_PORT={port + 1}"
            ) from None
        raise fail(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def address_of(sock: socket.socket) -> str:
    """The URL the bound socket serves (the real port, when port 0 asked for any)."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def dashboard_link(address: str, token: str | None) -> str:
    """The dashboard's address, with its access token when one is set."""
    return f"{address}/dashboard" + (f"?{urlencode({'token': token})}" if token else "")


def is_loopback(host: str) -> bool:
    """Only this machine can reach the address."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: whoever resolves it may connect


def warn_open_local_mode(address: str) -> None:
    """Local mode has no sign-in: on an exposed address anyone acts as anyone."""
    typer.secho(
        f"WARNING: local mode has no sign-in, and {address} is reachable from other machines: "
        "anyone who opens it can act as any person of the plan, admins included. Serve it on "
        "127.0.0.1 (the default) unless this network is yours alone.",
        err=True,
        fg="red",
        bold=True,
    )

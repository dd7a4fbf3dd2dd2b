import socket

import pytest


def test_a_test_cannot_reach_beyond_this_machine():
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="may not connect"):
        sock.connect(("93.184.216.34", 443))


def test_this_machine_stays_reachable():
    with socket.socket() as server, socket.socket() as client:
        server.bind(("127.0.0.1", 0))
        server.listen()
        client.connect(server.getsockname())

"""Dashboard pieces a reader notices: trend lines, paging, and the access token."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.dashboard.access import COOKIE, guarded
from bot.dashboard.paging import page_number, page_of
from bot.dashboard.sparkline import sparkline


def test_sparkline_draws_values_and_a_dashed_target() -> None:
    svg = str(sparkline([10, 20, 30], target=40, status="red"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "polyline" in svg and "stroke-dasharray" in svg and "#c62828" in svg
    points = svg.split('points="')[1].split('"')[0].split()
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[0] > ys[1] > ys[2], "a rising value is drawn rising (SVG y grows downward)"


def test_sparkline_without_data_is_empty_and_one_point_is_a_dot() -> None:
    assert str(sparkline([])) == ""
    assert "<circle" in str(sparkline([5])) and "polyline" not in str(sparkline([5]))


def test_paging_clamps_to_existing_pages() -> None:
    items = list(range(120))
    first, pager = page_of(items, page=1, size=50)
    assert first == list(range(50)) and pager.pages == 3
    last, pager = page_of(items, page=9, size=50)
    assert last == list(range(100, 120)) and pager.page == 3
    assert pager.query(2) == "page=2"
    _, kept = page_of(items, page=2, size=50, param="objectives", keep=(("kpis", 3),))
    assert kept.query(3) == "kpis=3&objectives=3", "another list's page stays where it was"
    assert page_number("abc") == 1 and page_number("-4") == 1 and page_number("3") == 3


async def _client(token: str | None) -> TestClient:
    async def page(_request: web.Request) -> web.Response:
        return web.Response(text="plan")

    app = web.Application()
    app.router.add_get("/dashboard", guarded(page, token=token))
    client = TestClient(TestServer(app))
    await client.start_server()
    return client


async def test_without_a_token_configured_the_dashboard_is_open() -> None:
    client = await _client(None)
    try:
        assert (await client.get("/dashboard")).status == 200
    finally:
        await client.close()


async def test_the_token_link_sets_a_cookie_and_others_get_401() -> None:
    client = await _client("s3cret")
    try:
        assert (await client.get("/dashboard")).status == 401
        assert (await client.get("/dashboard?token=wrong")).status == 401
        opened = await client.get("/dashboard?token=s3cret&page=2", allow_redirects=False)
        assert opened.status == 302
        assert opened.headers["Location"] == "/dashboard?page=2"
        assert COOKIE in opened.cookies
        again = await client.get("/dashboard")
        assert again.status == 200 and await again.text() == "plan"
    finally:
        await client.close()

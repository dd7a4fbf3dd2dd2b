"""A mock Slack Web API on 127.0.0.1: records every call, enforces Block Kit limits, and
answers the errors and 429s a test scripts, or, paced by the clock, the 429s Slack's own
rate limits would (benchmarks/slack_wave.py imports it from here). Just enough state
(messages per channel with their metadata, users, uploads) for the adapter to find what
it sent."""

from __future__ import annotations

import asyncio
import copy
import json
import math
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from messages import limits

TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-1-test-token"
BOT_USER = "UBOT"
MESSAGE_METHODS = {"chat.postMessage", "chat.update", "chat.postEphemeral"}


class SlackError(Exception):
    """A method's own error answer, like user_not_found."""


@dataclass
class Call:
    """One request the mock received: the method (or path) and its merged arguments."""

    method: str
    args: dict[str, Any]


@dataclass
class Failure:
    error: str
    status: int = 200
    retry_after: int | None = None


@dataclass
class RateLimit:
    """At most `calls` answers per window; the test opens the next window itself."""

    calls: int
    retry_after: int
    used: int = 0


@dataclass
class Pace:
    """Slack's limit on a method as the clock sees it: at most `count` calls in any `per`
    seconds, for the whole workspace or for each channel."""

    count: int
    per: float
    per_channel: bool = False
    calls: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def wait(self, args: dict[str, Any], now: float) -> float:
        """Seconds until one more call fits (0 when it fits now)."""
        times = self.calls[self._scope(args)]
        while times and times[0] <= now - self.per:
            times.popleft()
        return 0.0 if len(times) < self.count else times[-self.count] + self.per - now

    def count_call(self, args: dict[str, Any], now: float) -> None:
        self.calls[self._scope(args)].append(now)

    def _scope(self, args: dict[str, Any]) -> str:
        return str(args.get("channel", "")) if self.per_channel else ""


@dataclass
class MockSlack:
    """The Web API, response_url and file upload endpoints of one workspace."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    # Completed uploads by file id, with the channel they were shared to (None: nowhere).
    files: dict[str, str | None] = field(default_factory=dict)
    # How many files.info answers a completed upload stays unfinished for (an empty
    # mimetype); a block naming an unfinished file is refused, as Slack refuses "invalid
    # slack file" for a file it has not finished scanning.
    file_ready_after: int = 0
    processing: dict[str, int] = field(default_factory=dict)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, list[Failure]] = field(default_factory=lambda: defaultdict(list))
    limits: dict[str, RateLimit] = field(default_factory=dict)
    paces: dict[str, list[Pace]] = field(default_factory=lambda: defaultdict(list))
    throttled: Counter[str] = field(default_factory=Counter)
    lost: Counter[str] = field(default_factory=Counter)
    envelopes: list[dict[str, Any]] = field(default_factory=list)
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    server: TestServer | None = None
    _ts: int = 0
    _changed: asyncio.Condition | None = None

    def fail(self, method: str, error: str, *, status: int = 200, times: int = 1, **kw) -> None:
        """The next `times` calls of `method` answer with this error."""
        self.failures[method] += [Failure(error, status, kw.get("retry_after"))] * times

    def lose_answer(self, method: str, *, times: int = 1) -> None:
        """The next `times` calls of `method` are carried out, then the connection is cut
        before the answer: what the client sees when Slack's acknowledgement is lost."""
        self.lost[method] += times

    def rate_limit(self, method: str, *, calls: int, retry_after: int) -> None:
        """Answer 429 with Retry-After once `calls` calls were made in this window."""
        self.limits[method] = RateLimit(calls, retry_after)

    def pace(self, method: str, *, count: int, per: float, per_channel: bool = False) -> None:
        """Answer 429 with Retry-After whenever `method` would exceed `count` calls in any
        `per` seconds (per channel if asked), as Slack's clock-based limits do."""
        self.paces[method].append(Pace(count, per, per_channel))

    def next_window(self) -> None:
        """The rate-limit window rolls over, as Slack's does each minute."""
        for limit in self.limits.values():
            limit.used = 0

    def called(self, method: str) -> list[dict[str, Any]]:
        """The arguments of every call of `method` so far."""
        return [c.args for c in self.calls if c.method == method]

    async def wait_for(self, check: Callable[[], bool], timeout: float = 5) -> None:
        """Until `check` holds after some request; fails the test after `timeout` seconds."""
        assert self._changed is not None
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(check), timeout)

    @property
    def api_url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/api/"))

    def url(self, path: str) -> str:
        assert self.server is not None
        return str(self.server.make_url(path))

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/respond/{hook}", self._respond)
        app.router.add_get("/socket", self._socket)
        self._changed = asyncio.Condition()
        self.server = TestServer(app, host="127.0.0.1", port=0)
        await self.server.start_server()

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        self.calls.append(Call(method, args))
        try:
            answer = self._answer(method, args, request)
            if self.lost[method] and request.transport is not None:
                self.lost[method] -= 1
                request.transport.abort()
            return answer
        finally:
            await self._notify()

    def _answer(self, method: str, args: dict[str, Any], request: web.Request) -> web.Response:
        token = APP_TOKEN if method == "apps.connections.open" else TOKEN
        if request.headers.get("Authorization") != f"Bearer {token}":
            return _error("invalid_auth")
        throttled = self._throttled(method, args)
        if throttled is not None:
            return throttled
        limit = self.limits.get(method)
        if limit is not None:
            limit.used += 1
            if limit.used > limit.calls:
                return _error("ratelimited", 429, {"Retry-After": str(limit.retry_after)})
        if self.failures[method]:
            failure = self.failures[method].pop(0)
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
            return _error(failure.error, failure.status, headers)
        if method in MESSAGE_METHODS and self._still_processing(args):
            return _error("invalid_blocks")
        problems = self._problems(method, args)
        if problems:
            self.violations += [f"{method}: {p}" for p in problems]
            return _error("invalid_blocks")
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        if answer is None:
            self.violations.append(f"{method}: the mock does not know this method")
            return _error("unknown_method")
        try:
            return web.json_response({"ok": True, **answer(args)})
        except SlackError as error:
            return _error(str(error))

    def _throttled(self, method: str, args: dict[str, Any]) -> web.Response | None:
        paces, now = self.paces.get(method, []), time.monotonic()
        wait = max((pace.wait(args, now) for pace in paces), default=0.0)
        if wait > 0:
            self.throttled[method] += 1
            return _error("ratelimited", 429, {"Retry-After": str(math.ceil(wait))})
        for pace in paces:
            pace.count_call(args, now)
        return None

    def _problems(self, method: str, args: dict[str, Any]) -> list[str]:
        if method in MESSAGE_METHODS:
            return message_problems(args) + self._file_problems(args)
        if method in ("views.open", "views.publish"):
            return view_problems(args["view"]) + self._file_problems(args["view"])
        return []

    def _file_problems(self, args: dict[str, Any]) -> list[str]:
        """An image block's slack_file must name a file whose upload was completed."""
        blocks = args.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        named = [
            b["slack_file"].get("id")
            for b in blocks
            if b.get("type") == "image" and "slack_file" in b
        ]
        return [
            f"image names file {f}, which was never uploaded" for f in named if f not in self.files
        ]

    def _still_processing(self, args: dict[str, Any]) -> bool:
        blocks = args.get("blocks") or []
        return any(
            (b.get("slack_file") or {}).get("id") in self.processing
            for b in blocks
            if b.get("type") == "image"
        )

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    # Web API methods: each returns the body after {"ok": true}.

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"user_id": BOT_USER, "bot_id": "BBOT", "team_id": "T1", "url": "https://x/"}

    def _apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.url("/socket").replace("http", "ws", 1)}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(args["user"])
        if user is None:
            raise SlackError("user_not_found")
        return {"user": user}

    def _users_lookupByEmail(self, args: dict[str, Any]) -> dict[str, Any]:
        wanted = args["email"].lower()
        for user in self.users.values():
            if ((user.get("profile") or {}).get("email") or "").lower() == wanted:
                return {"user": user}
        raise SlackError("users_not_found")

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channels.get(args["channel"])
        if channel is None or (channel.get("is_private") and not channel.get("is_member")):
            raise SlackError("channel_not_found")
        return {"channel": {"id": args["channel"], **channel}}

    def _conversations_join(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channels[args["channel"]]
        channel["is_member"] = True
        return {"channel": {"id": args["channel"], **channel}}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"channel": {"id": "D" + args["users"][1:]}}

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        self._ts += 1
        ts = f"1700000000.{self._ts:06d}"
        message = {"ts": ts, "text": args["text"], "blocks": args.get("blocks", [])}
        for name in ("thread_ts", "metadata"):
            if args.get(name):
                message[name] = args[name]
        self.history[args["channel"]].append(message)
        return {"channel": args["channel"], "ts": ts, "message": message}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        found = [m for m in self.history[args["channel"]] if m["ts"] == args["ts"]]
        if not found:
            raise SlackError("message_not_found")
        found[0].update(text=args["text"], blocks=args.get("blocks", []))
        if args.get("metadata"):
            found[0]["metadata"] = args["metadata"]
        return {"channel": args["channel"], "ts": args["ts"]}

    def _chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"message_ts": "1700000000.999999"}

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"view": {"id": "V1", **args["view"]}}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"view": {"id": "VHOME", **args["view"]}}

    def _conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        messages = [
            m
            for m in self.history[args["channel"]]
            if "thread_ts" not in m or m["thread_ts"] == m["ts"]
        ]
        return {"messages": _window(messages, args)}

    def _conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        thread = [
            m
            for m in self.history[args["channel"]]
            if m["ts"] == args["ts"] or m.get("thread_ts") == args["ts"]
        ]
        return {"messages": _window(thread, args, newest_first=False)}

    def _files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{len(self.uploads) + 1:04d}"
        self.uploads[file_id] = b""
        return {"upload_url": self.url(f"/upload/{file_id}"), "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args["files"] if isinstance(args["files"], list) else json.loads(args["files"])
        missing = [f["id"] for f in files if not self.uploads.get(f["id"])]
        if missing:
            raise SlackError("file_not_found")
        for f in files:
            self.files[f["id"]] = args.get("channel_id") or args.get("channels")
            if self.file_ready_after:
                self.processing[f["id"]] = self.file_ready_after
        return {"files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = args["file"]
        if file_id not in self.files:
            raise SlackError("file_not_found")
        left = self.processing.get(file_id, 0)
        if left:
            self.processing[file_id] = left - 1
            return {"file": {"id": file_id, "mimetype": ""}}
        self.processing.pop(file_id, None)
        return {"file": {"id": file_id, "mimetype": "image/png", "filetype": "png"}}

    async def send_envelope(self, envelope: dict[str, Any]) -> None:
        """Push one Socket Mode envelope to the connected app."""
        self.envelopes.append(envelope)
        await self._notify()

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.calls.append(Call("socket", {}))
        await socket.send_json({"type": "hello", "num_connections": 1})
        writer = asyncio.ensure_future(self._push_envelopes(socket))
        try:
            async for message in socket:
                if message.type == web.WSMsgType.TEXT:
                    self.socket_acks.append(json.loads(message.data))
                    await self._notify()
        finally:
            writer.cancel()
        return socket

    async def _push_envelopes(self, socket: web.WebSocketResponse) -> None:
        sent = 0
        assert self._changed is not None
        while True:
            async with self._changed:
                await self._changed.wait_for(lambda sent=sent: sent < len(self.envelopes))
            pending = self.envelopes[sent:]
            sent += len(pending)
            for envelope in pending:
                await socket.send_json(envelope)

    async def _upload(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.uploads[request.match_info["file_id"]] = body
        self.calls.append(Call("upload", {"file_id": request.match_info["file_id"]}))
        await self._notify()
        return web.Response(text="OK - uploaded")

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.calls.append(Call("response_url", body))
        try:
            if self._still_processing(body):
                return web.Response(status=400, text="invalid_blocks")
            problems = message_problems(body) + self._file_problems(body)
            self.violations += [f"response_url: {p}" for p in problems]
            if problems:
                return web.Response(status=400, text="invalid_blocks")
            self.responses.append(body)
            return web.Response(text="ok")
        finally:
            await self._notify()


def message_problems(args: dict[str, Any]) -> list[str]:
    """Every Slack message limit: blocks parse in slack_sdk, counts and lengths hold."""
    blocks = args.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    problems = [] if args.get("text") else ["no text: notifications and screen readers need it"]
    problems += _block_problems(blocks)
    problems += limits.slack_message_problems({"text": args.get("text", ""), "blocks": blocks})
    return problems + _metadata_problems(args.get("metadata"))


def view_problems(view: dict[str, Any]) -> list[str]:
    """A modal or Home tab within Slack's view limits."""
    try:
        View(**copy.deepcopy(view)).to_dict()
    except Exception as error:  # slack_sdk raises several types for a bad view
        return [f"view does not parse: {error}"]
    return _block_problems(view.get("blocks", [])) + limits.slack_modal_problems(view)


def _block_problems(blocks: list[dict[str, Any]]) -> list[str]:
    problems = []
    for block in blocks:
        ids = [e["action_id"] for e in block.get("elements", []) if "action_id" in e]
        if len(ids) != len(set(ids)):
            problems.append(f"block {block.get('type')} repeats an action_id: {ids}")
        try:
            model = Block.parse(copy.deepcopy(block))
            assert model is not None
            model.to_dict()
        except Exception as error:  # slack_sdk raises several types for a bad block
            problems.append(f"block {block.get('type')} invalid: {error}")
    return problems


def _metadata_problems(metadata: Any) -> list[str]:
    if not metadata:
        return []
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    if not isinstance(metadata.get("event_type"), str):
        return ["metadata without event_type"]
    scalars = (str, int, float, bool)
    deep = [
        key
        for key, value in metadata.get("event_payload", {}).items()
        if not isinstance(value, scalars)
        and not (isinstance(value, dict) and all(isinstance(v, scalars) for v in value.values()))
    ]
    return [f"metadata payload {key} is nested too deep" for key in deep]


def _window(
    messages: list[dict[str, Any]], args: dict[str, Any], *, newest_first: bool = True
) -> list[dict[str, Any]]:
    inclusive = str(args.get("inclusive", "")).lower() in ("1", "true")

    def inside(m: dict[str, Any]) -> bool:
        ts = float(m["ts"])
        if args.get("latest") and (
            ts > float(args["latest"]) or (not inclusive and ts == float(args["latest"]))
        ):
            return False
        return not (
            args.get("oldest")
            and (ts < float(args["oldest"]) or (not inclusive and ts == float(args["oldest"])))
        )

    chosen = [m for m in messages if inside(m)]
    if newest_first:
        chosen.reverse()
    if str(args.get("include_all_metadata", "")).lower() not in ("1", "true"):
        chosen = [{k: v for k, v in m.items() if k != "metadata"} for m in chosen]
    return chosen[: int(args.get("limit", 100))]


async def _arguments(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        args.update(await request.json())
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        args.update(dict(await request.post()))
    for name in ("blocks", "metadata", "view"):
        if isinstance(args.get(name), str) and args[name].startswith(("[", "{")):
            args[name] = json.loads(args[name])
    return args


def _error(error: str, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"ok": False, "error": error}, status=status, headers=headers)

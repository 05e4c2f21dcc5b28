"""A local stand-in for Telegram's Bot API: an HTTP server on 127.0.0.1 that answers the methods
Ruqsat calls and records what it was sent. Tests (and the processes they start) point
TELEGRAM_API_URL at it.

Modes: "up" answers like Telegram; "down" answers 502 to everything (as Telegram's front does when
its back end is away); "slow" waits `delay` seconds before answering. A chat in `blocked_chats`
gets 403 "bot was blocked by the user" from sendMessage."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BOT_USERNAME = "ruqsat_test_bot"
PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>\w+)$")


class FakeBotAPI:
    def __init__(self):
        self.mode = "up"
        self.delay = 0.0
        self.blocked_chats: set[int] = set()
        self.requests: list[dict] = []  # every call that reached a working API: method, token, params
        self.refused = 0  # calls answered with an error (down, blocked)
        self._lock = threading.Lock()
        self._next_message_id = 1
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeBotAPI:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sent(self, chat_id: int | None = None) -> list[dict]:
        """The sendMessage calls Telegram accepted, oldest first (for one chat, or all)."""
        with self._lock:
            calls = [r["params"] for r in self.requests if r["method"] == "sendMessage"]
        return [c for c in calls if chat_id is None or c.get("chat_id") == chat_id]

    def calls(self, method: str) -> list[dict]:
        with self._lock:
            return [r["params"] for r in self.requests if r["method"] == method]

    def _answer(self, token: str, method: str, params: dict) -> tuple[int, dict]:
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "down":
            with self._lock:
                self.refused += 1
            return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        if method == "sendMessage" and params.get("chat_id") in self.blocked_chats:
            with self._lock:
                self.refused += 1
            return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
        with self._lock:
            self.requests.append({"method": method, "token": token, "params": params})
            message_id = self._next_message_id
            self._next_message_id += 1
        if method == "getMe":
            me = {"id": 1, "is_bot": True, "first_name": "Ruqsat", "username": BOT_USERNAME}
            return 200, {"ok": True, "result": me}
        if method == "sendMessage":
            chat = {"id": params.get("chat_id"), "type": "private"}
            message = {"message_id": message_id, "date": int(time.time()), "chat": chat, "text": params.get("text")}
            return 200, {"ok": True, "result": message}
        return 200, {"ok": True, "result": True}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                match = PATH.match(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if not match:
                    self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                try:
                    params = json.loads(body or b"{}")
                except ValueError:
                    self._send(400, {"ok": False, "error_code": 400, "description": "Bad Request: not JSON"})
                    return
                status, answer = fake._answer(match["token"], match["method"], params)
                self._send(status, answer)

            def _send(self, status: int, answer: dict) -> None:
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # quiet
                pass

        return Handler

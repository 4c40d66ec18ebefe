"""A tiny OpenAI-compatible server on 127.0.0.1 for driving the real `langchain-openai` client.

It answers `POST /v1/chat/completions` with whatever the test queued: a reply text, an HTTP
error, or a delay. Every request body is kept so tests can look at what the client sent.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0
    finish_reason: str = "stop"
    completion_tokens: int = 40
    error: str = "server error"


@dataclass
class FakeOpenAI:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def reply(self, content: str = "", **kwargs: Any) -> None:
        self.replies.append(Reply(content, **kwargs))


def completion(reply: Reply) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "fake-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.content},
                "finish_reason": reply.finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": 100,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": 100 + reply.completion_tokens,
        },
    }


def handler_for(state: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append({"path": self.path, "body": body})
            reply = state.replies.pop(0) if state.replies else Reply(status=500)
            time.sleep(reply.delay)
            if self.path != "/v1/chat/completions":
                reply = Reply(status=404, error="not found")
            payload = (
                completion(reply)
                if reply.status == 200
                else {"error": {"message": reply.error, "type": "server_error", "code": None}}
            )
            data = json.dumps(payload).encode()
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (timeout tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is expected here


def start() -> tuple[FakeOpenAI, Server, threading.Thread]:
    state = FakeOpenAI()
    server = Server(("127.0.0.1", 0), handler_for(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    return state, server, thread

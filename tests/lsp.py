"""A small Language Server Protocol client for tests: JSON-RPC over stdio, each message framed by a
``Content-Length`` header, as editors speak it."""

from __future__ import annotations

import json
import queue
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any


class LanguageServer:
    """A language server child process; ``settings`` answers its ``workspace/configuration`` requests."""

    def __init__(self, command: list[str], cwd: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._stderr)
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0
        self.notifications: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                self._inbox.put(None)  # the server has exited
                return
            self._inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self._process.stdin is not None
        self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        self._next_id += 1
        self._send({"id": self._next_id, "method": method, "params": params})
        reply = self._wait(lambda m: m.get("id") == self._next_id and "method" not in m, timeout)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result")

    def wait_for_notification(self, method: str, accept: Any = lambda params: True, timeout: float = 60) -> Any:
        for seen in self.notifications:
            if seen["method"] == method and accept(seen["params"]):
                return seen["params"]
        return self._wait(lambda m: m.get("method") == method and "id" not in m and accept(m["params"]),
                          timeout)["params"]

    def _wait(self, wanted: Any, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no such message from the language server within {timeout} s; "
                                   f"notifications so far: {[n['method'] for n in self.notifications]}")
            try:
                message = self._inbox.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                self._stderr.seek(0)
                raise RuntimeError("the language server exited: "
                                   + self._stderr.read().decode("utf-8", "replace")[-2000:])
            if "method" in message and "id" in message:  # a request from the server: answer it
                self._answer(message)
            elif "method" in message:
                self.notifications.append(message)
            if wanted(message):
                return message

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [self.settings.get(item.get("section", ""), None) for item in message["params"]["items"]]
        self._send({"id": message["id"], "result": result})

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self._process.wait(timeout=10)
        except (OSError, TimeoutError, RuntimeError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        self._stderr.close()

"""N web-chat customers register a defect at the same time, over WebSockets, on a real server.

Usage: python -m benchmarks.webchat_load [--customers 500] [--pause 1.0] [--ramp 10]
                                         [--database URL] [--timeout 600]

The application runs under uvicorn in a subprocess on a loopback port, on a temporary SQLite
database with the demo data (or the database at --database, which is migrated and seeded).
Every customer opens the page (GET /, for the identity cookie), connects to /chat/ws and goes
through "Register a defect": /start, the menu button, serial, category, description, skip photos,
phone, remedy, confirm (9 events). Customers arrive at random moments within `--ramp` seconds
and pause between messages (`--pause` seconds on average, drawn at random, counted from their
previous message), so that all chats are open at the same time with their messages interleaved
as in real use; `--pause 0 --ramp 0` sends everything at once (saturation).

Reported: completed claims against customers, the claims the database holds afterwards (none
lost, none twice, numbers unique), p50/p99 latency of one step (frame sent -> its replies frame
received), the most chats open at once, events per second and the server's memory (VmHWM/VmRSS
from /proc). The exit status is 1 when a claim is missing or duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

from benchmarks._common import describe_machine, percentile
from benchmarks._webchat_server import (
    count_claims,
    http_get,
    prepare_database,
    raise_file_limit,
    server_memory,
    start_server,
    stop_server,
    wait_until_ready,
)

MAX_CUSTOMERS = 2000
CLAIM_NUMBER = re.compile(r"WR-\d{4}-\d{6}")


@dataclass
class Results:
    """What the customers saw."""

    step_ms: list[float] = field(default_factory=list)
    answered_at: list[float] = field(default_factory=list)
    connect_ms: list[float] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    open_now: int = 0
    open_most: int = 0

    def fail(self, error: BaseException) -> None:
        reason = f"{type(error).__name__}: {str(error)[:80]}"
        self.failures[reason] = self.failures.get(reason, 0) + 1


# --- the server ------------------------------------------------------------------------------


def pick(replies: list[dict[str, Any]], value: str) -> str:
    """The payload of the button for `value` in the replies (payloads are `<screen>.<value>`)."""
    for reply in replies:
        for row in reply.get("buttons", []):
            for button in row:
                if button["payload"].split(".", 1)[-1] == value:
                    return str(button["payload"])
    raise RuntimeError(f"no button {value!r}")


class Customer:
    """One browser-less customer on the chat socket."""

    def __init__(self, number: int, socket: ClientConnection, results: Results, pace: Pace) -> None:
        self.number = number
        self.socket = socket
        self.results = results
        self.pace = pace
        self.sent = 0
        self.last_sent = time.perf_counter()

    async def send(self, frame: dict[str, Any]) -> list[dict[str, Any]]:
        """Send one frame and wait for its replies frame (live notifications are skipped)."""
        await self.pace.wait(self.last_sent)
        self.sent += 1
        frame["id"] = f"c{self.number}-{self.sent}"
        started = self.last_sent = time.perf_counter()
        await self.socket.send(json.dumps(frame))
        while True:
            answer = json.loads(await self.socket.recv())
            if answer.get("type") == "error":
                raise RuntimeError(answer.get("message"))
            if answer.get("type") == "replies" and answer.get("id") == frame["id"]:
                break
        answered = time.perf_counter()
        self.results.step_ms.append((answered - started) * 1000)
        self.results.answered_at.append(answered)
        return list(answer["replies"])

    async def register_defect(self) -> str:
        """The whole dialog; returns the claim number the customer was told."""
        history = json.loads(await self.socket.recv())
        assert history["type"] == "history" and history["messages"] == [], history
        replies = await self.send({"type": "command", "name": "start"})
        replies = await self.send({"type": "choice", "payload": pick(replies, "claim")})
        replies = await self.send({"type": "text", "text": "WM700-0001"})
        replies = await self.send({"type": "choice", "payload": pick(replies, "cat:leak")})
        replies = await self.send({"type": "text", "text": "Water on the floor after every wash"})
        replies = await self.send({"type": "choice", "payload": pick(replies, "media:skip")})
        replies = await self.send({"type": "text", "text": "+79161234567"})
        replies = await self.send({"type": "choice", "payload": pick(replies, "rem:repair")})
        replies = await self.send({"type": "choice", "payload": pick(replies, "confirm")})
        said = " ".join(r.get("text", "") for r in replies)
        found = CLAIM_NUMBER.search(said)
        if not found:
            raise RuntimeError(f"no claim number in {said[:80]!r}")
        return found.group(0)


class Pace:
    """Random arrival within the ramp and random pauses between a customer's messages."""

    def __init__(self, pause_s: float, ramp_s: float) -> None:
        self.pause_s = pause_s
        self.ramp_s = ramp_s
        self.random = random.Random(11)

    async def arrive(self) -> None:
        if self.ramp_s:
            await asyncio.sleep(self.random.uniform(0, self.ramp_s))

    async def wait(self, last_sent: float) -> None:
        if self.pause_s:
            due = last_sent + self.random.expovariate(1 / self.pause_s)
            await asyncio.sleep(max(0.0, due - time.perf_counter()))


async def one_customer(number: int, port: int, results: Results, pace: Pace) -> None:
    """Arrive, open the page, connect the socket, register a defect."""
    await pace.arrive()
    try:
        started = time.perf_counter()
        status, headers = await http_get(port, "/")
        cookie = re.search(r"wi_chat=([^;]+)", headers.get("set-cookie", ""))
        if status != 200 or not cookie:
            raise RuntimeError(f"GET / gave {status} without the chat cookie")
        async with connect(
            f"ws://127.0.0.1:{port}/chat/ws",
            additional_headers={"Cookie": f"wi_chat={cookie.group(1)}", "Accept-Language": "en"},
            origin=Origin(f"http://127.0.0.1:{port}"),
            open_timeout=120,
            ping_interval=None,
            compression=None,
            proxy=None,
        ) as ws:
            results.connect_ms.append((time.perf_counter() - started) * 1000)
            results.open_now += 1
            results.open_most = max(results.open_most, results.open_now)
            try:
                customer = Customer(number, ws, results, pace)
                results.numbers.append(await customer.register_defect())
            finally:
                results.open_now -= 1
    except Exception as error:
        results.fail(error)


def busiest_second(moments: list[float]) -> int:
    """The most answers within any one-second window."""
    ordered = sorted(moments)
    most, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] > 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


# --- the run ---------------------------------------------------------------------------------


async def main(customers: int, url: str | None, limit_s: float, pace: Pace) -> int:
    """Run the customers against a fresh server and print the results; 0 when all is well."""
    raise_file_limit(customers)
    with tempfile.TemporaryDirectory(prefix="webchat-load-") as folder:
        workdir = Path(folder)
        url = url or f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
        claims_before, _ = await prepare_database(url)
        server, port = start_server(url, workdir)
        try:
            await wait_until_ready(server, port, 60)
            results = Results()
            started = time.perf_counter()
            tasks = [
                asyncio.create_task(one_customer(n, port, results, pace)) for n in range(customers)
            ]
            _, late = await asyncio.wait(tasks, timeout=limit_s)
            for task in late:
                task.cancel()
            elapsed = time.perf_counter() - started
            memory = server_memory(server.pid)
            claims, distinct = await count_claims(url)
        finally:
            stop_server(server)
    stored = claims - claims_before
    told = len(results.numbers)
    unique_told = len(set(results.numbers))
    events = len(results.step_ms)
    engine = url.split(":")[0].split("+")[0]
    print(f"machine: {describe_machine()}; database: {engine}; one uvicorn process")
    print(
        f"{customers} WebSocket customers (arriving within {pace.ramp_s:g} s, pausing "
        f"{pace.pause_s:g} s on average), 9 events each; most chats open at once: "
        f"{results.open_most}; completed claims {told}/{customers}"
        + (f", timed out {len(late)}" if late else "")
        + (f", failed {sum(results.failures.values())}" if results.failures else "")
    )
    print(
        f"claims stored: {stored} (expected {customers}); claim numbers unique: "
        f"{'yes' if distinct == claims and unique_told == told else 'NO'}"
    )
    if events:
        print(
            f"{events} events in {elapsed:.2f} s: {events / elapsed:.0f} events/s on average, "
            f"{busiest_second(results.answered_at)} in the busiest second; step latency "
            f"p50 {percentile(results.step_ms, 0.5):.1f} ms, "
            f"p99 {percentile(results.step_ms, 0.99):.1f} ms, max {max(results.step_ms):.1f} ms"
        )
    if results.connect_ms:
        print(
            f"page + socket open: p50 {percentile(results.connect_ms, 0.5):.1f} ms, "
            f"p99 {percentile(results.connect_ms, 0.99):.1f} ms"
        )
    print(f"server memory: peak (VmHWM) {memory.get('VmHWM')}, now (VmRSS) {memory.get('VmRSS')}")
    for reason, count in sorted(results.failures.items()):
        print(f"  failure x{count}: {reason}")
    good = told == customers == stored and distinct == claims and unique_told == told
    return 0 if good else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=500, help=f"at most {MAX_CUSTOMERS}")
    parser.add_argument("--database", default=None, help="database URL (default: temp SQLite)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for the whole run")
    parser.add_argument("--pause", type=float, default=1.0, help="mean seconds between messages")
    parser.add_argument("--ramp", type=float, default=5.0, help="customers arrive within (s)")
    arguments = parser.parse_args()
    count = max(1, min(arguments.customers, MAX_CUSTOMERS))
    pace = Pace(max(0.0, arguments.pause), max(0.0, arguments.ramp))
    sys.exit(asyncio.run(main(count, arguments.database, arguments.timeout, pace)))

"""Group commit: who shares a batch, when callers get their answers, what a failure reaches."""

from __future__ import annotations

import asyncio

import pytest

from backend.db.batching import BatchQueue


class Recorder:
    """A batch runner that logs what happens, blocking (like inline SQLite) while it runs."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.log: list[str] = []
        self.batches: list[list[str]] = []
        self.fail_on = fail_on

    async def run(self, items: list[str]) -> list[str]:
        self.batches.append(items)
        self.log.append(f"batch {items}")
        if self.fail_on in items:
            raise RuntimeError("the shared transaction failed")
        return [item.upper() for item in items]


async def test_items_that_arrive_while_a_batch_runs_share_the_next_one() -> None:
    recorder = Recorder()
    queue: BatchQueue[str, str] = BatchQueue(recorder.run)
    results = await asyncio.gather(*(queue.submit(name) for name in ["a", "b", "c", "d"]))
    assert results == ["A", "B", "C", "D"]
    assert recorder.batches == [["a", "b", "c", "d"]]


async def test_callers_get_their_answers_before_the_next_batch_starts() -> None:
    recorder = Recorder()
    queue: BatchQueue[str, str] = BatchQueue(recorder.run, max_batch=2)

    async def caller(name: str) -> None:
        answer = await queue.submit(name)
        recorder.log.append(f"answer {answer}")

    await asyncio.gather(*(caller(name) for name in ["a", "b", "c", "d"]))
    assert recorder.log == [
        "batch ['a', 'b']",
        "answer A",
        "answer B",
        "batch ['c', 'd']",
        "answer C",
        "answer D",
    ]


async def test_a_failed_batch_reaches_its_callers_and_the_queue_goes_on() -> None:
    recorder = Recorder(fail_on="b")
    queue: BatchQueue[str, str] = BatchQueue(recorder.run, max_batch=2)
    first = asyncio.gather(queue.submit("a"), queue.submit("b"), return_exceptions=True)
    later = queue.submit("c")
    failed, answer = await asyncio.gather(first, later)
    assert all(isinstance(outcome, RuntimeError) for outcome in failed)
    assert answer == "C"


@pytest.mark.parametrize("workers", [1, 3])
async def test_no_more_batches_run_at_once_than_workers(workers: int) -> None:
    running = 0
    most = 0

    async def run(items: list[int]) -> list[int]:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)  # a server database: the batch waits on the network
        running -= 1
        return items

    queue: BatchQueue[int, int] = BatchQueue(run, max_batch=1, workers=workers)
    assert await asyncio.gather(*(queue.submit(n) for n in range(10))) == list(range(10))
    assert most == workers


def test_a_queue_outlives_an_event_loop_that_stopped_under_it() -> None:
    stuck = True

    async def run(items: list[str]) -> list[str]:
        if stuck:
            await asyncio.sleep(3600)  # the first loop stops while this batch is under way
        return [item.upper() for item in items]

    queue: BatchQueue[str, str] = BatchQueue(run)
    first = asyncio.new_event_loop()
    with pytest.raises(TimeoutError):
        first.run_until_complete(asyncio.wait_for(queue.submit("a"), 0.05))
    first.close()
    stuck = False
    assert asyncio.run(queue.submit("b")) == "B"

"""Accuracy and speed of the understanding step on the corpus of customer messages.

`python -m benchmarks.understanding [--repeat N]` prints the accuracy per language and per intent
with the confusions (expected -> understood), the messages understood wrongly, and the time one
message takes (p50/p99 over all messages understood N times; the first round with cold caches
is shown apart). Wall-clock time includes waits for a shared CPU; CPU time is the cost itself.
A message counts as right when its intent (or "none" when the reading is unsure) and every slot
the corpus names are what was understood. The dates are relative to the suite's TODAY.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dialogs.understanding import Understood, understand
from dialogs.understanding.concepts import word_concepts
from dialogs.understanding.normalize import fold

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "dialogs" / "understanding_corpus"
LANGUAGES = ("en", "ru", "ko")
TODAY = date(2026, 11, 27)  # tests/support/clock.py
PHONE_REGION = "RU"


@dataclass
class Score:
    """Right and wrong answers of one language."""

    right: int = 0
    total: int = 0
    by_intent: Counter[str] = field(default_factory=Counter)
    right_by_intent: Counter[str] = field(default_factory=Counter)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """The share of messages understood right."""
        return self.right / self.total if self.total else 0.0


def load(language: str) -> list[dict[str, Any]]:
    """The corpus of one language: text, expected intent and slots."""
    lines = (CORPUS_DIR / f"{language}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def slots_of(heard: Understood) -> dict[str, Any]:
    """The slots the corpus can name, as the corpus writes them."""
    return {
        "serial": heard.serial,
        "claim_number": heard.claim_number,
        "phone": heard.phone,
        "date": heard.date.isoformat() if heard.date else None,
        "category": heard.category,
        "yes": heard.yes,
        "no_receipt": heard.no_receipt,
    }


def intent_of(heard: Understood) -> str:
    """The intent acted on: "none" when the reading is unsure."""
    return str(heard.intent) if heard.confident else "none"


def score(language: str) -> Score:
    """Understand every message of one language and compare with the corpus."""
    result = Score()
    for row in load(language):
        heard = understand(row["text"], TODAY, PHONE_REGION)
        got_intent, got_slots = intent_of(heard), slots_of(heard)
        wrong_slots = {k: got_slots[k] for k, v in row["slots"].items() if got_slots[k] != v}
        ok = got_intent == row["intent"] and not wrong_slots
        result.total += 1
        result.by_intent[row["intent"]] += 1
        if ok:
            result.right += 1
            result.right_by_intent[row["intent"]] += 1
            continue
        if got_intent != row["intent"]:
            result.confusions[(row["intent"], got_intent)] += 1
        result.misses.append(f"{row['text']!r}: {got_intent} {wrong_slots or ''}")
    return result


def timings(repeat: int) -> tuple[list[float], list[float]]:
    """Microseconds per message over the whole corpus, `repeat` rounds: wall-clock time, and
    the CPU time of this thread (what the message costs, without waits for a shared CPU)."""
    texts = [row["text"] for language in LANGUAGES for row in load(language)]
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        for text in texts:
            start, start_cpu = time.perf_counter(), time.thread_time()
            understand(text, TODAY, PHONE_REGION)
            cpu.append((time.thread_time() - start_cpu) * 1e6)
            wall.append((time.perf_counter() - start) * 1e6)
    return wall, cpu


def clear_caches() -> None:
    """Forget the words met so far, as a freshly started process has."""
    word_concepts.cache_clear()
    fold.cache_clear()


def _spread(name: str, values: list[float]) -> str:
    cuts = statistics.quantiles(values, n=100)
    return f"{name} p50 {cuts[49]:.0f} µs, p99 {cuts[98]:.0f} µs, max {max(values):.0f} µs"


def report(repeat: int) -> None:
    """Print accuracy, confusions, misses and time per message."""
    for language in LANGUAGES:
        result = score(language)
        print(f"\n== {language}: {result.right}/{result.total} = {result.accuracy:.1%}")
        for intent, total in sorted(result.by_intent.items()):
            print(f"  {intent:10} {result.right_by_intent[intent]}/{total}")
        for (expected, got), count in result.confusions.most_common():
            print(f"  confusion {expected} -> {got}: {count}")
        for miss in result.misses:
            print(f"  miss {miss}")
    clear_caches()
    _, first_cpu = timings(1)
    wall, cpu = timings(repeat)
    print(f"\ntime per message, {len(wall)} messages ({repeat} rounds of the corpus):")
    print(f"  first round (cold caches): {_spread('cpu', first_cpu)}")
    print(f"  {_spread('wall', wall)}")
    print(f"  {_spread('cpu', cpu)}")


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    report(parser.parse_args().repeat)


if __name__ == "__main__":
    main()

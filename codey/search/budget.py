"""The wall-clock budget of one request: the search for working code stops when it runs out, and a round of
candidates that cannot finish in the time left is not started. A round's cost is estimated from what the same kind
of step took before in this request (the seconds its code and verify steps recorded, on the budget's clock)."""
from __future__ import annotations

import math
import time
from typing import Callable

MIN_TESTS_S = 30.0  # the shortest useful run of tests whose time is not known yet


class Budget:
    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.clock = seconds, clock
        self.start = clock()

    def spent(self) -> float:
        return self.clock() - self.start

    def left(self) -> float:
        return max(0.0, self.seconds - self.spent())

    def out(self) -> bool:
        return self.left() <= 0

    def timeout(self, usual: float, floor: float) -> float:
        """A check's timeout: usual, cut to the time left, but never below floor (a run cut shorter than the check
        takes tells nothing)."""
        return min(usual, max(self.left(), floor))

    def affordable(self, steps: list[dict], n: int) -> int:
        """How many of n candidates a round can draw and check in the time left; 0 when not even one fits."""
        each = per_candidate(steps)
        if not each:
            return 0 if self.out() else n
        return max(0, min(n, math.floor(self.left() / each)))

    def longer(self, steps: list[dict], rounds: int, n: int) -> int:
        """A budget, in whole minutes, that would let the search run its remaining rounds of n candidates."""
        need = self.spent() + rounds * n * per_candidate(steps)
        return 60 * math.ceil(max(need, 2 * self.seconds) / 60)


def per_candidate(steps: list[dict]) -> float:
    """Drawing and checking one more candidate: a draw's seconds per candidate (the greedy reply's while nothing was
    drawn: a llama.cpp batch of n takes at most n times one reply) plus a check's (a verify step's seconds per
    candidate it checked)."""
    return reply_seconds(steps) + check_seconds(steps)


def reply_seconds(steps: list[dict]) -> float:
    code = [s for s in steps if s.get("node") == "code" and s.get("seconds")]
    drawn = [s for s in code if s.get("candidates")]
    if drawn:
        return drawn[-1]["seconds"] / drawn[-1]["candidates"]
    return code[-1]["seconds"] if code else 0.0


def check_seconds(steps: list[dict]) -> float:
    checked = [s for s in steps if s.get("node") == "verify" and s.get("checked")]
    return checked[-1]["seconds"] / checked[-1]["checked"] if checked else 0.0

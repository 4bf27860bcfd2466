"""Link throughput and latency on a live target: the numbers `exo bench` prints.

Wall-clock measurements, so they are reported, never asserted. Each says how it was taken:
- rtt: PINGs of 8 bytes one at a time, from the write of the request to its answer;
- window: PINGs of MAX_BODY bytes with up to WINDOW in flight, payload bytes/s each way;
- single: the same PINGs one at a time;
- raw: host-to-target bytes/s of 32 KiB runs without a delimiter (the firmware reads and drops
  them as overflow), a PING after each so the session stays alive and the time is bounded.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import asdict, dataclass

from .link import schema
from .target import Target


@dataclass(frozen=True)
class LinkBench:
    rtt_median_ms: float
    rtt_min_ms: float
    rtt_p90_ms: float
    window_bytes_per_s: float
    single_bytes_per_s: float
    raw_bytes_per_s: float
    retries: int

    def as_dict(self) -> dict:
        return asdict(self)

    def ratio(self) -> float:
        """Window-full payload rate against the raw one-way rate of the same line."""
        return self.window_bytes_per_s / self.raw_bytes_per_s if self.raw_bytes_per_s else 0.0


def measure(target: Target, pings: int = 300, raw_runs: int = 16) -> LinkBench:
    target.hello()
    s = target.session
    retries = s.stats.retries
    rtts = sorted(target.ping(b"12345678").rtt for _ in range(pings))
    payload = os.urandom(schema.MAX_BODY)
    start = time.monotonic()
    target.ping_many([payload] * pings)
    window = pings * len(payload) / (time.monotonic() - start)
    start = time.monotonic()
    for _ in range(pings):
        target.ping(payload)
    single = pings * len(payload) / (time.monotonic() - start)
    run = bytes(i % 255 + 1 for i in range(32768))  # no 0x00: one overflow per run
    start = time.monotonic()
    for _ in range(raw_runs):
        s.send_raw(run)
        target.ping(b"")
    raw = raw_runs * len(run) / (time.monotonic() - start)
    return LinkBench(
        rtt_median_ms=statistics.median(rtts) * 1e3,
        rtt_min_ms=rtts[0] * 1e3,
        rtt_p90_ms=rtts[int(len(rtts) * 0.9)] * 1e3,
        window_bytes_per_s=window,
        single_bytes_per_s=single,
        raw_bytes_per_s=raw,
        retries=s.stats.retries - retries,
    )

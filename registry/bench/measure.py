"""Latency measurement for the benchmark: probes timed round-robin, percentiles, memory.

Round-robin (one iteration of every probe, then the next) means that a burst of load on the
machine hits every page alike instead of spoiling one page's numbers.
"""

from __future__ import annotations

import math
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Probe:
    """One thing to time: a request through the app, or a floor measured beside it."""

    name: str
    call: Callable[[], None]


@dataclass
class Samples:
    """Wall-clock and CPU nanoseconds of every timed iteration of one probe."""

    wall_ns: list[int] = field(default_factory=list)
    cpu_ns: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, float | int]:
        """p50, p95, min, max in milliseconds (CPU p50 too), and the number of iterations."""
        return {
            "p50_ms": _ms(percentile(self.wall_ns, 50)),
            "p95_ms": _ms(percentile(self.wall_ns, 95)),
            "min_ms": _ms(min(self.wall_ns)),
            "max_ms": _ms(max(self.wall_ns)),
            "cpu_p50_ms": _ms(percentile(self.cpu_ns, 50)),
            "iterations": len(self.wall_ns),
        }


def _ms(nanoseconds: float) -> float:
    return round(nanoseconds / 1e6, 3)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0–100) of a non-empty sequence."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def run(
    probes: Sequence[Probe],
    iterations: int,
    warmup: int,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Samples]:
    """Warm every probe up, then time ``iterations`` rounds of all probes in turn."""
    for _ in range(warmup):
        for probe in probes:
            probe.call()
    samples = {probe.name: Samples() for probe in probes}
    for round_number in range(iterations):
        if progress is not None:
            progress(round_number)
        for probe in probes:
            cpu = time.process_time_ns()
            wall = time.perf_counter_ns()
            probe.call()
            samples[probe.name].wall_ns.append(time.perf_counter_ns() - wall)
            samples[probe.name].cpu_ns.append(time.process_time_ns() - cpu)
    return samples


def traced_peaks(probes: Sequence[Probe]) -> dict[str, float]:
    """Peak Python allocations (MB, tracemalloc) of one call of each probe; not timed."""
    peaks: dict[str, float] = {}
    tracemalloc.start()
    try:
        for probe in probes:
            tracemalloc.reset_peak()
            before, _peak = tracemalloc.get_traced_memory()
            probe.call()
            _current, peak = tracemalloc.get_traced_memory()
            peaks[probe.name] = round((peak - before) / 2**20, 2)
    finally:
        tracemalloc.stop()
    return peaks


def max_rss_mb() -> float:
    """Peak resident memory of this process so far (MB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)

"""The arena grows in place on demand (port_heap_grow, as the target binds the pages after it):
started small, exopy still runs what needs more, up to the bound, and then raises MemoryError
with the interpreter alive; objects made before a growth stay intact across it."""

from __future__ import annotations

from exopy_proc import needs_exopy, run_script

pytestmark = needs_exopy

START = str(600_000)  # about what start-up needs: the first real allocations grow the arena
GROWS = """
keep = [str(i) * 3 for i in range(2000)]
big = [bytearray(100_000) for _ in range(60)]  # 6 MB live: far past the starting arena
print(len(big), sum(len(b) for b in big), keep[1999], keep[7])
"""


def test_a_small_arena_grows_to_fit(tmp_path):
    got = run_script(tmp_path, GROWS, env={"EXOPY_HEAP_START": START, "EXOPY_HEAP": "16000000"})
    assert (got.status, got.stdout) == (0, "60 6000000 199919991999 777\n"), got.stderr


def test_growth_stops_at_the_bound(tmp_path):
    source = """
try:
    x = [bytearray(100_000) for _ in range(200)]
except MemoryError:
    x = None
    print("MemoryError")
print(sum(range(10)))
"""
    got = run_script(tmp_path, source, env={"EXOPY_HEAP_START": START, "EXOPY_HEAP": "8000000"})
    assert (got.status, got.stdout) == (0, "MemoryError\n45\n"), got.stderr


def test_without_room_to_grow_it_is_a_memory_error(tmp_path):
    got = run_script(tmp_path, GROWS, env={"EXOPY_HEAP": START})
    assert got.status == 1 and "MemoryError" in got.stderr

# range_100k.py: the empty loop `for i in range(100000): pass` at module level, for exopy; on the
# target it prints the instructions retired for the loop (`bench exopy_range_100k N`).
try:
    import exo  # the target's module; elsewhere another `exo` or none
except ImportError:
    exo = None
if not hasattr(exo, "instret"):
    exo = None
start = exo.instret() if exo else 0
for i in range(100000):  # noqa: B007 (the benchmark is this loop, as written)
    pass
if exo:
    print("bench exopy_range_100k", exo.instret() - start)

# The most common error messages match CPython.
tests = [
    lambda: 1 / 0,
    lambda: [1, 2][5],
    lambda: nope,  # noqa: F821
    lambda: {"a": 1}["b"],
    lambda: 1 + "a",
    lambda: "a" - 1,
]
for t in tests:
    try:
        t()
    except Exception as e:
        print(f"{type(e).__name__}: {e}")

# Unpacking targets in comprehension loops.
pairs = [(1, "a"), (2, "b"), (3, "c")]
print([n * 2 for n, _ in pairs], {s: n for n, s in pairs})
print([a + b + c for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]])
print([f"{i}:{v}" for i, v in enumerate("xy")])

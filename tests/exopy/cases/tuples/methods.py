# count and index on tuples; concatenation and repetition.
t = (1, 2, 1, 3, 1)
print(t.count(1), t.index(3), t.index(1, 1))
print(t + (4,), (0,) * 3, t * 0)
try:
    t.index(9)
except ValueError:
    print("ValueError")

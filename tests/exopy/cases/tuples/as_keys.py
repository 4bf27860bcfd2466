# Tuples as dict keys and set members.
grid = {(0, 0): "origin", (1, 2): "p"}
print(grid[(1, 2)], grid[0, 0], (5, 5) in grid)
s = {(1, 2), (1, 2), (2, 1)}
print(len(s), sorted(s))
try:
    {([1],): 1}
except TypeError:
    print("TypeError")

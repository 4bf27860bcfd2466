# Building and reading a 2D list.
grid = [[r * 3 + c for c in range(3)] for r in range(3)]
print(grid)
print([row[1] for row in grid], [grid[i][i] for i in range(3)])
print(list(zip(*grid)))
grid[1][1] = "X"
print(grid)

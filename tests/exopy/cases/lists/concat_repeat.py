# + and * on lists; repetition shares inner objects.
a = [1, 2] + [3]
print(a, a * 2, [0] * 3, [] * 10)
grid = [[0] * 2] * 2
grid[0][0] = 1
print(grid)
grid2 = [[0] * 2 for _ in range(2)]
grid2[0][0] = 1
print(grid2)

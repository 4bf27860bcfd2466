# Comprehensions with several for clauses run left to right.
print([(x, y) for x in range(3) for y in range(x)])
print([c + d for c in "ab" for d in "xyz" if d != "y"])
matrix = [[1, 2, 3], [4, 5, 6]]
print([v for row in matrix for v in row])
print([[row[i] for row in matrix] for i in range(3)])

# Lexicographic comparison of lists.
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] < [0], [2] > [1, 9])
print([1, [2]] == [1, [2]], [1] != [1.0])
print(max([[1, 2], [1, 3], [0, 9]]))

# Comparisons between big and small ints of both signs.
big = 2**100
print(big > 2**99, big < -big, -big < 0)
print(big == 2**100, big != big + 1)
print(sorted([big, -big, 0, 1, -1, 2**64, -(2**64)]))
print(max(3, big, -big), min(3, big, -big))

# Chained comparisons of ints.
x = 5
print(1 < x < 10, 1 < x > 10, 0 <= x <= 5, x == 5 == 5.0)
print(1 < 2 < 3 < 4 < 3)
print(3 > 2 >= 2 > 1)
print(x != 4 != 5)

# Integer powers, including zero and negative bases.
print(2**10, 3**0, 0**0, 0**5)
print((-2) ** 3, (-2) ** 4, -(2**4))
print(2**-1, 10**-2)
print(pow(2, 100))
print(7**2**2)

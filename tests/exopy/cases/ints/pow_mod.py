# Three-argument pow is modular exponentiation.
print(pow(3, 4, 5), pow(2, 10, 1000))
print(pow(7, 123456, 13))
print(pow(2, 200, 10**9 + 7))
print(pow(-3, 3, 7), pow(3, 3, -7))
print(pow(123456789, 987654321, 1000000007))

# pow with exponent -1 and a modulus computes a modular inverse.
for a, m in ((3, 7), (10, 17), (2, 101), (12345, 1000003)):
    inv = pow(a, -1, m)
    print(a, m, inv, a * inv % m)
try:
    pow(2, -1, 4)
except ValueError:
    print("ValueError: not invertible")

# Negative zero prints with its sign and equals zero.
z = -0.0
print(z, repr(z), z == 0.0, 0.0 * -1, -0.0 + 0.0)
print(abs(z), str(-0.0 * 5))
print(round(-0.4), round(-0.4, 1))

# str() of numbers, decoded bytes and objects with __str__.
class P:
    def __str__(self):
        return "P!"


print(str(P()), str(3) + str(4), str("s"))
print(str(1e100), str(-0.0), str(10**20))
print(str(b"x", "utf-8"), str(bytearray(b"yz"), "ascii"))

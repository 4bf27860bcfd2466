# Float floor division and modulo with infinities, negative zero and mixed signs.
inf = float("inf")
for a, b in ((5.0, inf), (-5.0, inf), (5.0, -inf), (-0.0, 1.0), (0.0, -1.0), (7.5, -2.0)):
    print(a, b, a // b, a % b)
print(divmod(-0.0, 1.0), divmod(1e308, 1e-308)[1] < 1e-308)

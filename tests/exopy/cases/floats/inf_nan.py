# inf and nan arithmetic, comparisons and repr.
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan)
print(inf + 1, inf * -1, inf - inf)
print(nan == nan, nan != nan, nan < 1, nan > 1)
print(inf > 10**300, -inf < -(10**300))
print(float("-inf"), float("Infinity"), float("-NaN"))
print(inf == inf, 1 / inf)

# math.pi, math.e, math.inf and math.nan.
import math

print(math.pi, math.e, math.inf, -math.inf, math.nan)
print(math.tau == 2 * math.pi, math.inf > 1e308, math.nan != math.nan)

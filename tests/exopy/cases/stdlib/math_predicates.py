# isnan, isinf and isfinite.
import math

for x in (0.0, 1e308, math.inf, -math.inf, math.nan, 5):
    print(x, math.isnan(x), math.isinf(x), math.isfinite(x))

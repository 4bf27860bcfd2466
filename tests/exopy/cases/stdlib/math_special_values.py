# math functions on signed zeros, infinities and nan, and the errors of their domains.
import math

for v in (0.0, -0.0, 1.5, -2.5, 1e300, float("inf"), float("nan")):
    finite = math.isfinite(v)
    print(v, math.floor(v) if finite else "-", math.copysign(1, v), math.fabs(v), math.modf(v))
print(
    math.sqrt(-0.0), math.exp(-1000), math.pow(0.0, 0), math.atan2(0.0, -0.0), math.atan2(-0.0, -1)
)
cases = [(math.pow, (0.0, -1)), (math.pow, (-2, 0.5)), (math.log, (-1,)), (math.sqrt, (-math.inf,))]
cases += [
    (math.exp, (1000,)),
    (math.factorial, (2.5,)),
    (math.floor, (math.inf,)),
    (math.floor, (math.nan,)),
]
for fn, args in cases:
    try:
        fn(*args)
        print("no error")
    except (ValueError, OverflowError, TypeError) as e:
        print(fn.__name__, type(e).__name__)

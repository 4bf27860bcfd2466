# fmod, copysign, modf, frexp, ldexp.
import math

print(math.fmod(7, 3), math.fmod(-7, 3), -7 % 3)
print(math.copysign(3, -0.0), math.copysign(-2, 1))
print(math.modf(3.25), math.modf(-1.5))
print(math.frexp(8.0), math.ldexp(0.5, 4))

# Trigonometric functions and angle conversion, rounded to 12 places.
import math

for f in (math.sin, math.cos, math.tan, math.atan):
    print([round(f(x), 12) for x in (0, 0.5, 1, -1)])
print(round(math.asin(1), 12), round(math.acos(0), 12), round(math.atan2(1, -1), 12))
print(math.degrees(math.pi), math.radians(180) == math.pi, round(math.sin(math.pi / 6), 12))

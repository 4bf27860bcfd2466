# exp and the log family, rounded to hide last-digit libm differences.
import math

print(math.exp(0), round(math.exp(1), 12), round(math.exp(-2), 12))
print(math.log(1), round(math.log(10), 12), math.log(8, 2), round(math.log(100, 10), 12))
print(math.log2(1024), math.log10(1000), round(math.log2(3), 12))
for bad in (0, -1):
    try:
        math.log(bad)
    except ValueError:
        print("ValueError", bad)

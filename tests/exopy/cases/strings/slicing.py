# Slices with defaults, negatives, steps and out-of-range bounds.
s = "0123456789"
print(s[2:5], s[:3], s[7:], s[:], s[-3:], s[:-3])
print(s[::2], s[1::3], s[::-1], s[8:2:-2], s[-1:-4:-1])
print(s[5:2], s[100:], s[-100:2], s[3:3])
print(s[slice(1, 8, 3)])

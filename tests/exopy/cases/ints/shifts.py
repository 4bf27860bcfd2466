# Left and right shifts; right shift of negatives floors.
print(1 << 10, 1 << 70, 5 >> 1, -5 >> 1, -1 >> 100)
print(255 >> 4, (1 << 100) >> 98)
print(-(1 << 80) >> 3)
print(3 << 0, 0 << 50)
try:
    print(1 << -1)
except ValueError as e:
    print("ValueError")

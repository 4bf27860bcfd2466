# Accumulating with a while loop over an index and a flag.
data = [3, 8, -1, 4, 9]
i = 0
total = 0
found_negative = False
while i < len(data) and not found_negative:
    if data[i] < 0:
        found_negative = True
    else:
        total += data[i]
    i += 1
print(total, i, found_negative)

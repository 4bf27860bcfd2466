# break and continue in nested loops affect only the innermost loop.
for i in range(4):
    if i == 1:
        continue
    for j in range(4):
        if j > i:
            break
        if j == 1:
            continue
        print(i, j)

# Format specs built from nested replacement fields.
width = 8
prec = 3
x = 2 / 3
print(f"[{x:{width}.{prec}f}]")
print(f"[{'ab':{'>'}{width}}]")
for w in (3, 5):
    print(f"[{7:{w}d}]")

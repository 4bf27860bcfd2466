# Rendering a table of values with alignment.
rows = [("name", "qty", "price"), ("apple", 3, 1.25), ("watermelon", 1, 3.5), ("fig", 12, 0.2)]
widths = [max(len(str(r[i])) for r in rows) for i in range(3)]
for r in rows:
    cells = []
    for i, cell in enumerate(r):
        text = f"{cell:.2f}" if isinstance(cell, float) else str(cell)
        cells.append(text.ljust(widths[i]) if i == 0 else text.rjust(max(widths[i], 5)))
    print(" | ".join(cells))
print("-" * (sum(widths) + 10))

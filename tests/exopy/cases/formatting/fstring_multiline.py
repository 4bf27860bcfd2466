# Multi-line f-strings and f-strings built in loops.
rows = [("apple", 3, 0.5), ("kiwi", 12, 0.25)]
for name, qty, price in rows:
    print(f"{name:<8}{qty:>4}{qty * price:>8.2f}")
total = sum(q * p for _, q, p in rows)
print(f"""total:
{total:.2f}""")

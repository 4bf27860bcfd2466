# Merging and aggregating nested dict records.
orders = [
    {"id": 1, "items": {"apple": 2, "pear": 1}},
    {"id": 2, "items": {"apple": 1, "kiwi": 5}},
    {"id": 3, "items": {}},
]
totals = {}
for order in orders:
    for item, qty in order["items"].items():
        totals[item] = totals.get(item, 0) + qty
print(totals)
print(sorted(totals, key=lambda k: (-totals[k], k)))
print({o["id"]: sum(o["items"].values()) for o in orders})
print([o["id"] for o in orders if "apple" in o["items"]])

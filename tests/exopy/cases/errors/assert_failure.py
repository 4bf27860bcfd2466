# A failing assert at top level exits with status 1.
total = sum(range(5))
print("total", total)
assert total == 11, "sum is wrong"

# try/except inside a loop continues after each handled error.
results = []
for token in ["1", "two", "3", "", "5.0", "6"]:
    try:
        results.append(int(token))
    except ValueError:
        results.append(None)
print(results)
print(sum(r for r in results if r is not None))

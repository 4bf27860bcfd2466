# Width, alignment and fill in format specs.
for v in ("ab", 42, -7):
    print(f"[{v:>6}] [{v:<6}] [{v:^6}] [{v:*^7}]")
print(f"[{'x':5}] [{5:5}]")

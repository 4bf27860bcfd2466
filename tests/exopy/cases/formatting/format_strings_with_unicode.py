# Padding and alignment count code points.
for s in ("é", "€uro", "日本"):
    print(f"[{s:>6}] [{s:-<6}]", len(s))
print("%-4s|" % "ñ")

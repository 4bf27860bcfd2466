# Format-spec corner cases: = alignment, sign of zero, space sign, fill with zero-padding.
for v in (0, -0.0, 5, -5, 2.5):
    print(f"[{v:=+8}] [{v: }] [{v:08}] [{v:*>+6}] [{v:<+6}]")
print(f"{-0.0:.1f} {0.0:+.1f} {-1e-9:.2f} {65:c} {'x':=^5}")

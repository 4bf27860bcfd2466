# Case mappings that change length or depend on context (Unicode SpecialCasing).
print("ß".upper(), "ﬁ".upper(), "ﬀ".upper(), "ŉ".upper(), len("ﬃ".upper()))
print("İ".lower(), len("İ".lower()), "ΟΔΟΣ".lower(), "Σ".lower(), "ΑΣ ΒΣ".lower())
print("ǆ".title(), "ǅ".lower(), "ǅ".upper(), "ß".title(), "ǅ".istitle())

# float() spellings of infinity and nan, and overflow/underflow on parsing.
for s in ("infinity", "-Infinity", "+nan", "iNF", "1e500", "-1e500", "1e-500", "-1e-500", "0e0"):
    print(s, float(s))
for s in ("infinit", "nana", "1e", "0x10"):
    try:
        float(s)
    except ValueError:
        print("ValueError", s)

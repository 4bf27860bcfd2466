# The 0 flag makes 0 the fill character, also when an alignment is given explicitly.
for spec in ("<08", ">08", "^08", "08", "=08"):
    print(spec, repr(format(5, spec)), repr(format(-5, spec)), repr(format(-2.5, spec + ".2f")))
print(repr(format("ab", "<05")), repr(format("ab", ">05")), repr(format(True, "<05")))

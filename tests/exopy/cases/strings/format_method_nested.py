# str.format with nested width fields and repeated arguments.
for w in (4, 8):
    print(
        "[{:>{}}]".format("ab", w),
        "[{0:^{1}}]".format("c", w),
        "[{:{fill}<{w}}]".format(1, fill="*", w=w),
    )
print("{0}{1}{0}".format("<", ">"), "{:,}".format(10**9))

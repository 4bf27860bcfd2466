# hex, oct and bin of positive, negative, zero and big ints.
for n in (0, 1, 255, -255, 4096, 2**70, -(2**65)):
    print(hex(n), oct(n), bin(n))

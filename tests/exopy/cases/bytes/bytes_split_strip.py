# bytes split, strip, partition and join behave like their str twins.
b = b"  a,b  c,,d  "
print(b.split(), b.split(b","), b.split(None, 1), b.rsplit(b",", 1))
print(b.strip(), b.strip(b" ad"), b.lstrip(), b.rstrip(b" d"))
print(b"k=v=w".partition(b"="), b"k=v=w".rpartition(b"="), b"x".partition(b"="))
print(b"-".join([b"a", bytearray(b"b"), b"c"]), b"".join([]))
print(b"Hello World".swapcase(), b"hello world".title(), b"abc".capitalize())

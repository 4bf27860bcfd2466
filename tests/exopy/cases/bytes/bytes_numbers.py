# Packing small numbers into bytes by hand and reading them back.
def pack_u16_le(n):
    return bytes([n & 0xFF, (n >> 8) & 0xFF])


data = b"".join(pack_u16_le(n) for n in (1, 256, 65535, 4660))
print(data, len(data))
values = [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]
print(values, data[::2], data.count(0xFF))

# int.to_bytes and int.from_bytes in both byte orders.
print((255).to_bytes(2, "big"), (1024).to_bytes(4, "little"))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\x01\x00", "little"))
print(int.from_bytes(b"", "big"))
n = 2**70 + 5
print(int.from_bytes(n.to_bytes(9, "big"), "big") == n)

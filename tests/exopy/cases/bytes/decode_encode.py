# Round-tripping text through UTF-8 bytes.
text = "grüße, 世界"
data = text.encode("utf-8")
print(data)
print(len(text), len(data))
print(data.decode("utf-8") == text, data[:4].decode())
print(bytearray(data).decode())

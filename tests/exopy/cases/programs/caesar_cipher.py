# A Caesar cipher over letters, preserving case and other characters.
def shift(text, k):
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + k) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + k) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


secret = shift("Hello, World! xyz", 3)
print(secret, shift(secret, -3), shift("abc", 26 * 5 + 1))

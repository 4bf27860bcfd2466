# Case methods and predicates on non-ASCII letters.
s = "Ärger über Öl"
print(s.lower(), s.upper(), s.swapcase())
print("ñ".isalpha(), "٣".isdigit(), "Ω".isupper())
print("ÀÉÎ".lower(), "àéî".title())

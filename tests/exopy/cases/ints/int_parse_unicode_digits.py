# int() and float() accept decimal digits from any script, and Unicode whitespace.
print(int("١٢٣"), int("٤٢", 8), int("１２"), float("١.٥"), int("\u2003 7 \u3000"))
print("١٢٣".isdigit(), "½".isdigit(), "²".isdigit())

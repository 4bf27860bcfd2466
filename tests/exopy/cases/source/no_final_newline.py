# A source file without a final newline.
for i in range(2):
    print("no final newline", i)
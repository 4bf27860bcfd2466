# A syntax error anywhere stops the whole file before any line runs: exit 1, no output.
print("must not be printed: the file is compiled before it runs")
for i in range(3):
    print(i)
x = (1, 2

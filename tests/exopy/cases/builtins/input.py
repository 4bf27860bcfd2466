# input() reads lines from stdin and writes its prompt to stdout.
name = input("name? ")
print()
print("hello", name)
count = int(input())
total = 0
for _ in range(count):
    total += int(input())
print("total", total)
try:
    input()
except EOFError:
    print("EOFError")

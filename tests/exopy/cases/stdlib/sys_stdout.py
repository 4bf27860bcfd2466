# sys.stdout.write writes text without a newline and returns its length.
import sys

n = sys.stdout.write("hello")
sys.stdout.write(" world\n")
print(n)
print("to stdout", file=sys.stdout)

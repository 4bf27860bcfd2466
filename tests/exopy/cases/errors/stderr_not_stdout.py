# Output sent to sys.stderr must not appear on stdout; the exit status stays 0.
import sys

print("to stdout 1")
print("to stderr", file=sys.stderr)
sys.stderr.write("also to stderr\n")
print("to stdout 2")

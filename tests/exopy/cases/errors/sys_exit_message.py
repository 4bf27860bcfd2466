# sys.exit with a string prints it to stderr and exits with status 1.
import sys

print("stdout line")
sys.exit("fatal: message goes to stderr")

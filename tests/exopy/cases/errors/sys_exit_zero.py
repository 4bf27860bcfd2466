# sys.exit() and sys.exit(0) exit with status 0.
import sys

print("clean exit")
sys.exit()

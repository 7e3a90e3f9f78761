import sys

from .accuracy import main

main(sys.argv[1:])

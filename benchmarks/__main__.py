"""Accuracy and speed in one run: `python -m benchmarks [--size MB] [--limit N] [--json FILE]`."""

import argparse
import sys

from . import accuracy, speed

parser = argparse.ArgumentParser(prog="python -m benchmarks")
parser.add_argument("--size", default="1", help="MB of text per kind for the speed tables (default 1)")
parser.add_argument("--limit", default=None, help="at most N cases per accuracy row")
parser.add_argument("--json", default=None, help="also write the speed figures as JSON here")
args = parser.parse_args(sys.argv[1:])
print("## Accuracy\n")
accuracy.main(["--limit", args.limit] if args.limit else [])
print("\n## Speed\n")
speed.main(["--size", args.size] + (["--json", args.json] if args.json else []))

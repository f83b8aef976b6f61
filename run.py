#!/usr/bin/env python3
"""Codey's entry point: python run.py "task" (see README.md)."""
import sys

from codey.app.cli import main

if __name__ == "__main__":
    sys.exit(main())

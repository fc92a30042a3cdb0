import os
import sys

# Test helpers (the MXNet oracle client, the expectation parser, the program generator)
# live beside the tests and are imported by their plain names.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

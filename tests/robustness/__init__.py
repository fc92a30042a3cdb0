"""Robustness: fuzzed programs and fixture mutations, hostile inputs, interrupted fixes."""

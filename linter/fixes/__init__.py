"""Autofixes: rewrite rejected in-place writes into fresh bindings."""

"""Abstract interpretation of MXNet programs over array handles and their graph tags."""

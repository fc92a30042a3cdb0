"""MXNet oracle: runs programs under real MXNet and reports where they fail."""

"""Plain-Python text helpers shared by every layer (no Django)."""

"""Engines: plain-Python computation (linkage, estimation) that never imports Django."""

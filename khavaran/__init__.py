"""Khavaran: documenting atrocity crimes and building accountability cases."""

__version__ = "0.1.0"

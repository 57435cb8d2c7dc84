"""The example case Khavaran ships, and the loader `khavaran demo` uses."""

# A data dir holding this file was made by `khavaran demo` and may be replaced by the next one.
MARKER = ".khavaran-demo"

"""The example case Khavaran ships, and the loader `khavaran demo` uses."""

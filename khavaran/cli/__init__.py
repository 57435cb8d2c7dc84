"""The `khavaran` console command: a Click group, one module per command family."""

"""One module per kind of proposal; ``khavaran.extract.registry`` lists them in run order."""

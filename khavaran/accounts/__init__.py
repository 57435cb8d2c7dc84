"""People who use Khavaran: accounts and their roles."""

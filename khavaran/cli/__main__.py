from khavaran.cli.main import main

main()

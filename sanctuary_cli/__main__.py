from sanctuary_cli.cli.app import main

main()

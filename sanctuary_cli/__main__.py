from sanctuary_cli.app import main

main()

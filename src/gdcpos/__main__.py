from gdcpos.cli import main

main()

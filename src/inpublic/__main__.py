from inpublic.cli import main

main()

"""The `fineprint` command line: a front end over the core (`fineprint`) and `ingest`, beside
the Discord bot (`bot`). `cli.main` holds the app and the console-script entry point."""

from relinbox.cli.main import main

raise SystemExit(main())

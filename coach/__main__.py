from coach.interface.cli import main

raise SystemExit(main())

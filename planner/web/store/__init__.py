"""The workbench's database: tables (:mod:`.tables`), the engine and its migrations
(:mod:`.database`) and the queries pages use (:mod:`.patients`, :mod:`.accounts`)."""

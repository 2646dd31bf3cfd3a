"""Running a check: fetch → read → assess → record for each kind of source, imports, backfills
and the first start. Nothing here serves HTTP or prints for people."""

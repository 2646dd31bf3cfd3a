"""What the CLI, the pages, the feeds and the messages share for showing things to people: a
score, a feed, a table, the rules in force."""

"""Composition root: settings, the scheduler and the wiring at the top; rooms for running a
check (pipeline/), the HTTP app and pages (http/), the command line (cli/) and what they share
for showing things to people (present/)."""

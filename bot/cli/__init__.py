"""The `cadence-bot` command line."""

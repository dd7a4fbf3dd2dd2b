"""The cadence engine: from plan state and `now`, who is asked what and when."""

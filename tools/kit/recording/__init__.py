"""Record a real program's allocations and turn the log into a trace."""

"""Read, check, generate and describe trace files."""

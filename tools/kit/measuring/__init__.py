"""Compare allocators and check how much the driver's results move."""

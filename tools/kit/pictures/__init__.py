"""Draw the driver's timelines (-T) and heap maps (-H) as SVG."""

"""Models of the cohorts app."""

"""Models of the competencies app."""

"""The pure centre: the question model, grading, normalising, drawing, the answers file, messages, errors."""

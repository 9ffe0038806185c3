"""What runs in the learner's kernel: the quiz widgets, the runtime that shows them, preferences, submit."""

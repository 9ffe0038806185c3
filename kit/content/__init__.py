"""What trainers write: question banks, lessons, their checks, the register of regulations, the roster."""

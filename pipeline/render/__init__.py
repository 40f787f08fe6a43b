"""render stage of mtaudit."""

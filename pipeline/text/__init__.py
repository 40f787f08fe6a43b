"""text stage of mtaudit."""

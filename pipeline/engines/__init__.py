"""engines stage of mtaudit."""

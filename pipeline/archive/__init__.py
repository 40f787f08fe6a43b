"""archive stage of mtaudit."""

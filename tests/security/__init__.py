"""Security tests: hostile input is refused by check and never reaches a built page."""

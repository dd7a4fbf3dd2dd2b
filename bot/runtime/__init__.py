"""The bot's clockwork: the tick that plans, the sender that drains the outbox, the
leader lock, and the scheduler that drives them."""

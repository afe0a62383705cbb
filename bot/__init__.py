"""storywatch: the bot side, from a stored verdict to a person."""

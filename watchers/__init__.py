"""storywatch: the watcher side, from a feed to a stored verdict."""

// Placeholder of the skeleton: the work that owns this file fills it.

"""The audit: a built site checked against what its audience may receive."""

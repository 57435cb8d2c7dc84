"""Facts: people, organizations, posts, tenures, places, incidents and claims, each cited."""

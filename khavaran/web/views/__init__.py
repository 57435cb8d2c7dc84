"""Views, one module per area; each view carries one access decorator from `permissions`."""

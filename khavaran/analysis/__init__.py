"""Analyses over stored records: linkage runs and estimates, adapting the ORM to the engines."""

"""The web app: investigators' workspace and the public view."""

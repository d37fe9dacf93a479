"""Importing a team's markdown study notes as draft knowledge (`studybot kb import`)."""

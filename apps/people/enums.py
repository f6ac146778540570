from django.db import models


class PersonRole(models.TextChoices):
    CLINICAL_CHAMPION = "clinical_champion", "Clinical champion"
    FELLOW = "fellow", "Fellow"
    KNOWLEDGE_BROKER = "knowledge_broker", "Knowledge broker"
    TEAM_MEMBER = "team_member", "Team member"
    LINK_MEMBER = "link_member", "Link group member"
    RUG_MEMBER = "rug_member", "Research User Group member"


# Roles held for a term, whose renewal staff track.
TERM_ROLES = {PersonRole.CLINICAL_CHAMPION, PersonRole.FELLOW}

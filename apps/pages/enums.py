from django.db import models


class PageStatus(models.TextChoices):
    DRAFT = "draft", "Draft (only staff can see it)"
    PUBLISHED = "published", "Published"


class HomeBlockStyle(models.TextChoices):
    HERO = "hero", "Introduction at the top (its title is the page heading)"
    CARDS = "cards", "Heading with a row of cards"
    TEXT = "text", "Heading with text and a list of links"

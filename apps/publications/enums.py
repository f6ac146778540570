from django.db import models


class PublicationType(models.TextChoices):
    JOURNAL_ARTICLE = "journal_article", "Journal article"
    CONFERENCE_ABSTRACT = "conference_abstract", "Conference abstract"
    REPORT = "report", "Report"
    NIHR_FINAL_REPORT = "nihr_final_report", "NIHR final report"
    BOOK_CHAPTER = "book_chapter", "Book chapter"
    OTHER = "other", "Other"


class PublicationStatus(models.TextChoices):
    IN_PRESS = "in_press", "In press"
    PUBLISHED = "published", "Published"


class PublicationSort(models.TextChoices):
    RELEVANCE = "relevance", "Best match"
    NEWEST = "newest", "Newest first"
    OLDEST = "oldest", "Oldest first"
    TITLE = "title", "Title A to Z"

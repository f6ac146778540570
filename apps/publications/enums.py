from django.db import models


class PublicationType(models.TextChoices):
    JOURNAL_ARTICLE = "journal_article", "Journal article"
    CONFERENCE_ABSTRACT = "conference_abstract", "Conference abstract"
    REPORT = "report", "Report"
    NIHR_FINAL_REPORT = "nihr_final_report", "NIHR final report"
    BOOK_CHAPTER = "book_chapter", "Book chapter"
    OTHER = "other", "Other"


class PublicationStatus(models.TextChoices):
    """The stage a piece of work has reached, in the order work usually goes through them.

    Each stage of one piece of work is usually its own record (the abstract, the paper, the report),
    linked as versions of one another; an in-press paper becomes published in place.
    """

    CONFERENCE_ABSTRACT = "conference_abstract", "Conference abstract"
    PREPRINT = "preprint", "Preprint"
    IN_PRESS = "in_press", "In press"
    PUBLISHED = "published", "Published"
    FINAL_REPORT = "final_report", "Final report"


class PublicationSort(models.TextChoices):
    RELEVANCE = "relevance", "Best match"
    NEWEST = "newest", "Newest first"
    OLDEST = "oldest", "Oldest first"
    TITLE = "title", "Title A to Z"

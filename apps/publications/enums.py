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


# Types that name their own stage: an abstract is at the abstract stage, an NIHR final report at the
# final-report stage (imports and the lifecycle migration use this).
STAGE_OF_TYPE = {
    PublicationType.CONFERENCE_ABSTRACT: PublicationStatus.CONFERENCE_ABSTRACT,
    PublicationType.NIHR_FINAL_REPORT: PublicationStatus.FINAL_REPORT,
}


class PublicationSort(models.TextChoices):
    RELEVANCE = "relevance", "Best match"
    NEWEST = "newest", "Newest first"
    OLDEST = "oldest", "Oldest first"
    TITLE = "title", "Title A to Z"

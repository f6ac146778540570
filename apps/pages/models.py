from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.markdown import render_markdown
from apps.core.models import TimeStampedModel

from .enums import HomeBlockStyle, PageStatus


class Section(models.Model):
    """A group of content pages, e.g. "Knowledge mobilisation resources" or "About the unit"."""

    title = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences shown above the list."
    )
    navigation_order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")
    show_on_home = models.BooleanField(
        default=False, help_text="Show this section's featured pages as a block on the home page."
    )
    home_order = models.PositiveSmallIntegerField(
        default=70, help_text="Where the block sits on the home page; lower numbers come first."
    )

    class Meta:
        ordering = ["navigation_order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('pages:list')}#{self.slug}"


class Page(TimeStampedModel):
    """A content page written by staff in Markdown. Only published pages are public."""

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True, help_text="The page's address: /pages/<slug>/.")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="pages"
    )
    summary = models.CharField(
        max_length=300, help_text="One or two plain sentences: shown in lists, search results and previews."
    )
    body = models.TextField(
        help_text=(
            "Markdown: ## for a heading, - for a list item, [words](https://address) for a link. "
            "Other HTML is removed when the page is shown."
        )
    )
    easy_read_body = models.TextField(
        "easy read version",
        blank=True,
        help_text='Markdown, as the body. Shown on the page behind an "Easy read" button.',
    )
    meta_description = models.CharField(
        max_length=160,
        blank=True,
        help_text="What search engines show under the title. Leave blank to use the summary.",
    )
    navigation_order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")
    status = models.CharField(max_length=10, choices=PageStatus.choices, default=PageStatus.DRAFT)
    is_featured = models.BooleanField(
        default=False, help_text="Show on the home page (when its section is shown there)."
    )
    last_reviewed = models.DateField(help_text="When someone last checked the page is still right.")
    # Who changed what and when: staff can see and restore earlier versions in the admin.
    history = HistoricalRecords()

    class Meta:
        ordering = ["navigation_order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PageStatus.values), name="page_status_is_known"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == PageStatus.PUBLISHED

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def easy_read_html(self):
        return render_markdown(self.easy_read_body)

    @property
    def description(self) -> str:
        return self.meta_description or self.summary


class HomeBlock(TimeStampedModel):
    """A block of the home page that staff write: the introduction, the approaches, ways to take part."""

    title = models.CharField(max_length=150)
    style = models.CharField(max_length=10, choices=HomeBlockStyle.choices, default=HomeBlockStyle.CARDS)
    body = models.TextField(blank=True, help_text="Markdown, shown under the heading.")
    order = models.PositiveSmallIntegerField(
        default=50,
        help_text=(
            "Where the block sits on the home page; lower numbers come first. Live blocks from other parts "
            "of the portal use 20 to 60 (communities 20, seminars 30, publications 40, get involved 60)."
        ),
    )
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["style"],
                condition=models.Q(style=HomeBlockStyle.HERO, is_published=True),
                name="home_block_one_published_introduction",
            ),
            models.CheckConstraint(
                condition=models.Q(style__in=HomeBlockStyle.values), name="home_block_style_is_known"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:home")

    def clean(self):
        super().clean()
        if self.style == HomeBlockStyle.HERO and self.is_published:
            others = HomeBlock.objects.filter(style=HomeBlockStyle.HERO, is_published=True).exclude(
                pk=self.pk
            )
            if others.exists():
                raise ValidationError(
                    {"style": "The home page already has a published introduction. Unpublish that one first."}
                )

    @property
    def body_html(self):
        return render_markdown(self.body)


class HomeBlockItem(models.Model):
    """One card or link inside a home page block, e.g. one of the unit's approaches."""

    block = models.ForeignKey(HomeBlock, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(max_length=150)
    text = models.TextField(blank=True, help_text="A short plain paragraph.")
    link_url = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Where the title links to: a path on this site such as /communities/, or a full https:// address."
        ),
    )
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["block", "title"], name="home_block_item_title_once"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.link_url and not self.link_url.startswith(("/", "https://", "http://", "mailto:")):
            raise ValidationError(
                {"link_url": "Start the link with / for a page on this site, or with https://."}
            )

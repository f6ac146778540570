"""The six UK Standards for Public Involvement, as the impact log files its entries under them.

The data migration `0002_uk_standards` keeps its own copy (a migration must keep meaning what it meant);
this list is what `standards_ensure()` puts back where the rows are missing, e.g. after a test emptied
the database and the demo is seeded again.
"""

UK_STANDARDS = [
    (
        "inclusive-opportunities",
        "Inclusive opportunities",
        "Involvement is open to the people it affects, and taking part is made possible for all of them.",
    ),
    (
        "working-together",
        "Working together",
        "Members and staff work as partners: roles are clear and everyone's knowledge is valued.",
    ),
    (
        "support-and-learning",
        "Support and learning",
        "People get the support, training and encouragement they need to take part with confidence.",
    ),
    (
        "communications",
        "Communications",
        "We speak plainly, to the right people at the right time, and we report back.",
    ),
    ("impact", "Impact", "We look for and share the difference that involvement makes."),
    ("governance", "Governance", "Members have a voice in how decisions are made and how the work is run."),
]

def seed(*, password: str, stdout) -> None:
    """Content pages arrive with the pages app; the home page needs no content of its own yet."""


def pages_to_check() -> list[tuple[str, str | None]]:
    return [("/", None)]

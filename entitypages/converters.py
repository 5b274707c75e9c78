class SlugSetConverter:
    """Two or more actor slugs joined by "+": /entities/hamas+hezbollah/."""

    regex = r"[-a-zA-Z0-9_]+(?:\+[-a-zA-Z0-9_]+)+"

    def to_python(self, value: str) -> list[str]:
        return value.split("+")

    def to_url(self, value: list[str]) -> str:
        return "+".join(value)

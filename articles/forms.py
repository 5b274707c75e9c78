from django import forms


class SearchForm(forms.Form):
    """What a reader may ask the search page: CharField refuses NUL characters,
    which no text holds and PostgreSQL cannot take."""

    q = forms.CharField(required=False, max_length=500)
    section = forms.CharField(required=False, max_length=100)
    entity = forms.SlugField(required=False, max_length=200)


class OpenedVersionForm(forms.Form):
    """The version of a piece a page was opened at, posted back with what is
    done there, so that a save someone made meanwhile is not undone."""

    base_version = forms.IntegerField(min_value=0)

    @classmethod
    def opened(cls, request, article) -> bool:
        """Give `article` the version the page posting `request` was opened
        at; False when the POST names none."""
        form = cls(request.POST)
        if form.is_valid():
            article.version = form.cleaned_data["base_version"]
        return form.is_valid()

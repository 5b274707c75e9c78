"""Turning a rendered admin change page back into the POST its Save button sends."""

from django import forms
from django.urls import reverse

from articles.models import Correction


def change_form_data(response, **changes) -> dict:
    """The form and inline data as the page holds them, with `changes` applied."""
    context = response.context
    every_form = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        every_form += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in every_form:
        for bound in form:
            value = bound.value()
            if bound.field.disabled or value is None or value is False:
                continue
            if isinstance(bound.field.widget, forms.MultiWidget):
                parts = bound.field.widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else part
            else:
                data[bound.html_name] = value
            if bound.field.show_hidden_initial:
                # A field whose model default is callable posts its initial
                # value too, and Django compares the two to see a change.
                data[bound.html_initial_name] = bound.initial
    data.update(changes)
    return data


def post_a_new_correction(session, article, text: str):
    """Save the piece's admin page with one more correction, of 30 January 2018
    at 09:00, as an editor types it in."""
    change = reverse("admin:articles_article_change", args=[article.pk])
    page = session.get(change)
    rows = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Correction
    )
    n = rows.total_form_count()
    data = change_form_data(
        page,
        **{
            f"{rows.prefix}-TOTAL_FORMS": str(n + 1),
            f"{rows.prefix}-{n}-at_0": "2018-01-30",
            f"{rows.prefix}-{n}-at_1": "09:00:00",
            f"{rows.prefix}-{n}-kind": "correction",
            f"{rows.prefix}-{n}-text": text,
        },
    )
    return session.post(change, data)
